"""Entry statistics: per glossary entry, how its English came about, over every document.

Contract:
- `entry_stats(workspace, glossaries=()) -> list[EntryStats]` reads the workspace (None: no
  workspace yet, no documents) only through
  its public API (`list_documents()`, `load(doc_id)`) and counts the hits of every segment that
  has English (status other than "new"), per entry (glossary name, German term): `hits`, the
  `documents` they are in, and per hit status: `ok` + `chosen` (the model got it right by
  itself), `repaired` + `forced` (the glossary had to step in), `missing`. The status counted
  is how the machine's English got the term (`TermHit.machine_status`, kept when a person
  edits the segment), else the status last recorded.
- With `glossaries`, every entry of those glossaries is listed (with 0 hits if never hit) and
  hits of other glossaries are left out; without, every entry the workspace has hits for.
  A document that disappears while being read is skipped.
- `EntryStats.advice` says what to do with an entry hit at least `MIN_HITS` times:
  `RETIRE` when the model always got it right by itself (the entry changes nothing),
  `BETTER_TARGET` when it always had to be forced in or stayed missing (the model never
  produces it: give the entry a target or variants closer to what the model writes); else "".
- Sorted by hits, most first, then glossary and term.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from workbench.document import (
    HIT_CHOSEN,
    HIT_FORCED,
    HIT_MISSING,
    HIT_OK,
    HIT_REPAIRED,
    NEW,
)
from workbench.glossary.model import Glossary

MIN_HITS = 3  # fewer hits say too little about an entry to advise anything
RETIRE = "the model always gets it right by itself: the entry can be retired"
BETTER_TARGET = (
    "always forced in or missing: give it a target or variants nearer the model's English"
)


@dataclass
class EntryStats:
    glossary: str
    source: str
    target: str
    hits: int = 0
    ok: int = 0
    chosen: int = 0
    repaired: int = 0
    forced: int = 0
    missing: int = 0
    documents: int = 0
    _seen_in: set[str] = field(default_factory=set, repr=False, compare=False)

    @property
    def by_model(self) -> int:
        """Hits the model got right by itself (ok or chosen from its alternatives)."""
        return self.ok + self.chosen

    @property
    def advice(self) -> str:
        if self.hits < MIN_HITS:
            return ""
        if self.by_model == self.hits:
            return RETIRE
        if self.forced + self.missing == self.hits:
            return BETTER_TARGET
        return ""

    def as_dict(self) -> dict:
        names = ("glossary", "source", "target", "hits", "documents")
        counts = ("ok", "chosen", "repaired", "forced", "missing")
        return {
            **{n: getattr(self, n) for n in names},
            "by_model": self.by_model,
            **{n: getattr(self, n) for n in counts},
            "advice": self.advice,
        }


_FIELD = {
    HIT_OK: "ok",
    HIT_CHOSEN: "chosen",
    HIT_REPAIRED: "repaired",
    HIT_FORCED: "forced",
    HIT_MISSING: "missing",
}


def entry_stats(workspace, glossaries: Sequence[Glossary] = ()) -> list[EntryStats]:
    """Per-entry hit counts over every document of the workspace (see the module docstring)."""
    from workbench.workspace import WorkspaceError

    entries = {
        (g.name, t.source): EntryStats(g.name, t.source, t.target)
        for g in glossaries
        for t in g.terms
    }
    for record in workspace.list_documents() if workspace is not None else ():
        try:
            document, _ = workspace.load(record.id)
        except WorkspaceError:
            continue  # deleted meanwhile
        for segment in document.segments:
            if segment.status == NEW:
                continue
            for hit in segment.hits:
                key = (hit.glossary, hit.term_source)
                if key not in entries:
                    if glossaries:
                        continue
                    entries[key] = EntryStats(hit.glossary, hit.term_source, hit.term_target)
                # how the machine's English got the term, also after a person edited it
                _count(entries[key], hit.machine_status or hit.status, record.id)
    return sorted(entries.values(), key=lambda e: (-e.hits, e.glossary, e.source.lower()))


def _count(entry: EntryStats, status: str, doc_id: str) -> None:
    entry.hits += 1
    name = _FIELD.get(status, "missing")
    setattr(entry, name, getattr(entry, name) + 1)
    if doc_id not in entry._seen_in:
        entry._seen_in.add(doc_id)
        entry.documents += 1
