"""The side-by-side editor: progress, legend, filter and one page of segment rows.

Pagination keeps a full rerun short for long articles; each row is its own fragment, so an
edit reruns one row only (a row whose change moves the progress count reruns the page once,
so the counter is never stale). State keys: `editor-filter`, `editor-page` (owned here).
"""

from __future__ import annotations

import streamlit as st

from workbench.app.components.highlight import legend_html
from workbench.app.components.segment_row import remember_progress, segment_row
from workbench.document import CONFIRMED
from workbench.editing import OpenDocument

PAGE_SIZE = 10
FILTERS = {
    "All": lambda s: True,
    "Flagged only": lambda s: bool(s.flags),
    "Unconfirmed": lambda s: s.status != CONFIRMED,
}


def editor(doc: OpenDocument) -> None:
    done, total = remember_progress(doc)
    st.progress(
        done / total if total else 0.0, text=f"{done} of {total} segments edited or confirmed"
    )
    st.markdown(legend_html(), unsafe_allow_html=True)
    choice = st.radio("Show", list(FILTERS), horizontal=True, key="editor-filter")
    shown = [s.index for s in doc.document.segments if FILTERS[choice](s)]
    if not shown:
        st.info("No segments match this filter.")
        return
    pages = (len(shown) + PAGE_SIZE - 1) // PAGE_SIZE
    page = 1
    if pages > 1:
        page = st.number_input(
            f"Page (of {pages}, {PAGE_SIZE} segments each)", 1, pages, key="editor-page"
        )
        page = min(int(page), pages)
    for index in shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        segment_row(index)
        st.divider()
