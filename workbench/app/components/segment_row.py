"""One editor row: German with its hits on the left, the editable English on the right.

Each row is an `st.fragment`, so typing in one segment reruns only that row (fast for long
articles). Every change is saved at once by the callbacks (`OpenDocument` does the writing);
widget keys carry the document id and segment index (`tgt-ID-N`), so rows of different
documents never share state.

The page's progress counter lives outside the rows, so a row whose change moves the count
(a first edit, a confirm, a reset) asks for one full rerun; every other edit stays row-only.
`remember_progress(doc)` (called by the editor as it draws the counter) records what is shown.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from workbench.app import state
from workbench.app.components.highlight import flags_html, source_html, target_html
from workbench.document import CONFIRMED, Segment
from workbench.editing import HumanWorkProtected, OpenDocument
from workbench.quality import FLAG_LABELS

PICK = "Pick an alternative..."
PROGRESS_KEY = "editor-progress-shown"


def target_key(doc_id: str, index: int) -> str:
    return f"tgt-{doc_id}-{index}"


def forget_widgets(doc_id: str) -> None:
    """Drop the rows' widget values, so they show the document as stored (after a reload)."""
    for key in [k for k in st.session_state if str(k).startswith(f"tgt-{doc_id}-")]:
        del st.session_state[key]


def remember_progress(doc: OpenDocument) -> tuple[int, int]:
    """The document's progress, remembered as the one the page shows."""
    done, total = doc.progress()
    st.session_state[PROGRESS_KEY] = (doc.doc_id, done, total)
    return done, total


def progress_moved(doc: OpenDocument) -> bool:
    """True if the counter on the page no longer matches the document (a row changed it)."""
    shown = st.session_state.get(PROGRESS_KEY)
    return shown is not None and shown != (doc.doc_id, *doc.progress())


def _show(doc: OpenDocument, index: int) -> None:
    st.session_state[target_key(doc.doc_id, index)] = doc.segment(index).target


# -- callbacks: run before the rerun, so they may set the widgets' values ------------------------


def _on_edit(index: int) -> None:
    doc = state.current_open_document()
    if doc is None:  # the document was closed in the meantime
        return
    doc.save_target(index, st.session_state[target_key(doc.doc_id, index)])


def _pending_key(doc_id: str, index: int) -> str:
    return f"pending-{doc_id}-{index}"


def _machine_gesture(doc: OpenDocument, index: int, gesture, replace_human: bool) -> None:
    """Run a gesture that puts machine text in the box; over a person's text, ask first."""
    try:
        done = gesture(replace_human=replace_human)
    except HumanWorkProtected:
        st.session_state[_pending_key(doc.doc_id, index)] = gesture
        return
    st.session_state.pop(_pending_key(doc.doc_id, index), None)
    if done is False:
        forget_widgets(doc.doc_id)  # another tab had changed it: show what is stored
    _show(doc, index)


def _on_pick(index: int) -> None:
    doc = state.current_open_document()
    if doc is None:  # the document was closed in the meantime
        return
    key = f"alt-{doc.doc_id}-{index}"
    choice = st.session_state[key]
    st.session_state[key] = PICK
    segment = doc.segment(index)
    if choice != PICK and choice in segment.alternatives:
        number = segment.alternatives.index(choice) + 1
        _machine_gesture(
            doc, index, partial(doc.pick_alternative, index, number), replace_human=False
        )


def _on_reset(index: int) -> None:
    doc = state.current_open_document()
    if doc is None:  # the document was closed in the meantime
        return
    _machine_gesture(doc, index, partial(doc.reset_to_machine, index), replace_human=False)


def _on_answer(index: int, replace: bool) -> None:
    doc = state.current_open_document()
    if doc is None:
        return
    gesture = st.session_state.pop(_pending_key(doc.doc_id, index), None)
    if replace and gesture is not None:
        _machine_gesture(doc, index, gesture, replace_human=True)


def _on_undo(index: int) -> None:
    doc = state.current_open_document()
    if doc is not None and doc.undo(index):
        _show(doc, index)


def _on_confirm(index: int) -> None:
    doc = state.current_open_document()
    if doc is None:  # the document was closed in the meantime
        return
    doc.confirm(index, st.session_state.get(target_key(doc.doc_id, index)))


