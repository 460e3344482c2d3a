"""Making the English honour the glossary, with the model's help first.

Contract: `enforce_terms(segment_hits, terms, translation, engine)` returns the English for one
segment and sets every hit's `status`. It tries, in this order, and stops as soon as every hit's
target term is present in a form that counts (workbench.glossary.english):
1. ok: the model's first choice already honours every hit.
2. chosen-from-alternatives: the best-scoring n-best candidate that honours every hit.
3. repaired: for each missing hit, in English order, the candidate is kept up to where the
   term belongs (the target tokens aligned to the hit's source tokens by the attention of the
   model), the term's tokens are appended, and the model decodes the rest with that forced
   prefix, banning the term's forbidden renderings. The result is kept only if the term and
   every term already in place are present and the rest of the sentence agrees with the
   candidate's (so a repair never silently drops or duplicates text).
4. forced: the aligned English span (or, failing alignment, the German words themselves when
   the model copied them) is replaced by the term.
A term put in by 3. or 4. takes the form its German asks for (plural, possessive) and a forced
term stands as a word of its own in English spacing (workbench.glossary.agreement).
5. missing: no place for the term could be found; the segment is flagged.
A term that occurs twice in the German must occur twice in the English. Forbidden renderings
count as "not honoured".

`enforce_many([(hits, terms, translation), ...], engine)` does the same for a whole document
with identical results, but decodes the repairs of all its segments together: one batched call
per round (round k tries each segment's k-th repair), not one call per repair. Steps 1, 2 and 4
need no decoding; attention is only used where a term must be placed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from workbench.document import HIT_CHOSEN, HIT_FORCED, HIT_MISSING, HIT_OK, HIT_REPAIRED, TermHit
from workbench.engine import Candidate, Continuation, Engine, Translation
from workbench.glossary.agreement import put_in_place, term_in_context
from workbench.glossary.english import find_term_in_english, uses_forbidden
from workbench.glossary.model import Term

log = logging.getLogger(__name__)

TAIL_AGREEMENT = 0.75  # share of words after the term that must match the unrepaired candidate


def english_for(
    term: Term, hit: TermHit | None = None, source: str = "", replaced: str = ""
) -> str:
    """The English a term requires (do-not-translate terms keep the German); given the hit in
    its German `source`, in the form the German asks for ("Flüchtlinge" -> "refugees"), with
    `replaced` the English it takes the place of (workbench.glossary.agreement)."""
    english = term.source if term.keep or not term.target else term.target
    return english if hit is None else term_in_context(english, term, hit, source, replaced)


def count_in_english(english: str, term: Term) -> int:
    """How many separate times the term occurs in the English."""
    found, offset = 0, 0
    while True:
        span = find_term_in_english(english[offset:], term)
        if span is None:
            return found
        found += 1
        offset += max(span[1], 1)


def honoured(english: str, hits: Sequence[TermHit], terms: Sequence[Term]) -> list[bool]:
    """Per hit: is its term present (as often as the German needs it) and not forbidden?"""
    needed: dict[int, int] = {}
    result = []
    for term in terms:
        needed[id(term)] = needed.get(id(term), 0) + 1
        ok = count_in_english(english, term) >= needed[id(term)] and not uses_forbidden(
            english, term
        )
        result.append(ok)
    return result


def enforce_terms(
    hits: Sequence[TermHit], terms: Sequence[Term], translation: Translation, engine: Engine
) -> str:
    return enforce_many([(hits, terms, translation)], engine)[0]


def enforce_many(
    segments: Sequence[tuple[Sequence[TermHit], Sequence[Term], Translation]], engine: Engine
) -> list[str]:
    """`enforce_terms` for many segments at once, with the same results: the repairs of every
    segment are decoded together, one batch per round (a segment's second repair starts from
    its first), instead of one decoding call per repair."""
    texts: list[str] = []
    repairs: list[_Repair] = []
    for hits, terms, translation in segments:
        text = _without_repair(hits, terms, translation)
        if text is None:
            base = _base_candidate(hits, terms, translation)
            repairs.append(_Repair(len(texts), translation.source, hits, terms, base))
            text = ""
        texts.append(text)
    active = repairs
    while active:
        attempts = [(r, a) for r in active if (a := r.next_attempt(engine)) is not None]
        if not attempts:
            break
        results = _decode_repairs([a.request for _, a in attempts], engine)
        active = [
            r for (r, a), result in zip(attempts, results, strict=True) if r.take(a, result, engine)
        ]
    for repair in repairs:
        text = _force(repair.source, repair.hits, repair.terms, repair.candidate, engine)
        for hit, ok in zip(repair.hits, honoured(text, repair.hits, repair.terms), strict=True):
            if not ok:
                hit.status = HIT_MISSING
        texts[repair.index] = text
    return texts


def _without_repair(hits, terms, translation: Translation) -> str | None:
    """The English when the model's own candidates honour every hit (statuses set), else None."""
    if not hits:
        return translation.text
    best = translation.best
    first_ok = honoured(best.text, hits, terms)
    if all(first_ok):
        _set(hits, HIT_OK)
        return best.text
    for candidate in translation.candidates[1:]:
        if all(honoured(candidate.text, hits, terms)):
            for hit, ok in zip(hits, first_ok, strict=True):
                hit.status = HIT_OK if ok else HIT_CHOSEN
            return candidate.text
    return None


