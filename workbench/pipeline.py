"""From a segmented German document to a translated one: engine, glossary, quality flags.

Contract:
- `translate_document(document, engine, glossaries=(), progress=None, segments=None)`
  translates segments in place and returns the document: `machine` and `target` get the
  English, `score` the model's score, `alternatives` the other n-best candidates, `status`
  becomes "translated". With glossaries, each segment's `hits` are found in the German and
  enforced in the English (workbench.glossary.enforcing). A segment a person edited or
  confirmed is never translated again, whatever `segments` says.
- `apply_glossaries(document, engine, glossaries, segments=None)` re-applies (changed)
  glossaries: machine-translated segments whose hits changed are translated again and
  enforced; edited segments keep their English, only their hits and statuses are re-checked.
  Returns the indexes of the segments whose English changed.
- `recheck_segment(segment, terminology)` re-checks one segment after a person's edit;
  `refresh_flags(document, terminology)` recomputes every segment's flags.
- `Terminology(glossaries)` compiles glossaries once (build it once per glossary selection).
- `progress(done, total)` is called as segments finish, for progress bars.
- With `memory` (a `workbench.memory.lookup.MemoryLookup`), `translate_document` first looks
  the chosen segments up: those the memory fills (exact and context matches, status "memory")
  are not sent to the model; their glossary hits are checked against the memory's English.
  Every segment the model translates gets `origin` "mt".
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench import long_segments, quality, tags
from workbench.document import (
    HIT_EDITED,
    HIT_MISSING,
    HIT_OK,
    ORIGIN_MT,
    TRANSLATED,
    Document,
    Flag,
    Segment,
)
from workbench.engine import Engine, Progress, Translation
from workbench.glossary.enforcing import enforce_many, english_for, honoured
from workbench.glossary.english import uses_forbidden
from workbench.glossary.matching import TermIndex, find_hits
from workbench.glossary.model import Glossary, Term


class Terminology:
    """Glossaries compiled for finding hits, with each hit's full Term at hand."""

    def __init__(self, glossaries: Sequence[Glossary] = ()):
        self.index = TermIndex(list(glossaries))
        self._terms = {(name, term.source): term for name, term in self.index.terms}

    def __bool__(self) -> bool:
        return bool(self._terms)

    def hits(self, source: str):
        hits = find_hits(source, self.index)
        for hit in hits:
            hit.term_target = english_for(self.term(hit))
        return hits

    def term(self, hit) -> Term:
        return self._terms[(hit.glossary, hit.term_source)]

    def find(self, hit) -> Term | None:
        return self._terms.get((hit.glossary, hit.term_source))

    def forbidden_used(self, segment: Segment) -> list[tuple[str, str]]:
        used = []
        for hit in segment.hits:
            term = self.find(hit)
            found = uses_forbidden(segment.target, term) if term else None
            if found:
                used.append((hit.term_source, found))
        return used


def _as_terminology(glossaries) -> Terminology:
    return glossaries if isinstance(glossaries, Terminology) else Terminology(glossaries)


def translate_document(
    document: Document,
    engine: Engine,
    glossaries: Sequence[Glossary] | Terminology = (),
    *,
    progress: Progress | None = None,
    segments: Sequence[int] | None = None,
    memory=None,
) -> Document:
    terminology = _as_terminology(glossaries)
    chosen = [
        s for s in document.segments if (segments is None or s.index in segments) and not s.edited
    ]
    if memory is not None:
        chosen = _from_memory(document, chosen, memory, terminology)
    _translate(chosen, engine, terminology, progress)
    refresh_flags(document, terminology)
    return document


def _from_memory(document, chosen, memory, terminology) -> list[Segment]:
    """Fill what the memory knows; the rest still goes to the model."""
    filled = set(memory.prefill(document, [s.index for s in chosen]))
    for segment in chosen:
        if segment.index in filled:
            segment.hits = terminology.hits(segment.source) if terminology else []
            recheck_segment(segment, terminology)
    return [s for s in chosen if s.index not in filled]


