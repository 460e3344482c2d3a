"""Models page: installed translation models (and broken ones); install, download, remove."""

import streamlit as st

from workbench import models
from workbench.app.components.model_install import download_from_index, install_from_upload

st.title("Models")
st.caption(f"Models folder: {models.packages_dir()}")
installed = models.installed_models()
active = models.find_model("de", "en")

if not installed:
    st.info("No translation models are installed.")
for model in installed:
    label_col, remove_col = st.columns([5, 1])
    in_use = " — used for German->English" if active and model.name == active.name else ""
    label_col.write(
        f"**{model.from_name} -> {model.to_name}** · {model.name} · "
        f"version {model.version or '?'}{in_use}"
    )
    if remove_col.button("Remove", key=f"remove-{model.name}"):
        try:
            models.remove_model(model.name)
        except models.ModelError as error:
            st.error(str(error))
        else:
            st.rerun()
for problem in models.broken_models():
    st.error(f"Broken package (ignored): {problem}")

st.subheader("Install")
install_from_upload()
download_from_index()
