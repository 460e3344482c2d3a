"""Installing models from the app: an uploaded .argosmodel, or a download from the Argos index.

State keys: `model-upload`, `model-install`, `model-download`. Problems are shown as the
`ModelError` message (what is wrong and what to do), never as a traceback.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from workbench import models
from workbench.settings import MAX_MODEL_UPLOAD


def install_from_upload() -> None:
    upload = st.file_uploader(
        "Install a model file (.argosmodel)", type=["argosmodel"], key="model-upload"
    )
    if upload is None or not st.button("Install", key="model-install", type="primary"):
        return
    if upload.size > MAX_MODEL_UPLOAD:
        st.error(
            f"{upload.name} is {upload.size / 1024**3:.1f} GB; a translation model is "
            f"smaller than {MAX_MODEL_UPLOAD // 1024**3} GB. Is this the right file?"
        )
        return
    with (
        st.spinner(f"Checking and installing {upload.name}..."),
        tempfile.TemporaryDirectory() as folder,
    ):
        file = Path(folder) / "upload.argosmodel"
        with open(file, "wb") as out:  # chunked: models are hundreds of MB
            upload.seek(0)
            while chunk := upload.read(1 << 20):
                out.write(chunk)
        try:
            model = models.install_model(file, display_name=upload.name)
        except models.ModelError as problem:
            st.error(str(problem))
            return
    st.success(f"Installed {model.label}.")


def download_from_index() -> None:
    st.caption(f"Needs internet: reads the Argos package index ({models.index_url()}).")
    if not st.button("Download the German->English model", key="model-download"):
        return
    bar = st.progress(0.0, text="Reading the package index...")

    def progress(done: int, total: int | None) -> None:
        if total:
            bar.progress(
                min(done / total, 1.0),
                text=f"Downloading: {done / 1024**2:.0f} of {total / 1024**2:.0f} MB",
            )
        else:
            bar.progress(0.0, text=f"Downloading: {done / 1024**2:.0f} MB")

    try:
        model = models.download_model("de", "en", progress=progress)
    except models.ModelError as problem:
        bar.empty()
        st.error(str(problem))
        return
    bar.progress(1.0, text="Done")
    st.success(f"Installed {model.label}.")
