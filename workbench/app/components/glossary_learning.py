"""What the workspace teaches about the glossaries: entry statistics and proposals from edits.

- `entry_statistics()`: per entry of every glossary in the folder, its hits over the
  workspace's documents and how the English got them (sortable table), with advice.
- `edit_proposals()`: rows proposed from the changes people made to the model's English in
  three or more segments (`workbench.glossary.proposals`), each with its evidence; Accept adds
  the row to a chosen glossary through the safe add-term path (or, when a glossary already has
  the German with another target, updates that entry and forbids the old target); Dismiss
  remembers the proposal as dismissed (settings file).
All text from documents and glossaries is shown as text (escaped).
State keys: `proposal-glossary-N`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from workbench.app import state
from workbench.app.components.flash import flash
from workbench.app.safe_text import md_text
from workbench.glossary.adding import (
    AS_FORBIDDEN,
    GlossaryEditRefused,
    add_term,
    find_existing,
    update_term,
)
from workbench.glossary.files import GlossaryConflict
from workbench.glossary.model import Term
from workbench.glossary.proposals import Proposal, dismiss, dismissed_proposals, find_proposals
from workbench.glossary.stats import entry_stats
from workbench.settings import SettingsError
from workbench.workspace import WorkspaceError, default_workspace_path

EVIDENCE_SHOWN = 6


def _workspace():
    return state.workspace() if default_workspace_path().exists() else None


def entry_statistics() -> None:
    glossaries = [state.load_glossary(p) for p in state.glossary_paths()]
    try:
        stats = entry_stats(_workspace(), glossaries)
    except WorkspaceError as problem:
        st.error(md_text(problem))
        return
    if not any(e.hits for e in stats):
        st.info("No glossary hits yet: translate a document with a glossary first.")
        return
    table = pd.DataFrame(
        [
            {
                "Glossary": e.glossary,
                "German": e.source,
                "English": e.target,
                "Hits": e.hits,
                "Documents": e.documents,
                "By the model": e.by_model,
                "Repaired": e.repaired,
                "Forced": e.forced,
                "Missing": e.missing,
                "Advice": e.advice,
            }
            for e in stats
        ]
    )
    st.caption(
        "Click a column header to sort. 'By the model': hits the model got right by itself; "
        "repaired and forced hits needed the glossary."
    )
    st.dataframe(table, hide_index=True, use_container_width=True, key="entry-stats")


def edit_proposals() -> None:
    paths = state.glossary_paths()
    glossaries = [state.load_glossary(p) for p in paths]
    try:
        found = find_proposals(_workspace(), glossaries, dismissed_proposals())
    except (WorkspaceError, SettingsError) as problem:
        st.error(md_text(problem))
        return
    if not found:
        st.info(
            "No proposals yet. When people replace the model's English for the same German "
            "word with the same words in three or more segments, a glossary row is proposed here."
        )
        return
    for number, proposal in enumerate(found):
        with st.container(border=True):
            _proposal(number, proposal, paths)


def _proposal(number: int, proposal: Proposal, paths) -> None:
    st.markdown(
        f"**{md_text(proposal.source)}** -> **{md_text(proposal.target)}**, "
        f"forbidden: {md_text(proposal.forbidden)} "
        f"({len(proposal.evidence)} segments in {proposal.documents} documents)"
    )
    if proposal.existing:
        name, target = proposal.existing
        st.caption(
            f"{md_text(name)} has this German with the target {md_text(target)}: accepting "
            f"updates that entry ({md_text(target)} becomes forbidden)."
        )
    for e in proposal.evidence[:EVIDENCE_SHOWN]:
        st.caption(
            f"{md_text(e.document)}, segment {e.index + 1}: {md_text(e.source)}  \n"
            f"model: {md_text(e.machine)}  \nnow: {md_text(e.target)}"
        )
    if len(proposal.evidence) > EVIDENCE_SHOWN:
        st.caption(f"... and {len(proposal.evidence) - EVIDENCE_SHOWN} more segments.")
    names = [p.name for p in paths]
    if not names:
        st.info("No glossary to add it to: create one below.")
        return
    default = names.index(proposal.existing[0]) if proposal.existing else 0
    left, middle, right = st.columns([3, 1, 1], vertical_alignment="bottom")
    chosen = left.selectbox("Glossary", names, index=default, key=f"proposal-glossary-{number}")
    if middle.button("Accept", key=f"proposal-accept-{number}", type="primary"):
        _accept(proposal, paths[names.index(chosen)])
    if right.button("Dismiss", key=f"proposal-dismiss-{number}"):
        try:
            dismiss(proposal)
        except SettingsError as problem:
            st.error(md_text(problem))
            return
        st.rerun()


def _accept(proposal: Proposal, path) -> None:
    term = Term(proposal.source, proposal.target, forbidden=[proposal.forbidden])
    try:
        result = add_term(path, term)
        if not result.added:
            shown = result.existing or find_existing(result.glossary, proposal.source)
            if shown is None:  # pragma: no cover - add_term says why it did not add
                raise GlossaryEditRefused("the entry changed meanwhile; try again")
            update_term(path, shown, proposal.target, old_target=AS_FORBIDDEN)
    except (ValueError, GlossaryEditRefused, GlossaryConflict) as problem:
        st.error(f"{md_text(path.name)}: {md_text(problem)}")
        return
    except OSError as problem:
        st.error(
            f"{md_text(path.name)} could not be saved ({md_text(problem)}). Check the glossary "
            "folder is writable and the disk is not full."
        )
        return
    flash(
        "success",
        f"{md_text(proposal.source)} -> {md_text(proposal.target)} is in {md_text(path.name)} now.",
    )
    st.rerun()
