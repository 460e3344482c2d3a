"""Start a translation: paste or upload a German article, pick glossaries, translate.

State keys: `input-kind`, `input-text`, `input-file`, `input-glossaries`, `translate`. The
article is stored in the workspace at once and opened (its id goes into the URL); it is
translated in the background (workbench.jobs) while the editor shows its rows arriving.
"""

from __future__ import annotations

import streamlit as st

from workbench import jobs, model_choice, warming
from workbench.app import state
from workbench.app.safe_text import md_text
from workbench.document import Document
from workbench.documents import SUPPORTED_EXTENSIONS, DocumentError, read_document
from workbench.editing import OpenDocument
from workbench.settings import MAX_ARTICLE_UPLOAD, MAX_PASTED_CHARS, STARTER_GLOSSARY
from workbench.workspace import WorkspaceError

PASTE, UPLOAD = "Paste text", "Upload a file"


def _pasted_name(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "Article")
    return first if len(first) <= 60 else first[:57] + "..."


def _read(kind: str, text: str, upload) -> tuple[Document, tuple[str, bytes] | None] | None:
    """The article as a Document with the uploaded file (name, bytes; None for pasted text),
    or None after showing what is wrong."""
    try:
        if kind == PASTE:
            if not text.strip():
                st.error("Paste a German article into the box first.")
                return None
            if len(text) > MAX_PASTED_CHARS:
                st.error(
                    f"The pasted text has {len(text):,} characters; at most "
                    f"{MAX_PASTED_CHARS:,} can be translated at once. Split the article."
                )
                return None
            document = read_document(text.encode("utf-8"), "pasted.txt")
            document.name = _pasted_name(text)
            return document, None
        if upload is None:
            st.error("Choose a file to upload first.")
            return None
        data = upload.getvalue()
        if len(data) > MAX_ARTICLE_UPLOAD:
            st.error(
                f"{md_text(upload.name)} is {len(data) / 1024**2:.1f} MB; articles up to "
                f"{MAX_ARTICLE_UPLOAD // 1024**2} MB can be uploaded."
            )
            return None
        return read_document(data, upload.name), (upload.name, data)
    except DocumentError as problem:
        st.error(md_text(problem))
        return None


def new_translation(model) -> None:
    kind = st.radio("Article", [PASTE, UPLOAD], horizontal=True, key="input-kind")
    text, upload = "", None
    if kind == PASTE:
        text = st.text_area(
            "German text", key="input-text", height=260, placeholder="Paste the German article here"
        )
    else:
        upload = st.file_uploader(
            "German article", key="input-file", type=[e.lstrip(".") for e in SUPPORTED_EXTENSIONS]
        )
    names = [p.name for p in state.glossary_paths()]
    chosen = st.multiselect(
        "Glossaries",
        names,
        key="input-glossaries",
        default=[STARTER_GLOSSARY] if STARTER_GLOSSARY in names else [],
    )
    model = _choose_model(model)
    if model is not None:  # load it while the person pastes the article
        warming.warm_up(state.engine(model))
    if st.button("Translate", type="primary", key="translate", disabled=model is None):
        read = _read(kind, text, upload)
        if read is not None:
            _translate(read[0], model, chosen, read[1])


def _choose_model(default):
    """With several German->English models, the person picks one for this translation."""
    installed = model_choice.candidates("de", "en")
    if len(installed) < 2 or default is None:
        return default
    names = [m.name for m in installed]
    name = st.selectbox(
        "Model",
        names,
        index=names.index(default.name) if default.name in names else 0,
        key="input-model",
        help="The default is set on the Models page; the document remembers which one it used.",
    )
    return next(m for m in installed if m.name == name)


def _translate(
    document: Document, model, glossary_names: list[str], original: tuple[str, bytes] | None
) -> None:
    """Store the article at once and translate it in the background: the editor opens with
    its rows filling in as they are translated (and a second click finds the same job)."""
    try:
        opened = OpenDocument.create(
            state.workspace(),
            document,
            {"glossaries": glossary_names, "model": model.name},
            state.terminology,
        )
        if original is not None:  # kept so .docx and .html are written out from it later
            state.workspace().save_original(opened.doc_id, *original)
    except WorkspaceError as problem:
        st.error(f"The article could not be stored, so nothing was translated: {md_text(problem)}")
        return
    jobs.start_translation(
        state.workspace(),
        opened.doc_id,
        state.engine(model),
        state.load_glossaries(glossary_names),
        state.terminology,
    )
    state.set_open_document(opened)
    st.rerun()
