"""The workbench in the browser: page set-up and routing only (`workbench serve`).

Pages live in workbench/app/views/, reusable parts in components/, shared resources and the
open document in state.py; the work itself is done by the workbench library.
- Every page but Models warns when no German->English model is installed (Models shows the
  state itself, after its own actions).
- A `?doc=` value that cannot be a document id is dropped with a message before any page sees
  it: the link's text is never displayed.
- The page icon is an emoji (drawn by the browser): a `:material/...:` page icon would make the
  browser fetch it from fonts.gstatic.com.
"""

import re

import streamlit as st

from workbench.app import state
from workbench.app.components.model_check import model_warning

DOCUMENT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # the ids the workspace accepts


def drop_bad_document_link() -> None:
    doc = st.query_params.get("doc")
    if doc is not None and not DOCUMENT_ID.fullmatch(doc):
        del st.query_params["doc"]
        st.warning(
            "The document link in the address is not valid (it was changed or cut off). "
            "Open the document from the Documents page."
        )


st.set_page_config(page_title="Translation workbench", page_icon="🌐", layout="wide")
pages = state.pages()
navigation = st.navigation(list(pages.values()))
drop_bad_document_link()
if navigation.url_path != pages["models"].url_path:
    model_warning(pages["models"])
navigation.run()
