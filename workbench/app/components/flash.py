"""A message that survives one rerun: the outcome of an action, shown after the page is redrawn.

An action (install, remove, rename...) changes something, records its outcome with `flash`,
and reruns, so every part of the page (and main.py's model warning, drawn before the page)
shows the state after the action; `show_flash` then shows the outcome once. The text is
Markdown: callers pass user text through `workbench.app.safe_text.md_text`.
State key: `wb-flash`.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

KEY = "wb-flash"
Kind = Literal["success", "info", "warning", "error"]


def flash(kind: Kind, markdown: str) -> None:
    st.session_state.setdefault(KEY, []).append((kind, markdown))


def show_flash() -> None:
    for kind, markdown in st.session_state.pop(KEY, []):
        getattr(st, kind)(markdown)