def _base_candidate(hits, terms, translation: Translation) -> Candidate:
    """The candidate with the most hits honoured (then the best score): repairs start there."""
    first_ok = honoured(translation.best.text, hits, terms)
    base = max(translation.candidates, key=lambda c: (sum(honoured(c.text, hits, terms)), c.score))
    for hit, ok, was_ok in zip(hits, honoured(base.text, hits, terms), first_ok, strict=True):
        hit.status = (HIT_OK if was_ok else HIT_CHOSEN) if ok else HIT_MISSING
    return base


def _set(hits: Sequence[TermHit], status: str) -> None:
    for hit in hits:
        hit.status = status


# -- alignment -----------------------------------------------------------------------------


def source_token_span(engine: Engine, source: str, hit: TermHit) -> tuple[int, int]:
    """Token indexes [start, end) of the hit in the tokenised source."""
    start = len(engine.tokenize(source[: hit.start].rstrip())) if hit.start else 0
    end = len(engine.tokenize(source[: hit.end]))
    return start, max(end, start + 1)


def aligned_tokens(candidate: Candidate, span: tuple[int, int]) -> tuple[int, int] | None:
    """Target token range [a, b) whose strongest attention falls on the source span."""
    if not candidate.attention:
        return None
    aligned = [
        t
        for t, row in enumerate(candidate.attention[: len(candidate.tokens)])
        if row and span[0] <= max(range(len(row)), key=row.__getitem__) < span[1]
    ]
    return (min(aligned), max(aligned) + 1) if aligned else None


def _token_offsets(engine: Engine, tokens: Sequence[str]) -> list[int]:
    """Character offset in the detokenised text where each token starts (plus the end)."""
    return [len(engine.detokenize(tokens[:i])) if i else 0 for i in range(len(tokens) + 1)]


# -- repairing with the model ------------------------------------------------------------------


@dataclass
class _Attempt:
    """One repair to decode: the hit, its term and aligned place, and the decoding request."""

    hit: TermHit
    term: Term
    place: tuple[int, int]
    span: tuple[int, int]
    request: Continuation


@dataclass
class _Repair:
    """One segment's repairs: each round repairs its first missing hit in English order; it
    stops at the first repair that fails, or when no missing hit has a place (at most one round
    per hit)."""

    index: int
    source: str
    hits: Sequence[TermHit]
    terms: Sequence[Term]
    candidate: Candidate
    rounds: int = 0

    def next_attempt(self, engine: Engine) -> _Attempt | None:
        if self.rounds >= len(self.hits):
            return None
        self.rounds += 1
        missing = _missing_in_order(self.source, self.hits, self.terms, self.candidate, engine)
        if not missing:
            return None
        hit, term, place = missing[0]
        a, _ = place
        english = english_for(
            term, hit, self.source, engine.detokenize(self.candidate.tokens[a : place[1]])
        )
        if a == 0:
            english = english[:1].upper() + english[1:]
        prefix = tuple(self.candidate.tokens[:a]) + tuple(engine.tokenize(english))
        banned = tuple(tuple(engine.tokenize(f)) for f in term.forbidden if f.strip())
        span = source_token_span(engine, self.source, hit)
        return _Attempt(hit, term, place, span, Continuation(self.source, prefix, banned))

    def take(self, attempt: _Attempt, result: Candidate | None, engine: Engine) -> bool:
        """Keep a good repair; True when the segment may try another one."""
        if result is None or not _good_repair(self.candidate, attempt, result, engine):
            return False
        if not _keeps_done_terms(result.text, self.candidate.text, self.hits, self.terms):
            return False
        self.candidate = result
        attempt.hit.status = HIT_REPAIRED
        return True


def _decode_repairs(requests: list[Continuation], engine: Engine) -> list[Candidate | None]:
    """Decoded repairs; a request whose decoding fails gives None (the next fallback takes
    over), without costing the others theirs."""
    try:
        return list(engine.continue_many(requests, with_attention=True))
    except Exception:  # one at a time next, so only the failing repair is lost
        log.warning("decoding %d repairs together failed", len(requests), exc_info=True)
    results: list[Candidate | None] = []
    for request in requests:
        try:
            results.append(engine.continue_many([request], with_attention=True)[0])
        except Exception:  # a failed re-decode falls through to forcing
            # said in the server's log: a repair that never works shows as "forced" only
            log.warning("a repair of %r failed; the term is forced", request.source, exc_info=True)
            results.append(None)
    return results


