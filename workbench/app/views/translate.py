"""Translate page: start a translation, or edit the open document (id in the URL)."""

from html import escape

import streamlit as st

from workbench.app import state
from workbench.app.components.bilingual_import import reviewed_import
from workbench.app.components.downloads import download_buttons
from workbench.app.components.editor import editor, rename_form
from workbench.app.components.new_translation import new_translation
from workbench.app.components.term_form import PENDING, term_candidates_panel, term_form

# The editor needs the height: less padding above the page's content.
st.html('<style>[data-testid="stMainBlockContainer"]{padding-top:2.2rem}</style>')
model = state.german_english_model()
doc = state.open_document()

if doc is None:
    st.title("Translate")
    new_translation(model)
else:
    name, download, review, term, candidates, new = st.columns([4.6, 1.3, 1.5, 1.2, 1.4, 1.3])
    title, rename = name.columns([6, 1], vertical_alignment="center")
    title.html(
        f'<div class="wb-docname" title="Every change is saved as you make it; this address '
        f'reopens the document.">{escape(doc.document.name)}</div>'
    )
    with rename.popover("✎", help="Rename the document"):
        rename_form(doc)
    with download.popover("Download", width="stretch"):
        download_buttons(doc)
    with review.popover("Reviewed file", width="stretch"):
        st.caption("Bring back a bilingual .csv, .xlsx or .xlf edited elsewhere.")
        reviewed_import(doc)
    with term.popover("Add term", width="stretch"):
        term_form(doc)
    with candidates.popover("Candidates", width="stretch"):
        st.caption("Names, acronyms and compounds of this article that no glossary covers.")
        term_candidates_panel(doc)
    if new.button("New translation", key="close-document", width="stretch"):
        state.set_open_document(None)
        st.rerun()
    if PENDING in st.session_state:
        st.warning("A term waits for your choice: open Add term.")
    editor()
