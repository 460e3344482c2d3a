"""Models page: which model new translations use, the installed models (and broken ones);
install from a path or a small upload, download, choose the default, remove (asks first)."""

import streamlit as st

from workbench import models
from workbench.app.components.flash import show_flash
from workbench.app.components.model_install import (
    download_from_index,
    install_from_path,
    install_from_upload,
)
from workbench.app.components.model_list import default_choice, model_rows, model_status
from workbench.app.safe_text import md_text

st.title("Models")
show_flash()
model_status()
st.caption(f"Models folder: {md_text(models.packages_dir())}")
default_choice()
model_rows()

st.subheader("Install")
install_from_path()
install_from_upload()
download_from_index()
