"""The side-by-side editor: counts, filters, go-to, find and replace, and the segment grid.

The grid (components/grid/grid.js) is a custom component living in the page itself: it owns
the keyboard (Ctrl+Enter confirms and moves on, Alt+Up/Down, Enter and Tab go from box to box)
and sends the person's gestures as numbered events that `editor_events.apply_events` applies
exactly once. Everything here runs in one `st.fragment`, so a gesture reruns the editor only.
Long documents are shown PAGE_SIZE rows at a time; the segment with the cursor is in the
address (`?doc=ID&seg=N`), so a reload comes back to it.

State keys (owned here): `editor-session-DOCID` (EditorSession), `editor-status`, `editor-flags`,
`editor-text`, `editor-goto`, `find-*`, and the grid's own `grid-DOCID`.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import streamlit as st

from workbench import find_replace, jobs
from workbench.app import state
from workbench.app.components.highlight import legend_html
from workbench.app.components.memory_panel import memory_panel
from workbench.app.editor_events import EditorSession, apply_events
from workbench.app.grid_rows import STATUS_LABELS, page_rows
from workbench.app.safe_text import md_text
from workbench.document import CONFIRMED, EDITED, MEMORY, NEW, TRANSLATED
from workbench.editing import OpenDocument
from workbench.quality import FLAG_LABELS
from workbench.settings import glossaries_dir
from workbench.workspace import WorkspaceError

PAGE_SIZE = 50
SESSION_KEY = "editor-session"
STATUS_CHOICES = {
    "new": NEW,
    "machine translation": TRANSLATED,
    "edited": EDITED,
    "confirmed": CONFIRMED,
    "from memory": MEMORY,
}
SHORTCUTS = """
| keys | what they do |
| --- | --- |
| Ctrl+Enter | confirm the segment and go to the next unconfirmed one |
| Enter, Tab | next segment (the English is saved as you type) |
| Shift+Tab | previous segment |
| Alt+Down / Alt+Up | next / previous segment |
| Shift+Enter | a line break inside the English |
| Ctrl+Shift+1, 2, 3 | use alternative 1, 2, 3 |
| Ctrl+Shift+S | copy the German into the English box |

