"""Glossaries page: the CSV files of the glossary folder; edit, create, upload, download
(as CSV or TBX, and TBX from CAT tools saved as a new CSV); entry statistics over the
workspace, and glossary rows proposed from the edits people made."""

import streamlit as st

from workbench.app.components.flash import show_flash
from workbench.app.components.glossary_editor import glossary_editor
from workbench.app.components.glossary_learning import edit_proposals, entry_statistics
from workbench.app.components.glossary_tbx import tbx_download, upload_tbx
from workbench.app.components.glossary_upload import create_glossary, upload_glossary
from workbench.app.safe_text import md_text
from workbench.glossary.files import list_glossaries
from workbench.settings import glossaries_dir

st.title("Glossaries")
show_flash()
folder = glossaries_dir()
st.caption(f"Glossary folder: {md_text(folder)}")
names = [p.name for p in list_glossaries(folder)]
if "gl-select-next" in st.session_state:  # set before the selectbox exists in this run
    st.session_state["gl-selected"] = st.session_state.pop("gl-select-next")

if names:
    selected = st.selectbox("Glossary", names, key="gl-selected")
    glossary_editor(folder / selected)
    tbx_download(folder / selected)
else:
    st.info("No glossaries yet: create one or upload a CSV below.")

with st.expander("New glossary"):
    created = create_glossary(folder)
with st.expander("Upload a glossary"):
    uploaded = upload_glossary(folder)
with st.expander("Upload a TBX file (from a CAT or terminology tool)"):
    uploaded = upload_tbx(folder) or uploaded
if created or uploaded:
    st.session_state["gl-select-next"] = created or uploaded
    st.rerun()
with st.expander("Entry statistics: how often each entry was hit, and how it got in"):
    entry_statistics()
with st.expander("Proposals from edits"):
    edit_proposals()
