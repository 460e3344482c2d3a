"""Documents page: the saved documents, newest first, with the model each was translated
with; search by name or text; open, rename or delete them. A workspace that cannot be read
(damaged, not a workspace, read-only, disk full) is explained, never shown as a traceback."""

import streamlit as st

from workbench.app import state
from workbench.app.components.document_list import document_row, workspace_problem
from workbench.app.components.flash import show_flash
from workbench.app.safe_text import md_text
from workbench.document_search import find_documents
from workbench.workspace import WorkspaceError

st.title("Documents")
show_flash()
query = st.text_input(
    "Search by name or text", key="doc-search", placeholder="a word of the German or English"
)
try:
    workspace = state.workspace()
    records = workspace.list_documents()
    matches = {m.doc_id: m for m in find_documents(workspace, query)}
except WorkspaceError as problem:
    workspace_problem(problem)
    st.stop()

if query.strip():
    records = [r for r in records if r.id in matches]
    st.caption(f"{len(records)} documents contain “{md_text(query.strip())}”.")
elif not records:
    st.info("No saved documents yet. Translate an article on the Translate page.")

for record in records:
    document_row(workspace, record, matches.get(record.id))
