"""Translate page: start a translation, or edit the open document (id in the URL)."""

import streamlit as st

from workbench.app import state
from workbench.app.components.bilingual_import import reviewed_import
from workbench.app.components.downloads import download_buttons
from workbench.app.components.editor import editor
from workbench.app.components.new_translation import new_translation
from workbench.app.components.term_form import term_form

st.title("Translate")
model = state.german_english_model()
doc = state.open_document()

if doc is None:
    new_translation(model)
else:
    name_col, new_col = st.columns([4, 1])
    name_col.subheader(doc.document.name)
    if new_col.button("New translation", key="close-document"):
        state.set_open_document(None)
        st.rerun()
    st.caption("Every change is saved as you make it; this page's address reopens the document.")
    with st.expander("Download the translation"):
        download_buttons(doc)
    with st.expander("Bring back a reviewed file (.csv, .xlsx, .xlf)"):
        reviewed_import(doc)
    with st.expander("Add a term to a glossary"):
        term_form(doc)
    editor(doc)
