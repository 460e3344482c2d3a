"""The workbench in the browser: page set-up and routing only (`workbench serve`).

Pages live in workbench/app/views/, reusable parts in components/, shared resources and the
open document in state.py; the work itself is done by the workbench library.
"""

import streamlit as st

from workbench.app import state
from workbench.app.components.model_check import model_warning

st.set_page_config(
    page_title="Translation workbench", page_icon=":material/translate:", layout="wide"
)
pages = state.pages()
navigation = st.navigation(list(pages.values()))
model_warning(pages["models"])
navigation.run()
