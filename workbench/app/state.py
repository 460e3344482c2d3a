"""Shared resources and per-session state of the app.

Contract:
- Process-wide (shared by every session, never mutated by one): the workspace store and one
  engine per installed model, behind `st.cache_resource`; glossary files are read through
  `st.cache_data` keyed by path, size and modification time (a saved file is read again).
- Per session: the open document (`OpenDocument` in `st.session_state`), whose id is also in
  the URL (`?doc=ID`), so a refresh, a new tab or a restarted server reopens it as it was left.
- `pages()` builds the app's pages (main.py routes them; pages link to each other with them).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from workbench import model_choice, models
from workbench.app.safe_text import md_text
from workbench.editing import OpenDocument
from workbench.engine import Engine, engine_for, engine_key
from workbench.glossary.files import list_glossaries, read_glossary
from workbench.glossary.model import Glossary
from workbench.memory.lookup import propagate_setting
from workbench.pipeline import Terminology
from workbench.settings import glossaries_dir
from workbench.workspace import Workspace, WorkspaceError, default_workspace_path

VIEWS = Path(__file__).parent / "views"
OPEN_KEY = "wb_open_document"


def pages() -> dict[str, st.Page]:
    return {
        "translate": st.Page(
            VIEWS / "translate.py", title="Translate", icon=":material/translate:", default=True
        ),
        "documents": st.Page(
            VIEWS / "documents.py", title="Documents", icon=":material/folder_open:"
        ),
        "glossaries": st.Page(
            VIEWS / "glossaries.py", title="Glossaries", icon=":material/menu_book:"
        ),
        "memory": st.Page(VIEWS / "memory.py", title="Memory", icon=":material/history:"),
        "models": st.Page(VIEWS / "models.py", title="Models", icon=":material/memory:"),
    }


# -- shared resources -------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _workspace(path: str) -> Workspace:
    return Workspace(path)


def workspace() -> Workspace:
    return _workspace(str(default_workspace_path()))


@st.cache_resource(show_spinner=False, max_entries=4)
def _engine(key: str, _model: models.InstalledModel) -> Engine:
    return engine_for(_model)


def german_english_model() -> models.InstalledModel | None:
    """The model new translations use: the default chosen on the Models page, else the best."""
    return model_choice.chosen_model("de", "en")


def model_for(doc: OpenDocument | None) -> models.InstalledModel | None:
    """The model a document was translated with, if still installed; else the default."""
    if doc is not None and doc.model_name:
        chosen = models.find_model("de", "en", name=doc.model_name)
        if chosen is not None:
            return chosen
    return german_english_model()


def engine(model: models.InstalledModel) -> Engine:
    return _engine(engine_key(model), model)


@st.cache_data(show_spinner=False, max_entries=64)
def _read_glossary(path: str, size: int, mtime_ns: int) -> Glossary:
    return read_glossary(path)


def glossary_paths() -> list[Path]:
    return list_glossaries(glossaries_dir())


def load_glossary(path: Path) -> Glossary:
    stat = path.stat()
    return _read_glossary(str(path), stat.st_size, stat.st_mtime_ns)


def load_glossaries(names: list[str]) -> list[Glossary]:
    """The named glossaries of the glossary folder that still exist."""
    folder = glossaries_dir()
    return [load_glossary(folder / name) for name in names if (folder / name).is_file()]


@st.cache_resource(show_spinner=False, max_entries=16)
def _terminology(files: tuple[tuple[str, int, int], ...]) -> Terminology:
    return Terminology([load_glossary(Path(path)) for path, _, _ in files])


def terminology(names: list[str]) -> Terminology:
    """The named glossaries compiled once per version of their files (an edit is a hot path)."""
    folder = glossaries_dir()
    files = []
    for name in names:
        path = folder / name
        if path.is_file():
            stat = path.stat()
            files.append((str(path), stat.st_size, stat.st_mtime_ns))
    return _terminology(tuple(files))


# -- the open document ------------------------------------------------------------------------


def open_document() -> OpenDocument | None:
    """The document named in the URL, loaded once per session (None if there is none)."""
    doc_id = st.query_params.get("doc")
    current = st.session_state.get(OPEN_KEY)
    if doc_id is None:
        if current is not None:  # back from another page: put the id into the URL again
            st.query_params["doc"] = current.doc_id
        return current
    if current is not None and current.doc_id == doc_id:
        return current
    try:
        current = OpenDocument.open(workspace(), doc_id, terminology)
    except WorkspaceError as problem:
        st.warning(f"The document in this link cannot be opened: {md_text(problem)}")
        del st.query_params["doc"]
        st.session_state.pop(OPEN_KEY, None)
        return None
    current.propagate_repetitions = propagate_setting()
    st.session_state[OPEN_KEY] = current
    return current


def set_open_document(document: OpenDocument | None) -> None:
    if document is None:
        st.session_state.pop(OPEN_KEY, None)
        st.query_params.pop("doc", None)
    else:
        document.terminology_loader = terminology
        document.propagate_repetitions = propagate_setting()
        st.session_state[OPEN_KEY] = document
        st.query_params["doc"] = document.doc_id


def current_open_document() -> OpenDocument | None:
    """The open document without touching the URL (for callbacks)."""
    return st.session_state.get(OPEN_KEY)