def _on_retranslate(index: int) -> None:
    doc = state.current_open_document()
    if doc is None:  # the document was closed in the meantime
        return
    model = state.german_english_model()
    if model is None:
        return
    glossaries = state.load_glossaries(doc.glossary_names)
    retranslate = partial(doc.retranslate, index, state.engine(model), glossaries)
    _machine_gesture(doc, index, retranslate, replace_human=False)


def _on_resolve(index: int, mine: bool) -> None:
    doc = state.current_open_document()
    if doc is None:  # the document was closed in the meantime
        return
    if mine:
        doc.keep_mine(index)
    else:
        doc.take_theirs(index)
    _show(doc, index)


# -- the row -----------------------------------------------------------------------------------


@st.fragment
def segment_row(index: int) -> None:
    doc = state.current_open_document()
    if doc is None:  # the document was closed in the meantime
        return
    if doc is None:
        return
    if progress_moved(doc):  # only in a row-only rerun: a full run has just drawn the counter
        st.rerun(scope="app")
    segment = doc.segment(index)
    key = target_key(doc.doc_id, index)
    if key not in st.session_state:
        st.session_state[key] = segment.target
    left, right = st.columns(2)
    with left:
        status = "confirmed" if segment.status == CONFIRMED else segment.status
        st.markdown(
            f"**{index + 1}** · {status} " + flags_html(segment, FLAG_LABELS),
            unsafe_allow_html=True,
        )
        st.markdown(source_html(segment), unsafe_allow_html=True)
    with right:
        st.text_area(
            f"English, segment {index + 1}",
            key=key,
            on_change=_on_edit,
            args=(index,),
            label_visibility="collapsed",
            height=80,
        )
        if segment.hits:
            st.markdown(target_html(segment), unsafe_allow_html=True)
        if segment.machine != segment.target:
            st.caption(f"Machine translation: {segment.machine}")
        _controls(doc, segment, index)
    if _pending_key(doc.doc_id, index) in st.session_state:
        _ask_before_replacing(doc, index)
    if index in doc.conflicts:
        _conflict(doc.conflicts[index], index)


def _controls(doc: OpenDocument, segment: Segment, index: int) -> None:
    reset, again, confirm = st.columns(3)
    reset.button(
        "Reset to MT",
        key=f"reset-{doc.doc_id}-{index}",
        on_click=_on_reset,
        args=(index,),
        disabled=segment.target == segment.machine,
        width="stretch",
    )
    again.button(
        "Retranslate",
        key=f"again-{doc.doc_id}-{index}",
        on_click=_on_retranslate,
        args=(index,),
        width="stretch",
    )
    confirm.button(
        "Confirm",
        key=f"ok-{doc.doc_id}-{index}",
        on_click=_on_confirm,
        args=(index,),
        disabled=segment.status == CONFIRMED,
        type="primary",
        width="stretch",
    )
    alternatives = [a for a in segment.alternatives if a != segment.target]
    if alternatives:
        st.selectbox(
            "Alternatives",
            [PICK, *alternatives],
            key=f"alt-{doc.doc_id}-{index}",
            on_change=_on_pick,
            args=(index,),
            label_visibility="collapsed",
        )


def _ask_before_replacing(doc: OpenDocument, index: int) -> None:
    st.warning(
        f"This replaces your {doc.segment(index).status} text of segment {index + 1} with "
        "machine translation. Your text stays in the segment's history."
    )
    replace, keep = st.columns(2)
    replace.button(
        "Replace my text",
        key=f"replace-{doc.doc_id}-{index}",
        on_click=_on_answer,
        args=(index, True),
    )
    keep.button(
        "Keep my text", key=f"keep-{doc.doc_id}-{index}", on_click=_on_answer, args=(index, False)
    )


def _conflict(conflict, index: int) -> None:
    st.warning(
        f"Segment {index + 1} was changed in another tab or window since you opened it. "
        "Nothing was overwritten. Choose which version to keep:"
    )
    theirs, mine = st.columns(2)
    theirs.text(f"Saved elsewhere ({conflict.stored_status}):\n{conflict.stored_target}")
    theirs.button(
        "Keep the saved version", key=f"theirs-{index}", on_click=_on_resolve, args=(index, False)
    )
    mine.text(f"Yours ({conflict.attempted_status}):\n{conflict.attempted_target}")
    mine.button("Keep mine", key=f"mine-{index}", on_click=_on_resolve, args=(index, True))
