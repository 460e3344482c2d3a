"""Documents page: the saved documents, newest first; reopen or delete them."""

import streamlit as st

from workbench.app import state
from workbench.editing import OpenDocument
from workbench.workspace import WorkspaceError

st.title("Documents")
workspace = state.workspace()
records = workspace.list_documents()
if not records:
    st.info("No saved documents yet. Translate an article on the Translate page.")

for record in records:
    name_col, updated_col, progress_col, open_col, delete_col = st.columns([4, 2, 2, 1, 1])
    name_col.markdown(f"**{record.name}**" if record.name else "*(no name)*")
    updated_col.write(record.updated.astimezone().strftime("%Y-%m-%d %H:%M"))
    progress_col.write(f"{record.edited_count} of {record.segment_count} edited or confirmed")
    if open_col.button("Open", key=f"open-{record.id}"):
        try:
            state.set_open_document(OpenDocument.open(workspace, record.id))
        except WorkspaceError as problem:
            st.error(str(problem))
        else:
            st.switch_page(state.pages()["translate"], query_params={"doc": record.id})
    if delete_col.button("Delete", key=f"delete-{record.id}"):
        st.session_state[f"confirm-delete-{record.id}"] = True
    if st.session_state.get(f"confirm-delete-{record.id}"):
        st.warning(f"Delete “{record.name}” and all its edits? This cannot be undone.")
        yes, no = st.columns(2)
        if yes.button("Yes, delete", key=f"really-delete-{record.id}", type="primary"):
            workspace.delete(record.id)
            current = state.current_open_document()
            if current is not None and current.doc_id == record.id:
                state.set_open_document(None)
            st.session_state.pop(f"confirm-delete-{record.id}")
            st.rerun()
        if no.button("Keep it", key=f"keep-{record.id}"):
            st.session_state.pop(f"confirm-delete-{record.id}")
            st.rerun()