Reset, Retranslate and alternatives ask before they replace text you wrote; Undo and the
History list under the active segment bring back any earlier version.
"""


@cache
def _grid():
    folder = Path(__file__).parent / "grid"
    return st.components.v2.component(
        "workbench_grid",
        html="<div></div>",
        css=(folder / "grid.css").read_text(encoding="utf-8"),
        js=(folder / "grid.js").read_text(encoding="utf-8"),
        isolate_styles=False,
    )


def session(doc: OpenDocument) -> EditorSession:
    """This tab's editor memory for the document; new documents start where the address says
    (`seg=N`, e.g. after F5)."""
    key = f"{SESSION_KEY}-{doc.doc_id}"
    if key not in st.session_state:
        current = EditorSession()
        seg = st.query_params.get("seg", "")
        if seg.isdigit() and 1 <= int(seg) <= len(doc.document.segments):
            current.move_focus(int(seg) - 1)
        st.session_state[key] = current
    return st.session_state[key]


def shown_segments(doc: OpenDocument) -> list[int]:
    """The indexes the filters let through, in document order."""
    statuses = {STATUS_CHOICES[s] for s in st.session_state.get("editor-status", [])}
    labels = set(st.session_state.get("editor-flags", []))
    codes = {code for code, label in FLAG_LABELS.items() if label in labels}
    text = st.session_state.get("editor-text", "").strip().lower()
    shown = []
    for segment in doc.document.segments:
        if statuses and segment.status not in statuses:
            continue
        if codes and not codes & {f.code for f in segment.flags}:
            continue
        if text and text not in segment.source.lower() and text not in segment.target.lower():
            continue
        shown.append(segment.index)
    return shown


def _engine():
    doc = state.current_open_document()
    model = state.model_for(doc)
    if model is None or doc is None:
        return None
    return state.engine(model), state.load_glossaries(doc.glossary_names)


def _on_events(key: str) -> None:
    doc = state.current_open_document()
    value = st.session_state.get(key)
    if doc is None or not isinstance(value, dict):
        return
    apply_events(session(doc), doc, value.get("events"), shown_segments(doc), _engine)


def _on_goto(doc: OpenDocument) -> None:
    number = st.session_state.get("editor-goto")
    if isinstance(number, int) and 1 <= number <= len(doc.document.segments):
        st.session_state["editor-status"] = []
        st.session_state["editor-flags"] = []
        st.session_state["editor-text"] = ""
        session(doc).move_focus(number - 1)


# Self-paced (the next request only after a drawing arrived). 0.3 s showed the first rows
# sooner in Chromium (benchmarks/bench_app.py), but drawings that often while a person types
# went with lost keys in 3 of 5 whole-suite runs (keyboard-only test); 0.7 s: none in 6.
POLL_SECONDS = 0.7


def editor() -> None:
    """The editor; while the document is being translated, it follows the translation."""
    doc = state.current_open_document()
    if doc is None:
        return
    job = jobs.job_for(doc.doc_id)
    seen = f"job-seen-{doc.doc_id}"
    if job is not None and not job.running and not st.session_state.get(seen):
        doc.sync()  # one last look at what was stored; from now on the editor stops polling
        st.session_state[seen] = True
        if job.error:
            st.session_state[f"job-error-{doc.doc_id}"] = job.error
    _editor()


# One fragment for the editor's whole life, translating or not: the grid's gestures rerun the
# fragment they were drawn in, and Streamlit drops a gesture sent for a fragment that is gone.
# So the editor never changes fragment (a separate `run_every` fragment for the live view did,
# when the translation ended, and a page could keep sending into the old one); while a
# translation runs, the grid itself asks for a rerun POLL_SECONDS after each drawing (`poll_ms`).
@st.fragment
def _editor() -> None:
    doc = state.current_open_document()
    if doc is None:
        return
    job = jobs.job_for(doc.doc_id)
    if job is not None and not job.running and not st.session_state.get(f"job-seen-{doc.doc_id}"):
        st.rerun(scope="app")  # the translation just ended: the whole page shows the result
    live = job is not None and job.running
    if job is not None and live:
        doc.sync()
        phase, done, total = job.progress
        if phase == jobs.LOADING:
            label = "Loading the model and the dictionaries (once after the server starts)..."
        elif phase == jobs.TRANSLATING:
            label = (
                f"Translating: {done} of {total} segments ready, edit them while the rest arrives"
            )
        else:
            label = "Checking the whole document (glossary consistency, flags)..."
        st.progress(min(done / total, 0.99) if total else 0.99, text=label)
    else:  # one element in the bar's place, so the grid below keeps its element when it ends
        st.empty()
    error = st.session_state.pop(f"job-error-{doc.doc_id}", None)
    if error:
        st.error(md_text(error))
    _body(doc, live)


def _body(doc: OpenDocument, live: bool) -> None:
    _glossary_warnings(doc)
    _header(doc)
    _filters(doc)
    with st.expander("Find and replace"):
        _find_and_replace(doc)
    with st.expander("Translation memory: matches, repetitions, search"):
        memory_panel(doc, session(doc).focus)
    shown = shown_segments(doc)
    if not shown:
        st.info("No segments match these filters.")
    _draw_grid(doc, shown, live)  # drawn without rows too: it keeps the live view polling


def _glossary_warnings(doc: OpenDocument) -> None:
    """Problems of the document's glossaries stay visible while it is edited."""
    names = {p.name for p in state.glossary_paths()}
    for name in doc.glossary_names:
        if name not in names:
            st.warning(
                f"The glossary {md_text(name)} is no longer in the glossary folder; its terms are "
                "not checked. Restore it, or add the terms to another glossary."
            )
            continue
        errors = [
            p
            for p in state.load_glossary(glossaries_dir() / name).problems
            if p.severity == "error"
        ]
        if errors:
            st.warning(
                f"{md_text(name)}: {len(errors)} row(s) with problems were skipped, e.g. line "
                f"{errors[0].line}: {md_text(errors[0].message)}. Fix them on the Glossaries page."
            )


