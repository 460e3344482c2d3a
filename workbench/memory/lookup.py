"""Matches before the model: a document's segments looked up in the translation memory.

Contract:
- `MemoryLookup(memory, threshold=75).prefill(document, indexes)` looks up the segments at
  `indexes` that no person has written (status new or translated):
  - an exact match (same normalised German) fills the segment: `target` = the memory's
    English, `status` "memory" (human work: never replaced as machine output; its formatting
    tags placed on the English as workbench.tags does without attention), `origin`
    "tm-exact", or "tm-context" (score 101) when the neighbouring German matches too (a unit
    known to have neighbours: an imported one without them is never a context match); its
    `machine` stays empty: the model is not asked. Returns the indexes filled.
  - every other segment gets `tm`: its fuzzy matches from `threshold` up (best first, at most
    `fuzzy_count`), each with the numbers that differ; with an earlier version of the
    article (`previous`), the most similar sentence of that version comes first
    (kind "previous-version"), so its German can be shown word by word against the new one.
- `repetitions(document)`: the segments whose normalised German occurs more than once,
  each with the indexes of the others.
- `earlier_version(workspace, document, exclude)`: the newest stored document with the same
  name, else the one sharing most sentences (at least half of this one's); None if none.
- `prefill_stored(workspace, doc_id, terminology)`: exact and context matches (`fill`) for a
  stored document's new segments, written through `Workspace.store_machine` (a person's
  typing meanwhile wins), with their glossary hits and flags checked. Returns them
  (`filled`); `offers(batch)` then looks up the fuzzy matches of a batch of the others, to be
  stored with their machine translation.
- `threshold_setting()`: the fuzzy threshold from the settings file (`memory_threshold`),
  default 75; `propagate_setting()`: whether confirming a segment applies its English to
  the segment's repetitions (`memory_propagate`, default False: offered only).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass

from workbench import tags
from workbench import workspace_db as db
from workbench.document import (
    MEMORY,
    NEW,
    ORIGIN_TM_CONTEXT,
    ORIGIN_TM_EXACT,
    TRANSLATED,
    Document,
    MemoryMatch,
    Segment,
)
from workbench.memory.store import TranslationMemory, Unit
from workbench.memory.text import normalise, number_differences, similarity, tokens
from workbench.workspace import Workspace, WorkspaceError

DEFAULT_THRESHOLD = 75
PREVIOUS_VERSION = "earlier version"
PREVIOUS_MIN_SCORE = 50  # a changed sentence still shares half its tokens with its old one


@dataclass
class MemoryLookup:
    memory: TranslationMemory
    threshold: int = DEFAULT_THRESHOLD
    fuzzy_count: int = 3
    previous: Document | None = None

    def prefill(self, document: Document, indexes: Sequence[int] | None = None) -> list[int]:
        filled, rest = self.fill(document, indexes)
        self.offer(rest)
        return filled

    def fill(
        self, document: Document, indexes: Sequence[int] | None = None
    ) -> tuple[list[int], list[Segment]]:
        """Exact and context matches only: (indexes filled, segments still to translate)."""
        segments = document.segments
        wanted = [
            s
            for s in segments
            if (indexes is None or s.index in indexes) and s.status in (NEW, TRANSLATED)
        ]
        norms = [normalise(s.source) for s in segments]
        exact = self.memory.exact([norms[s.index] for s in wanted])
        filled, rest = [], []
        for segment in wanted:
            units = exact.get(norms[segment.index])
            if not units:
                rest.append(segment)
                continue
            before = norms[segment.index - 1] if segment.index > 0 else ""
            after = norms[segment.index + 1] if segment.index + 1 < len(segments) else ""
            context = [
                u
                for u in units
                if (u.prev_norm or u.next_norm) and (u.prev_norm, u.next_norm) == (before, after)
            ]
            unit = (context or units)[0]
            segment.target, segment.status = unit.target, MEMORY
            if segment.source_tags:  # units are plain text: formatting placed as for the model,
                # on the words a name or number keeps, else kept at the end ("unplaced")
                segment.target_tags = tags.place_tags(
                    segment.source, segment.source_tags, [], unit.target, [], None
                )
                segment.tags_on = unit.target
            segment.origin = ORIGIN_TM_CONTEXT if context else ORIGIN_TM_EXACT
            segment.tm = [_match(101 if context else 100, unit, "context" if context else "exact")]
            filled.append(segment.index)
        return filled, rest

    def offer(self, rest: Sequence[Segment]) -> None:
        """Fuzzy matches (and the earlier version's sentence) into each segment's `tm`."""
        fuzzy = self.memory.fuzzy_many([s.source for s in rest], self.threshold, self.fuzzy_count)
        old = _previous_sentences(self.previous)
        for segment, found in zip(rest, fuzzy, strict=True):
            matches = [
                dataclasses.replace(
                    _match(pair[0].score, pair[1], "fuzzy"),
                    numbers=number_differences(segment.source, pair[1].source),
                )
                for pair in found
            ]
            earlier = _closest(segment.source, old, self.previous)
            segment.tm = ([earlier] if earlier else []) + matches


def _match(score: int, unit: Unit, kind: str) -> MemoryMatch:
    return MemoryMatch(score, unit.source, unit.target, unit.memory, kind, unit.document)


def _previous_sentences(previous: Document | None) -> list[tuple[list[str], int]]:
    if previous is None:
        return []
    return [(tokens(s.source), s.index) for s in previous.segments]


def _closest(source: str, old: list[tuple[list[str], int]], previous: Document | None):
    if previous is None or not old:
        return None
    mine = tokens(source)
    score, index = max((similarity(mine, toks), i) for toks, i in old)
    segment = previous.segments[index]
    if score < PREVIOUS_MIN_SCORE or normalise(segment.source) == normalise(source):
        return None
    return MemoryMatch(
        score,
        segment.source,
        segment.target,
        PREVIOUS_VERSION,
        "previous-version",
        previous.name,
        number_differences(source, segment.source),
    )


def repetitions(document: Document) -> dict[int, list[int]]:
    groups: dict[str, list[int]] = {}
    for segment in document.segments:
        key = normalise(segment.source)
        if tokens(key):  # a line of punctuation is no repetition worth marking
            groups.setdefault(key, []).append(segment.index)
    return {
        i: [j for j in group if j != i]
        for group in groups.values()
        if len(group) > 1
        for i in group
    }


def earlier_version(workspace: Workspace, document: Document, exclude: str = "") -> str | None:
    """The id of the earlier version of `document` (see the contract), or None."""
    name = " ".join(document.name.split()).casefold()
    mine = {normalise(s.source) for s in document.segments if tokens(s.source)}
    with db.transaction(workspace.path, write=False) as conn:
        docs = conn.execute(
            "SELECT id, name FROM documents WHERE id != ? ORDER BY touched DESC", (exclude,)
        ).fetchall()
        for row in docs:
            if name and " ".join(row["name"].split()).casefold() == name:
                return row["id"]
        if not mine:
            return None
        shared: dict[str, int] = {}
        rows = conn.execute(
            "SELECT doc_id, body FROM segments WHERE doc_id != ?", (exclude,)
        ).fetchall()
    for row in rows:
        if normalise(json.loads(row["body"]).get("source", "")) in mine:
            shared[row["doc_id"]] = shared.get(row["doc_id"], 0) + 1
    order = [row["id"] for row in docs]  # newest first: the latest version wins a tie
    best = max(order, key=lambda i: (shared.get(i, 0), -order.index(i)), default=None)
    if best is None or shared.get(best, 0) * 2 < len(mine):
        return None
    return best


@dataclass
class Prefilled:
    filled: list[int]  # written from memory: not for the model
    lookup: MemoryLookup | None = None
    document: Document | None = None

    def offers(self, indexes: Sequence[int]) -> dict[int, list[MemoryMatch]]:
        """Fuzzy matches of these segments, looked up when their batch is translated (so the
        first rows are not kept waiting for the matches of the last)."""
        if self.lookup is None or self.document is None:
            return {}
        segments = [self.document.segments[i] for i in indexes if i not in self.filled]
        self.lookup.offer(segments)
        return {s.index: s.tm for s in segments if s.tm}


def prefill_stored(workspace: Workspace, doc_id: str, terminology=None) -> Prefilled:
    from workbench import pipeline  # pipeline builds on the engine: import it only here

    document, _ = workspace.load(doc_id)
    new = [s.index for s in document.segments if s.status == NEW and not s.machine]
    if not new:
        return Prefilled([])
    previous = None
    earlier = earlier_version(workspace, document, exclude=doc_id)
    if earlier is not None:
        try:
            previous = workspace.load(earlier)[0]
        except WorkspaceError:
            previous = None  # deleted meanwhile
    lookup = MemoryLookup(TranslationMemory(workspace), threshold_setting(), previous=previous)
    filled, _ = lookup.fill(document, new)
    for index in filled:
        segment = document.segments[index]
        if terminology:
            segment.hits = terminology.hits(segment.source)
        pipeline.recheck_segment(segment, terminology)
    pipeline.refresh_flags(document, terminology)
    if filled:
        workspace.store_machine(doc_id, [document.segments[i] for i in filled])
    return Prefilled(filled, lookup, document)


def threshold_setting() -> int:
    value = _setting("memory_threshold", DEFAULT_THRESHOLD)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 100:
        return value
    return DEFAULT_THRESHOLD


def propagate_setting() -> bool:
    return _setting("memory_propagate", False) is True


def _setting(key: str, default):
    from workbench.settings import SettingsError, read_settings

    try:
        return read_settings().get(key, default)
    except SettingsError:  # reported on the Models page; the memory works with its defaults
        return default
