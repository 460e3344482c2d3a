"""One row per saved document: name, model, progress; open, rename, delete (asks first).

State keys (per document ID): buttons `open-ID`, `rename-ID`, `delete-ID`; while renaming,
`rename-name-ID`, `rename-save-ID`, `rename-cancel-ID`; while confirming a delete,
`really-delete-ID`, `keep-ID`. Every workspace problem (damaged, read-only or full file) is
shown as its message, which says what to do, never as a traceback. Changes end with a flash
message and a rerun, so the list shows the state after them.
"""

from __future__ import annotations

import streamlit as st

from workbench.app import state
from workbench.app.components.flash import flash
from workbench.app.safe_text import md_text
from workbench.document_search import DocumentMatch
from workbench.editing import OpenDocument
from workbench.workspace import DocumentRecord, Workspace, WorkspaceError


def workspace_problem(problem: WorkspaceError) -> None:
    st.error(md_text(problem))
    st.caption(
        "This page changed nothing. Once the problem above is solved (disk space freed, the "
        "file restored, moved away or made writable), reload the page."
    )


def document_row(workspace: Workspace, record: DocumentRecord, match: DocumentMatch | None):
    name_col, updated_col, progress_col, open_col, rename_col, delete_col = st.columns(
        [4, 2, 2, 1, 1, 1]
    )
    name_col.markdown(f"**{md_text(record.name)}**" if record.name else "*(no name)*")
    model = record.meta.get("model")
    name_col.caption(f"Model: {md_text(model)}" if model else "Model: not recorded")
    if match is not None:
        name_col.caption(f"{match.where}: {md_text(match.excerpt)}")
    updated_col.write(record.updated.astimezone().strftime("%Y-%m-%d %H:%M"))
    progress_col.write(f"{record.edited_count} of {record.segment_count} edited or confirmed")
    if open_col.button("Open", key=f"open-{record.id}"):
        _open(workspace, record)
    if rename_col.button("Rename", key=f"rename-{record.id}"):
        st.session_state[f"renaming-{record.id}"] = True
    if delete_col.button("Delete", key=f"delete-{record.id}"):
        st.session_state[f"confirm-delete-{record.id}"] = True
    if st.session_state.get(f"renaming-{record.id}"):
        _rename_form(workspace, record)
    if st.session_state.get(f"confirm-delete-{record.id}"):
        _confirm_delete(workspace, record)


def _open(workspace: Workspace, record: DocumentRecord) -> None:
    try:
        document = OpenDocument.open(workspace, record.id)
    except WorkspaceError as problem:
        workspace_problem(problem)
        return
    state.set_open_document(document)
    st.switch_page(state.pages()["translate"], query_params={"doc": record.id})


def _rename_form(workspace: Workspace, record: DocumentRecord) -> None:
    name_col, save_col, cancel_col = st.columns([4, 1, 1])
    new_name = name_col.text_input(
        "New name", value=record.name, key=f"rename-name-{record.id}", max_chars=200
    )
    if save_col.button("Save name", key=f"rename-save-{record.id}", type="primary"):
        try:
            renamed = workspace.rename(record.id, new_name)
        except WorkspaceError as problem:
            workspace_problem(problem)
            return
        current = state.current_open_document()
        if current is not None and current.doc_id == record.id:
            current.document.name = renamed.name
        st.session_state.pop(f"renaming-{record.id}", None)
        flash("success", f"Renamed to {md_text(renamed.name)}.")
        st.rerun()
    if cancel_col.button("Cancel", key=f"rename-cancel-{record.id}"):
        st.session_state.pop(f"renaming-{record.id}", None)
        st.rerun()


def _confirm_delete(workspace: Workspace, record: DocumentRecord) -> None:
    st.warning(f"Delete “{md_text(record.name)}” and all its edits? This cannot be undone.")
    yes, no = st.columns(2)
    if yes.button("Yes, delete", key=f"really-delete-{record.id}", type="primary"):
        st.session_state.pop(f"confirm-delete-{record.id}", None)
        try:
            workspace.delete(record.id)
        except WorkspaceError as problem:
            workspace_problem(problem)
            return
        current = state.current_open_document()
        if current is not None and current.doc_id == record.id:
            state.set_open_document(None)
        flash("success", f"Deleted {md_text(record.name)}.")
        st.rerun()
    if no.button("Keep it", key=f"keep-{record.id}"):
        st.session_state.pop(f"confirm-delete-{record.id}", None)
        st.rerun()