def _header(doc: OpenDocument) -> None:
    segments = doc.document.segments
    statuses = Counter(s.status for s in segments)
    flags = Counter(FLAG_LABELS.get(f.code, f.code) for s in segments for f in s.flags)
    counts = " · ".join(
        [f"**{len(segments)}** segments"]
        + [f"{statuses[code]} {label}" for code, label in STATUS_LABELS.items() if statuses[code]]
    )
    flag_text = " · ".join(f"{label} {count}" for label, count in flags.most_common())
    st.markdown(f"{counts} — Flags: {flag_text or 'none'}")
    st.html(legend_html())


def _filters(doc: OpenDocument) -> None:
    status, flags, text, goto, keys = st.columns([3, 3, 3, 1.4, 1.2], vertical_alignment="bottom")
    status.multiselect("Status", list(STATUS_CHOICES), key="editor-status", placeholder="all")
    flags.multiselect("Flags", list(FLAG_LABELS.values()), key="editor-flags", placeholder="any")
    text.text_input("Text in German or English", key="editor-text")
    goto.number_input(
        "Go to segment",
        min_value=1,
        max_value=max(1, len(doc.document.segments)),
        value=None,
        step=1,
        key="editor-goto",
        on_change=_on_goto,
        args=(doc,),
    )
    with keys.popover("Keyboard"):
        st.markdown(SHORTCUTS)


def _find_and_replace(doc: OpenDocument) -> None:
    find_col, replace_col = st.columns(2)
    text = find_col.text_input("Find", key="find-text")
    replacement = replace_col.text_input("Replace with", key="find-replacement")
    side, case, confirmed = st.columns(3)
    where = side.radio("Search in", ["English", "German"], horizontal=True, key="find-side")
    case_sensitive = case.checkbox("Match case", key="find-case")
    include = confirmed.checkbox("Also in confirmed segments", key="find-confirmed")
    if not text:
        return
    matches = find_replace.find(
        doc.document,
        text,
        side="target" if where == "English" else "source",
        case_sensitive=case_sensitive,
    )
    st.caption(
        f"Found in {len(matches)} segment(s): " + ", ".join(str(m.index + 1) for m in matches[:40])
    )
    if where != "English":
        return
    changes = find_replace.preview(
        doc.document, text, replacement, case_sensitive=case_sensitive, include_confirmed=include
    )
    for change in changes[:50]:
        st.text(f"{change.index + 1}: {change.before}\n →  {change.after}")
    if changes and st.button(f"Replace in {len(changes)} segment(s)", key="find-apply"):
        written = find_replace.replace_all(doc, changes)
        st.success(
            f"Replaced in {len(written)} segment(s); Undo on a segment brings its text back."
        )


def _draw_grid(doc: OpenDocument, shown: list[int], live: bool) -> None:
    current = session(doc)
    if current.focus not in shown:
        current.focus = None
    position = shown.index(current.focus) if current.focus is not None else 0
    page = position // PAGE_SIZE
    pages = max(1, (len(shown) + PAGE_SIZE - 1) // PAGE_SIZE)
    indexes = shown[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    if current.focus is not None:
        st.query_params["seg"] = str(current.focus + 1)
    key = f"grid-{doc.doc_id}"
    data = {
        "grid": key,
        "token": current.token,
        "ack": current.acked,
        "rows": page_rows(doc, indexes, current.focus),
        "focus": current.focus,
        "focus_request": current.focus_request,
        "asks": {str(i): a for i, a in current.asks.items()},
        "errors": {str(i): e for i, e in current.errors.items()},
        "notice": current.notice,
        "page": page + 1,
        "pages": pages,
        "prev_index": shown[(page - 1) * PAGE_SIZE] if page > 0 else None,
        "next_index": shown[(page + 1) * PAGE_SIZE] if page + 1 < pages else None,
        "poll_ms": int(POLL_SECONDS * 1000) if live else 0,
        "drawing": [current.id, current.next_drawing()],
    }
    current.notice = ""
    _grid()(key=key, data=data, on_events_change=lambda: _on_events(key))


def rename_form(doc: OpenDocument) -> None:
    """A new name for the document (also shown on the Documents page and in download names)."""
    name = st.text_input("Document name", value=doc.document.name, key=f"rename-{doc.doc_id}")
    if st.button("Rename", key=f"rename-save-{doc.doc_id}"):
        try:
            record = doc.workspace.rename(doc.doc_id, name)
        except WorkspaceError as problem:
            st.error(md_text(problem))
            return
        doc.document.name = record.name
        st.rerun(scope="app")
