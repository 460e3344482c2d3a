"""From the editor into the glossary: add (or correct) a term, then re-apply it.

State keys: `term-source`, `term-target`, `term-note`, `term-glossary`, `term-from-hit`.
The term is checked like a glossary row, saved to the CSV (conflict-aware), and re-applied to
the segments where it occurs that nobody edited.
"""

from __future__ import annotations

import streamlit as st

from workbench.app import state
from workbench.app.glossary_table import add_term_to_file, checked_term
from workbench.editing import OpenDocument
from workbench.glossary.files import GlossaryConflict

NONE = "(type a new term)"


def _hit_choices(doc: OpenDocument) -> dict[str, tuple[str, str]]:
    choices: dict[str, tuple[str, str]] = {}
    for segment in doc.document.segments:
        for hit in segment.hits:
            label = f"{hit.matched} -> {hit.term_target} (segment {segment.index + 1})"
            choices.setdefault(label, (hit.term_source, hit.term_target))
    return choices


def _prefill(choices) -> None:
    picked = st.session_state["term-from-hit"]
    if picked in choices:
        st.session_state["term-source"], st.session_state["term-target"] = choices[picked]


def term_form(doc: OpenDocument) -> None:
    paths = state.glossary_paths()
    if not paths:
        st.info("No glossary yet: create one on the Glossaries page.")
        return
    choices = _hit_choices(doc)
    st.selectbox(
        "Start from a glossary hit",
        [NONE, *choices],
        key="term-from-hit",
        on_change=_prefill,
        args=(choices,),
    )
    source_col, target_col = st.columns(2)
    source = source_col.text_input("German term", key="term-source")
    target = target_col.text_input("English term", key="term-target")
    note = st.text_input("Note (optional)", key="term-note")
    names = [p.name for p in paths]
    preferred = next((n for n in doc.glossary_names if n in names), names[0])
    name = st.selectbox("Glossary", names, index=names.index(preferred), key="term-glossary")
    if st.button("Add term and apply", key="term-add"):
        _add(doc, source, target, note, name)


def _add(doc: OpenDocument, source: str, target: str, note: str, name: str) -> None:
    term, problems = checked_term(source, target, note, name)
    for problem in problems:
        (st.error if problem.severity == "error" else st.warning)(problem.message)
    if term is None:
        return
    try:
        add_term_to_file({p.name: p for p in state.glossary_paths()}[name], term)
    except GlossaryConflict as conflict:
        st.error(str(conflict))
        return
    if name not in doc.glossary_names:
        doc.meta["glossaries"] = [*doc.glossary_names, name]
        doc.workspace.update_meta(doc.doc_id, doc.meta)  # remembered after a reload too
    model = state.model_for(doc)
    if model is None:
        st.success(f"Saved '{term.source}' -> '{term.target}' in {name}.")
        return
    glossaries = state.load_glossaries(doc.glossary_names)
    changed = doc.add_term(term, name, state.engine(model), glossaries)
    st.success(
        f"Saved '{term.source}' -> '{term.target}' in {name}; "
        f"{len(changed)} segment(s) updated (edited segments are never changed)."
    )