def _translate(chosen: list[Segment], engine: Engine, terminology: Terminology, progress=None):
    chosen, rejoin = long_segments.split_long(chosen, engine)  # pieces the model can take
    hits = [terminology.hits(s.source) if terminology else [] for s in chosen]
    formatted = any(s.source_tags for s in chosen)
    # Attention places terms and formatting tags in the English: asked for only when needed.
    translations = engine.translate(
        [s.source for s in chosen], progress=progress, with_attention=any(hits) or formatted
    )
    for segment, translation in zip(chosen, translations, strict=True):
        _apply(segment, translation)
    if terminology:
        for segment, found in zip(chosen, hits, strict=True):
            segment.hits = found
        english = enforce_many(
            [
                (s.hits, [terminology.term(h) for h in s.hits], t)
                for s, t in zip(chosen, translations, strict=True)
            ],
            engine,
        )
        for segment, text in zip(chosen, english, strict=True):
            if text != segment.machine and text in segment.alternatives:
                segment.alternatives.remove(text)
                segment.alternatives.insert(0, segment.machine)
            segment.machine = segment.target = text
    for segment, translation in zip(chosen, translations, strict=True):
        tags.carry(segment, translation.best, engine)  # onto the English as enforced
    rejoin()


def _apply(segment: Segment, translation: Translation) -> None:
    segment.machine = segment.target = translation.text
    segment.score = translation.score
    segment.alternatives = [
        c.text for c in translation.candidates[1:] if c.text != translation.text
    ]
    segment.status = TRANSLATED
    segment.origin = ORIGIN_MT
    segment.flags = [f for f in segment.flags if f.code != quality.CUT_OFF]
    if translation.best.cut_off:
        segment.flags.append(
            Flag(
                quality.CUT_OFF,
                "The engine stopped at its length limit: the end of the sentence may be missing.",
            )
        )


def apply_glossaries(
    document: Document,
    engine: Engine,
    glossaries: Sequence[Glossary] | Terminology,
    *,
    segments: Sequence[int] | None = None,
) -> list[int]:
    terminology = _as_terminology(glossaries)
    again = []
    for segment in document.segments:
        if (segments is not None and segment.index not in segments) or segment.status == "new":
            continue
        new_hits = terminology.hits(segment.source)
        if segment.edited:
            segment.hits = new_hits
            recheck_segment(segment, terminology)
        elif _hit_keys(new_hits) != _hit_keys(segment.hits):
            again.append(segment)
    _translate(again, engine, terminology)
    refresh_flags(document, terminology)
    return [s.index for s in again]


def _hit_keys(hits) -> list[tuple]:
    return [(h.start, h.end, h.glossary, h.term_source, h.term_target) for h in hits]


def recheck_segment(segment: Segment, terminology: Terminology | None = None) -> None:
    """Hit statuses follow the segment's English. While it is the machine's, each hit keeps
    the status enforcement gave it (or becomes "missing" / "ok" if the glossary changed since);
    once a person changed it, each hit is "edited" (their English has the term) or "missing".
    `machine_status` keeps how the machine's English got the term.

    A hit whose glossary is not loaded is checked against the target it recorded."""
    if not segment.hits:
        return
    terms = [
        (terminology.find(h) if terminology else None) or Term(h.term_source, h.term_target)
        for h in segment.hits
    ]
    by_person = segment.target != segment.machine
    for hit, ok in zip(segment.hits, honoured(segment.target, segment.hits, terms), strict=True):
        if not hit.machine_status:
            hit.machine_status = hit.status
        if by_person:
            hit.status = HIT_EDITED if ok else HIT_MISSING
        elif not ok:
            hit.status = HIT_MISSING
        else:
            machine = hit.machine_status
            hit.status = machine if machine not in (HIT_MISSING, HIT_EDITED) else HIT_OK


def refresh_flags(document: Document, terminology: Terminology | None = None) -> None:
    check = terminology.forbidden_used if terminology else None
    quality.document_flags(document, forbidden_check=check)