def _missing_in_order(source, hits, terms, candidate: Candidate, engine: Engine):
    """Missing hits that have an aligned place in the candidate, in English order."""
    found = []
    for hit, term, ok in zip(hits, terms, honoured(candidate.text, hits, terms), strict=True):
        if ok or hit.status == HIT_REPAIRED:
            continue
        place = aligned_tokens(candidate, source_token_span(engine, source, hit))
        if place:
            found.append((hit, term, place))
    return sorted(found, key=lambda item: item[2][0])


def _good_repair(candidate: Candidate, attempt: _Attempt, result: Candidate, engine) -> bool:
    term = attempt.term
    if (
        result.cut_off
        or find_term_in_english(result.text, term) is None
        or uses_forbidden(result.text, term)
    ):
        return False
    prefix_length = len(attempt.request.prefix)
    return _same_rest(candidate, attempt.place[1], result, prefix_length, attempt.span, engine)


def _same_rest(
    old: Candidate, old_start: int, new: Candidate, new_start: int, span, engine
) -> bool:
    """Does the re-decoded rest of the sentence cover what the old rest covered, once?

    Duplication: a token of the new rest attends to the German term again. Loss: German words
    after the term that the old rest translated are attended by no token of the new rest. The
    words themselves must also largely agree (TAIL_AGREEMENT)."""
    old_tail = engine.detokenize(old.tokens[old_start:]).split()
    new_tail = engine.detokenize(new.tokens[new_start:]).split()
    if (old_tail or new_tail) and SequenceMatcher(
        a=old_tail, b=new_tail, autojunk=False
    ).ratio() < TAIL_AGREEMENT:
        return False
    old_cover = _argmax_positions(old, old_start)
    new_cover = _argmax_positions(new, new_start)
    if old_cover is None or new_cover is None:
        return old_tail == new_tail
    if any(span[0] <= p < span[1] for p in new_cover):
        return False
    return {p for p in old_cover if p >= span[1]} <= set(new_cover)


def _argmax_positions(candidate: Candidate, start: int) -> list[int] | None:
    if not candidate.attention:
        return None
    rows = candidate.attention[start : len(candidate.tokens)]
    return [max(range(len(row)), key=row.__getitem__) for row in rows if row]


def _keeps_done_terms(new_text: str, old_text: str, hits, terms) -> bool:
    before = honoured(old_text, hits, terms)
    after = honoured(new_text, hits, terms)
    return all(a or not b for a, b in zip(after, before, strict=True))


# -- forcing -------------------------------------------------------------------------------------


def _force(source: str, hits, terms, candidate: Candidate, engine: Engine) -> str:
    """Replace the English span of every still-missing hit with its term (right to left)."""
    text = candidate.text
    offsets = _token_offsets(engine, candidate.tokens) if candidate.attention else None
    replacements: list[tuple[tuple[int, int], TermHit, Term]] = []
    for hit, term, ok in zip(hits, terms, honoured(text, hits, terms), strict=True):
        if ok:
            continue
        span = _forbidden_span(text, term) or _aligned_span(
            source, hit, candidate, offsets, engine, text
        )
        span = span or _literal_span(text, hit.matched, replacements)
        if span:
            replacements.append((span, hit, term))
    applied: list[tuple[int, int]] = []
    for (start, end), hit, term in sorted(replacements, key=lambda r: r[0][0], reverse=True):
        if any(s < end and start < e for s, e in applied):
            continue  # overlapping places: the hit stays missing and is flagged
        applied.append((start, end))
        english = english_for(term, hit, source, text[start:end])
        if start == 0:
            english = english[:1].upper() + english[1:]
        # a word of its own, in English spacing ("NATO-Gipfel" -> "NATO summit")
        text = put_in_place(text, start, end, english)
        hit.status = HIT_FORCED
    return text


def _aligned_span(source, hit, candidate, offsets, engine, text) -> tuple[int, int] | None:
    if offsets is None:
        return None
    place = aligned_tokens(candidate, source_token_span(engine, source, hit))
    if not place:
        return None
    start, end = offsets[place[0]], offsets[place[1]]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _literal_span(text: str, matched: str, taken) -> tuple[int, int] | None:
    start = text.find(matched)
    while start >= 0:
        span = (start, start + len(matched))
        if not any(s < span[1] and span[0] < e for (s, e), _, _ in taken):
            return span
        start = text.find(matched, start + 1)
    return None


def _forbidden_span(text: str, term: Term) -> tuple[int, int] | None:
    found = uses_forbidden(text, term)
    if not found:
        return None
    start = text.find(found)
    return (start, start + len(found)) if start >= 0 else None
