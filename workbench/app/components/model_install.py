"""Installing models from the app: a file on the server, a small uploaded file, or a download
from the Argos index.

- From a path on the server (`model-path`, `model-path-install`): for real models (100-300 MB),
  which never pass through the browser or the server's memory; the same as
  `workbench models install FILE`.
- Upload (`model-upload`, `model-install`): limited to the server's upload limit
  (`workbench.settings.MAX_MODEL_UPLOAD`), enough for small test packages.
- Download (`model-download`): from the Argos package index when the machine is online.
Every action ends with a flash message and a rerun, so the whole page (and the model warning
drawn before it) shows the state after the action. Problems are shown as the `ModelError`
message, as text, never as a traceback.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from workbench import models
from workbench.app.components.flash import flash
from workbench.app.safe_text import md_text
from workbench.settings import MAX_MODEL_UPLOAD, upload_limit_mb


def _installed(model: models.InstalledModel) -> None:
    flash("success", f"Installed {md_text(model.label)}.")
    st.rerun()


def path_problem(text: str) -> str | None:
    """What is wrong with a typed model path before installing from it (None: nothing)."""
    if not text.strip():
        return "Type the full path of a .argosmodel file on the server first."
    path = Path(text.strip()).expanduser()
    if not path.is_absolute():
        return f"{text.strip()}: give the full path, starting with / (or ~ for your home)."
    if path.is_dir():
        return f"{path} is a folder; give the path of the .argosmodel file inside it."
    if not path.is_file():
        return f"{path}: no such file on the server. Check the path and try again."
    return None


def install_from_path() -> None:
    text = st.text_input(
        "Install from a file on the server",
        key="model-path",
        placeholder="/home/me/Downloads/translate-de_en-1_9.argosmodel",
        help="Real models are 100-300 MB: copy the file to the server and give its path here.",
    )
    if not st.button("Install from path", key="model-path-install", type="primary"):
        return
    problem = path_problem(text)
    if problem:
        st.error(md_text(problem))
        return
    path = Path(text.strip()).expanduser()
    with st.spinner(f"Checking and installing {md_text(path.name)}..."):
        try:
            model = models.install_model(path)
        except models.ModelError as error:
            st.error(md_text(error))
            return
    _installed(model)


def install_from_upload() -> None:
    limit = upload_limit_mb(MAX_MODEL_UPLOAD)
    upload = st.file_uploader(
        f"Upload a small model file (.argosmodel, up to {limit} MB)",
        type=["argosmodel"],
        key="model-upload",
        max_upload_size=limit,
        help="Larger files: install from a path on the server (above).",
    )
    if upload is None or not st.button("Install", key="model-install"):
        return
    if upload.size > MAX_MODEL_UPLOAD:
        st.error(
            f"{md_text(upload.name)} is {upload.size / 1024**2:.0f} MB; up to {limit} MB can be "
            "uploaded. Copy it to the server and install it from its path."
        )
        return
    with (
        st.spinner(f"Checking and installing {md_text(upload.name)}..."),
        tempfile.TemporaryDirectory() as folder,
    ):
        file = Path(folder) / "upload.argosmodel"
        with open(file, "wb") as out:
            upload.seek(0)
            while chunk := upload.read(1 << 20):
                out.write(chunk)
        try:
            model = models.install_model(file, display_name=upload.name)
        except models.ModelError as error:
            st.error(md_text(error))
            return
    _installed(model)


def download_from_index() -> None:
    st.caption(f"Needs internet: reads the Argos package index ({md_text(models.index_url())}).")
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
    except models.ModelError as error:
        bar.empty()
        st.error(md_text(error))
        return
    _installed(model)
