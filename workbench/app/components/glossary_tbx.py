"""Glossaries to and from TBX, the exchange format of CAT and terminology tools.

- `tbx_bytes(path)`: the glossary file as TBX (`glossary_to_tbx`), what "Download as TBX" gives;
  built at the click from the file on disk, like the CSV download.
- `upload_tbx(folder)`: upload a .tbx, see its problems and terms, save it as a new CSV under a
  safe name (the CSV upload's rules: never over an existing file). State keys: `gl-tbx-upload`,
  `gl-tbx-name`, `gl-tbx-save`; the download button is `gl-tbx-download-NAME`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from workbench.app.components.glossary_editor import show_problems
from workbench.app.components.glossary_upload import store_new_glossary
from workbench.app.glossary_table import glossary_rows
from workbench.app.safe_text import md_text
from workbench.documents import glossary_from_tbx, glossary_to_tbx
from workbench.glossary.files import read_glossary
from workbench.settings import MAX_GLOSSARY_UPLOAD, upload_limit_mb


def tbx_bytes(path: Path) -> bytes:
    """The glossary file at `path` as TBX (rows with errors are left out, as when loading it)."""
    return glossary_to_tbx(read_glossary(path))


def tbx_download(path: Path) -> None:
    st.download_button(
        "Download as TBX",
        data=lambda: tbx_bytes(path),
        file_name=f"{path.stem}.tbx",
        mime="application/x-tbx+xml",
        key=f"gl-tbx-download-{path.name}",
        on_click="ignore",
    )


def upload_tbx(folder: Path) -> str | None:
    """Upload, preview and save a TBX glossary as CSV; returns the new file name once saved."""
    upload = st.file_uploader(
        "TBX file (from a CAT or terminology tool)",
        type=["tbx", "xml"],
        key="gl-tbx-upload",
        max_upload_size=upload_limit_mb(MAX_GLOSSARY_UPLOAD),
    )
    if upload is None:
        return None
    data = upload.getvalue()
    if len(data) > MAX_GLOSSARY_UPLOAD:
        st.error(
            f"{md_text(upload.name)} is {len(data) / 1024**2:.1f} MB; glossaries up to "
            f"{MAX_GLOSSARY_UPLOAD // 1024**2} MB can be uploaded."
        )
        return None
    glossary = glossary_from_tbx(data, upload.name)
    st.write(f"{len(glossary.terms)} terms read from {md_text(upload.name)}.")
    show_problems(glossary.problems)
    if glossary.terms:
        st.dataframe(pd.DataFrame(glossary_rows(glossary)), hide_index=True)
    name = st.text_input("Save as", value=f"{Path(upload.name).stem}.csv", key="gl-tbx-name")
    if st.button(
        f"Save {len(glossary.terms)} terms", key="gl-tbx-save", disabled=not glossary.terms
    ):
        path = store_new_glossary(glossary, folder, name)
        if path is not None:
            return path.name
    return None
