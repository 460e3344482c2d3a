"""One download button per export format; the bytes come from `export_document`, built from
the document as stored in the workspace at the moment of the click (so the latest edits);
.docx, .html and .md are written from the imported file when the workspace keeps it."""

from __future__ import annotations

import streamlit as st

from workbench.app import state
from workbench.documents import EXPORT_FORMATS, export_document
from workbench.documents.naming import download_name
from workbench.editing import OpenDocument


def _exporter(workspace, doc_id: str, fmt: str):
    def build() -> bytes:  # runs on another thread at the click: no Streamlit calls here
        document, _ = workspace.load(doc_id)
        original = workspace.original(doc_id) if fmt in ("docx", "html", "md") else None
        return export_document(document, fmt, original)

    return build


def download_buttons(doc: OpenDocument) -> None:
    workspace = state.workspace()
    columns = st.columns(4)
    for number, (fmt, (label, mime)) in enumerate(EXPORT_FORMATS.items()):
        columns[number % 4].download_button(
            label,
            data=_exporter(workspace, doc.doc_id, fmt),
            file_name=download_name(doc.document.name, fmt),
            mime=mime,
            key=f"download-{fmt}",
            on_click="ignore",
            width="stretch",
        )
