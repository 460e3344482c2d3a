"""Edit one glossary file in a table: rows checked as you type, saved without losing anyone's work.

State keys (per file NAME): `gl-loaded-NAME` (the glossary as loaded: its signature tells a
save whether the file changed on disk since), `gl-gen-NAME` (bumped to start the table afresh),
the table `gl-table-NAME-GEN`, and buttons `gl-save-NAME`, `gl-reload-NAME`, `gl-saveas-NAME`.
Rows of the file that could not be read are not in the table: their problems are shown, and
Save refuses to drop them unless `gl-drop-NAME` is ticked.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from workbench.app.glossary_table import glossary_rows, rows_to_glossary
from workbench.app.safe_text import md_text
from workbench.glossary.files import (
    FIELDS,
    GlossaryConflict,
    read_glossary,
    safe_glossary_path,
    save_glossary,
)
from workbench.glossary.model import ERROR

HELP = {
    "source": "German term (base form)",
    "target": "English rendering to use",
    "note": "Note for translators",
    "variants": "Other accepted English, separated by |",
    "forbidden": "English that must not be used, separated by |",
    "case_sensitive": "yes / no / empty (automatic)",
    "keep": "yes = do not translate",
    "plural": "English plural when it is not regular (e.g. Peshmerga)",
}


def table_key(name: str) -> str:
    return f"gl-table-{name}-{st.session_state.get(f'gl-gen-{name}', 0)}"


def _restart(name: str, glossary=None) -> None:
    st.session_state[f"gl-gen-{name}"] = st.session_state.get(f"gl-gen-{name}", 0) + 1
    if glossary is None:
        st.session_state.pop(f"gl-loaded-{name}", None)
    else:
        st.session_state[f"gl-loaded-{name}"] = glossary


def show_problems(problems) -> None:
    for problem in problems:
        where = f"line {problem.line}: " if problem.line else ""
        show = st.error if problem.severity == ERROR else st.warning
        show(f"{where}{md_text(problem.message)}")


def glossary_editor(path: Path) -> None:
    name = path.name
    loaded = st.session_state.get(f"gl-loaded-{name}")
    if loaded is None:
        loaded = st.session_state[f"gl-loaded-{name}"] = read_glossary(path)
    table = pd.DataFrame(glossary_rows(loaded), columns=list(FIELDS), dtype="object").fillna("")
    config = {f: st.column_config.TextColumn(f, help=HELP[f]) for f in FIELDS}
    with st.container(key="glossary-table"):  # the class st-key-glossary-table finds it
        edited = st.data_editor(
            table,
            num_rows="dynamic",
            key=table_key(name),
            column_config=config,
            width="stretch",
            hide_index=True,
        )
    checked = rows_to_glossary(edited.to_dict("records"), name)
    st.caption(f"{len(checked.terms)} terms. Line numbers count the header as line 1.")
    show_problems(checked.problems)
    unread = _file_problems(name, loaded, checked)
    save_col, download_col = st.columns(2)
    download_col.download_button(
        "Download as CSV",
        data=path.read_bytes() if path.exists() else b"",
        file_name=name,
        mime="text/csv",
        key=f"gl-download-{name}",
        on_click="ignore",
    )
    if save_col.button("Save", key=f"gl-save-{name}", type="primary"):
        if checked.has_errors:
            st.error("Nothing was saved: fix the rows marked as errors first (they would be lost).")
        elif unread and not st.session_state.get(f"gl-drop-{name}"):
            st.error(
                f"Nothing was saved: {unread} rows of the file are not in the table (see above) "
                "and would be lost. Correct them in the file and reload it, or tick the box "
                "above to remove them."
            )
        else:
            _save(path, loaded, checked)
    if st.session_state.get(f"gl-conflict-{name}"):
        _conflict(path, checked)


def _file_problems(name: str, loaded, checked) -> int:
    """Show what reading the file found that the table cannot show (rows it could not read,
    columns it does not keep); returns how many rows of the file are not in the table."""
    in_table = {p.message for p in checked.problems}
    problems = [p for p in loaded.problems if p.message not in in_table]
    unread = sum(1 for p in problems if p.severity == ERROR)
    if problems:
        with st.expander(f"The file on disk: {len(problems)} problems", expanded=bool(unread)):
            show_problems(problems)
            if unread:
                st.checkbox(
                    f"Remove the {unread} rows that could not be read when saving",
                    key=f"gl-drop-{name}",
                )
    return unread


def _save(path: Path, loaded, checked, target: Path | None = None) -> None:
    checked.path, checked.signature = loaded.path or path, loaded.signature
    try:
        saved = save_glossary(checked, target)
    except GlossaryConflict:
        st.session_state[f"gl-conflict-{path.name}"] = True
        return
    st.session_state.pop(f"gl-conflict-{path.name}", None)
    if saved == path:
        _restart(path.name, checked)
    st.success(f"Saved {len(checked.terms)} terms to {md_text(saved.name)}.")


def _conflict(path: Path, checked) -> None:
    st.error(
        f"{md_text(path.name)} was changed by someone else since you opened it, so nothing was "
        "saved (their version is kept). Reload it and redo your change, or save your "
        "version under a new name and compare."
    )
    reload_col, name_col, save_as_col = st.columns([1, 2, 1])
    if reload_col.button("Reload from disk", key=f"gl-reload-{path.name}"):
        st.session_state.pop(f"gl-conflict-{path.name}", None)
        _restart(path.name)
        st.rerun()
    new_name = name_col.text_input(
        "Save my version as", key=f"gl-saveas-name-{path.name}", value=f"{path.stem}-mine.csv"
    )
    if save_as_col.button("Save as", key=f"gl-saveas-{path.name}"):
        try:
            target = safe_glossary_path(path.parent, new_name)
        except ValueError as problem:
            st.error(md_text(problem))
            return
        checked.path, checked.signature = None, None
        try:
            save_glossary(checked, target)
        except GlossaryConflict as problem:
            st.error(md_text(problem))
            return
        st.session_state.pop(f"gl-conflict-{path.name}", None)
        st.success(
            f"Saved your version as {md_text(target.name)}; {md_text(path.name)} is unchanged."
        )
