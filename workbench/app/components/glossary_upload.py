"""Bring a glossary file in: preview what was detected, then save it under a safe new name.

State keys: `gl-upload`, `gl-upload-name`, `gl-upload-save`; `gl-new-name`, `gl-create`.
A file is never overwritten from here: an existing name is refused with a message.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from workbench.app.components.glossary_editor import show_problems
from workbench.app.glossary_table import glossary_rows
from workbench.app.safe_text import md_text
from workbench.glossary.files import (
    GlossaryConflict,
    parse_glossary,
    safe_glossary_path,
    save_glossary,
)
from workbench.glossary.model import Glossary
from workbench.settings import MAX_GLOSSARY_UPLOAD, upload_limit_mb

SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


def store_new_glossary(glossary: Glossary, folder: Path, filename: str) -> Path | None:
    try:
        path = safe_glossary_path(folder, filename)
    except ValueError as problem:
        st.error(md_text(problem))
        return None
    if path.exists():
        st.error(f"{md_text(path.name)} already exists; nothing was saved. Choose another name.")
        return None
    glossary.path, glossary.signature = None, None
    try:
        return save_glossary(glossary, path)
    except GlossaryConflict as problem:
        st.error(md_text(problem))
        return None


def create_glossary(folder: Path) -> str | None:
    """A form for a new, empty glossary; returns the new file name once created."""
    name = st.text_input("New glossary name", key="gl-new-name", placeholder="sport-de-en.csv")
    if st.button("Create", key="gl-create"):
        path = store_new_glossary(Glossary(name=Path(name).stem), folder, name)
        if path is not None:
            return path.name
    return None


def upload_glossary(folder: Path) -> str | None:
    """Upload, preview and save a glossary CSV; returns the new file name once saved."""
    upload = st.file_uploader(
        "Glossary file (CSV, semicolon or tab separated)",
        type=["csv", "tsv", "txt"],
        key="gl-upload",
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
    glossary = parse_glossary(data, upload.name)
    detected = glossary.detected
    if detected:
        columns = ", ".join(
            f"{md_text(k)} -> {md_text(v)}" for k, v in detected.get("columns", {}).items()
        )
        separator = str(detected.get("separator"))
        st.write(
            f"Encoding **{md_text(detected.get('encoding'))}**, separator "
            f"**{md_text(SEPARATOR_NAMES.get(separator, separator))}**, "
            f"{'with' if detected.get('header') else 'without'} a header; columns: {columns}"
        )
    show_problems(glossary.problems)
    st.dataframe(pd.DataFrame(glossary_rows(glossary)), hide_index=True)
    name = st.text_input("Save as", value=Path(upload.name).name, key="gl-upload-name")
    if st.button(
        f"Save {len(glossary.terms)} terms", key="gl-upload-save", disabled=not glossary.terms
    ):
        path = store_new_glossary(glossary, folder, name)
        if path is not None:
            return path.name
    return None
