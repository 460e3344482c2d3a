"""The translation memory beside the editor: the segment's matches, its repetitions, and
concordance search.

For the segment with the cursor: each memory match (exact, context, fuzzy, or the sentence in
an earlier version of the article) with its score, memory and document, the German of the
segment against the match's German word by word (what the match lacks struck through, what the
segment has in its place highlighted), numbers that differ, and the match's English with a
button to use it (a person's choice: status "edited", one step in the history). Repetitions
of the segment are named, with a button that gives them this segment's English (never over a
person's text). All text is escaped before it becomes HTML (`match_html` is pure and tested).

State keys (owned here): `tm-use-N`, `tm-propagate-N`, `tm-search`.
"""

from __future__ import annotations

from html import escape

import streamlit as st

from workbench.app.safe_text import md_text
from workbench.document import MemoryMatch
from workbench.editing import OpenDocument
from workbench.memory import TranslationMemory
from workbench.memory.text import word_diff

KIND_LABELS = {
    "context": "context match (101%: the neighbouring sentences match too)",
    "exact": "exact match",
    "fuzzy": "fuzzy match",
    "previous-version": "this sentence in the earlier version of the article",
}
_STYLE = (
    "<style>.wb-tm ins{background:#fde68a;text-decoration:none}"
    ".wb-tm del{color:#9a3412}.wb-tm p{margin:0.2rem 0}</style>"
)


def match_html(source: str, match: MemoryMatch) -> str:
    """The segment's German against the match's, word by word, and the match's English."""
    pieces = []
    for kind, text in word_diff(match.source, source):
        if kind == "same":
            pieces.append(escape(text))
        elif kind == "new":
            pieces.append(f'<ins title="not in the memory\'s German">{escape(text)}</ins>')
        else:
            pieces.append(f'<del title="the memory\'s German">{escape(text)}</del>')
    numbers = (
        f'<p class="wb-tm-numbers">⚠ numbers differ: {escape(", ".join(match.numbers))}</p>'
        if match.numbers
        else ""
    )
    label = KIND_LABELS.get(match.kind, match.kind)
    where = escape(match.memory) + (f" · {escape(match.document)}" if match.document else "")
    return (
        f'<div class="wb-tm"><p><b>{match.score}%</b> {escape(label)} — {where}</p>'
        f'<p lang="de">{" ".join(pieces)}</p>{numbers}'
        f'<p lang="en">{escape(match.target)}</p></div>'
    )


def memory_panel(doc: OpenDocument, index: int | None) -> None:
    if index is None or not 0 <= index < len(doc.document.segments):
        st.caption("Put the cursor in a segment to see its memory matches.")
    else:
        _matches(doc, index)
        _repetitions(doc, index)
    if doc.memory_problem:
        st.warning(md_text(doc.memory_problem))
    concordance(doc.workspace, key="tm-search")


def _matches(doc: OpenDocument, index: int) -> None:
    segment = doc.segment(index)
    if not segment.tm:
        st.caption(f"Segment {index + 1}: no match in the translation memory.")
        return
    st.html(_STYLE + "".join(match_html(segment.source, m) for m in segment.tm))
    for number, match in enumerate(segment.tm):
        if match.target == segment.target:
            continue
        if st.button(
            f"Use match {number + 1} ({match.score}%) in segment {index + 1}",
            key=f"tm-use-{index}-{number}",
        ):
            if doc.save_target(index, match.target):
                st.success(f"Segment {index + 1} now has the memory's English (Undo brings back).")
            else:
                st.warning("Another tab changed this segment meanwhile; nothing was replaced.")


def _repetitions(doc: OpenDocument, index: int) -> None:
    others = doc.repetitions(index)
    if not others:
        return
    numbers = ", ".join(str(i + 1) for i in others)
    st.caption(f"The same German is in segment(s) {numbers}.")
    if st.button(
        f"Use this English in segment(s) {numbers} (not where someone wrote their own)",
        key=f"tm-propagate-{index}",
        disabled=not doc.segment(index).target,
    ):
        written = doc.propagate(index)
        st.success(
            f"{len(written)} repetition(s) filled."
            if written
            else "Nothing filled: every repetition has a person's English or this one already."
        )


def concordance(workspace, key: str) -> None:
    """Search the memory for a German or English word or phrase."""
    text = st.text_input("Search the memory (German or English word or phrase)", key=key)
    if not text.strip():
        return
    units = TranslationMemory(workspace).search(text)
    if not units:
        st.caption("Not found in the translation memory.")
        return
    st.caption(f"{len(units)} unit(s){' (the newest 50)' if len(units) == 50 else ''}:")
    st.dataframe(
        [
            {"German": u.source, "English": u.target, "memory": u.memory, "document": u.document}
            for u in units
        ],
        hide_index=True,
    )
