"""From the editor into the glossary: add a term (or a term candidate), then re-apply it.

The term is checked like a glossary row and added through `workbench.glossary.adding`, which
never replaces or moves a row: when the glossary already has the source (or a spelling of
it), nothing is written and the existing entry is shown with the choices: keep it, update
its target (the old one becomes a variant or a forbidden rendering; note, variants and
forbidden renderings stay), or add the term to another glossary. After a change the term is
re-applied to the segments where it occurs that nobody edited, and the page says which.

State keys: `term-source`, `term-target`, `term-note`, `term-glossary`, `term-from-hit`,
`term-pending` (the existing entry waiting for a choice), `term-old`, `term-other`,
`term-candidates-DOCID` (candidates found for the open document).
"""

from __future__ import annotations

import streamlit as st

from workbench.app import state
from workbench.app.glossary_table import checked_term
from workbench.app.safe_text import md_text
from workbench.editing import OpenDocument
from workbench.glossary.adding import (
    AS_FORBIDDEN,
    AS_VARIANT,
    GlossaryEditRefused,
    add_term,
    update_term,
)
from workbench.glossary.files import GlossaryConflict
from workbench.glossary.model import Term
from workbench.glossary.suggest import term_candidates
from workbench.settings import glossaries_dir

NONE = "(type a new term)"
PENDING = "term-pending"
OLD_TARGET = {"a variant (still accepted)": AS_VARIANT, "forbidden": AS_FORBIDDEN}


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
    pending = st.session_state.get(PENDING)
    if pending is not None:
        _choose(doc, *pending)
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
        (st.error if problem.severity == "error" else st.warning)(md_text(problem.message))
    if term is None:
        return
    try:
        result = add_term(glossaries_dir() / name, term)
    except (GlossaryConflict, GlossaryEditRefused, ValueError, OSError) as problem:
        st.error(md_text(problem))
        return
    if not result.added:
        st.session_state[PENDING] = (name, term, result.existing)
        st.rerun(scope="app")
    _apply(
        doc, term, name, f"Added {md_text(term.source)} → {md_text(term.target)} to {md_text(name)}"
    )


def _choose(doc: OpenDocument, name: str, wanted: Term, existing: Term) -> None:
    """The source is in the glossary already: show the entry and the three ways on."""
    st.warning(
        f"{md_text(name)} already has {md_text(existing.source)} → {md_text(existing.target)}"
        f" (line {existing.line}"
        + (f"; note: {md_text(existing.note)}" if existing.note else "")
        + (f"; variants: {md_text(', '.join(existing.variants))}" if existing.variants else "")
        + (f"; forbidden: {md_text(', '.join(existing.forbidden))}" if existing.forbidden else "")
        + "). Nothing was changed yet."
    )
    keep, update, other = st.tabs(["Keep it", "Update its target", "Add to another glossary"])
    if keep.button("Keep the existing entry", key="term-keep"):
        st.session_state.pop(PENDING, None)
        st.rerun(scope="app")
    how = update.radio("The old target becomes", list(OLD_TARGET), key="term-old")
    label = f"Use {wanted.target!r} as its target"
    if update.button(label, key="term-update", disabled=wanted.target == existing.target):
        try:
            update_term(glossaries_dir() / name, existing, wanted.target, OLD_TARGET[how])
        except (GlossaryConflict, GlossaryEditRefused, ValueError, OSError) as problem:
            st.error(md_text(problem))
            return
        st.session_state.pop(PENDING, None)
        _apply(
            doc,
            Term(existing.source, wanted.target),
            name,
            f"Updated {md_text(existing.source)} in {md_text(name)} (its row keeps its place)",
        )
    others = [p.name for p in state.glossary_paths() if p.name != name]
    if not others:
        other.info("There is no other glossary: create one on the Glossaries page.")
    else:
        target_name = other.selectbox("Glossary", others, key="term-other")
        if other.button("Add it there", key="term-add-other"):
            st.session_state.pop(PENDING, None)
            _add(doc, wanted.source, wanted.target, wanted.note, target_name)


def _apply(doc: OpenDocument, term: Term, name: str, done: str) -> None:
    if name not in doc.glossary_names:
        doc.meta["glossaries"] = [*doc.glossary_names, name]
        doc.workspace.update_meta(doc.doc_id, doc.meta)  # remembered after a reload too
    model = state.model_for(doc)
    if model is None:
        st.success(f"{done}. Install a model to apply it to the translation.")
        return
    glossaries = state.load_glossaries(doc.glossary_names)
    changed = doc.add_term(term, name, state.engine(model), glossaries)
    where = ", ".join(str(i + 1) for i in changed) or "none"
    st.success(f"{done}. Segments changed: {where} (segments a person wrote are never changed).")


def term_candidates_panel(doc: OpenDocument) -> None:
    """Names, acronyms and compounds of the article no glossary covers, one click to add."""
    key = f"term-candidates-{doc.doc_id}"
    if st.button("Find term candidates in this article", key=f"{key}-find"):
        model = state.model_for(doc)
        with st.spinner("Reading the article and aligning proposals..."):
            st.session_state[key] = term_candidates(
                doc.document,
                state.load_glossaries(doc.glossary_names),
                state.engine(model) if model else None,
            )
    if PENDING in st.session_state:
        st.info("A term waits for your choice under Add term.")
        return
    candidates = st.session_state.get(key)
    if candidates is None:
        return
    if not candidates:
        st.info("Every name and compound of this article is covered by its glossaries.")
        return
    names = [p.name for p in state.glossary_paths()]
    if not names:
        st.info("No glossary yet: create one on the Glossaries page.")
        return
    preferred = next((n for n in doc.glossary_names if n in names), names[0])
    name = st.selectbox("Add to", names, index=names.index(preferred), key=f"{key}-glossary")
    for number, candidate in enumerate(candidates[:30]):
        text, button = st.columns([5, 1], vertical_alignment="center")
        proposal = candidate.proposal or "(no proposal: type it in the Add term form)"
        text.markdown(
            f"**{md_text(candidate.term)}** ({candidate.kind}, {candidate.count}×) → "
            f"{md_text(proposal)}",
            help=md_text(" / ".join(candidate.sentences[:3])),
        )
        if button.button("Add", key=f"{key}-add-{number}", disabled=not candidate.proposal):
            _add(doc, candidate.term, candidate.proposal, "", name)
