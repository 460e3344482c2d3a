"""Term candidates: names, acronyms and compounds of an article that no glossary covers yet.

Contract:
- `term_candidates(document, glossaries=(), engine=None) -> list[TermCandidate]` reads the
  German of the document's segments (it need not be translated) and lists:
  names ("Jens Stoltenberg", "Brüssel": words HanTa tags as names, consecutive ones together,
  and a capitalised adjective inside a sentence with its noun, "Vereinigte Staaten"),
  acronyms ("USA", "ARD", also inside compounds: "ARD-Studio"), and compounds (hyphenated
  nouns, "Irak-Einsatz"; closed nouns HanTa splits into two or more nouns, "Trainingseinsatz";
  nouns of `UNKNOWN_COMPOUND` letters or more that simplemma does not know,
  "Seefernaufklärungsflugzeug").
  A candidate is covered, and left out, when a glossary hit (workbench.glossary.matching) covers
  its last word or the end of the compound: "NATO-Gipfel" is covered by Gipfel, while
  "Bündnispartner" is not covered by Bündnis.
- Each `TermCandidate` has the German `term` in its base form (the head noun's lemma:
  "Irak-Einsatzes" -> "Irak-Einsatz"), its `kind`, how often it occurs (`count`), the `forms`
  seen, the `sentences` (German segments) it occurs in, in order, and `proposal`: the English
  the model's attention aligns to it (a plural head word made singular), the most frequent one
  over its occurrences. Without an engine, `proposal` is "" for every candidate.
- With an engine, the segments that hold candidates are translated once more with attention
  (the document's own English, maybe edited by a person, has no alignment).
- A one-word name that ends a longer one ("Stoltenberg" after "Jens Stoltenberg") counts as
  that name. Sorted by count, most frequent first, then by first appearance.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import simplemma

from workbench.document import Document, TermHit
from workbench.engine import Engine
from workbench.glossary.agreement import singular_of
from workbench.glossary.enforcing import aligned_tokens, source_token_span
from workbench.glossary.german import TOKEN, noun_parts, tagged
from workbench.glossary.matching import TermIndex, find_hits
from workbench.glossary.model import Glossary
from workbench.long_segments import piece_limit

NAME, ACRONYM, COMPOUND = "name", "acronym", "compound"
_ACRONYM = re.compile(r"[A-ZÄÖÜ][A-ZÄÖÜ0-9]+")
_SENTENCE_END = frozenset('.!?:;"„“”»«')
HEAD_CHARS = 4  # the end of a compound that a glossary hit must cover
UNKNOWN_COMPOUND = 12  # letters from which an unknown noun counts as a compound


@dataclass
class TermCandidate:
    term: str
    kind: str
    count: int = 0
    forms: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    proposal: str = ""


@dataclass(frozen=True)
class _Occurrence:
    start: int
    end: int
    head_start: int  # where the part a glossary hit must cover begins
    term: str
    kind: str


def term_candidates(
    document: Document, glossaries: Sequence[Glossary] = (), engine: Engine | None = None
) -> list[TermCandidate]:
    """Names, acronyms and compounds no glossary covers (see the module docstring)."""
    index = TermIndex(list(glossaries))
    found: dict[str, TermCandidate] = {}
    places: dict[str, list[tuple[int, _Occurrence]]] = {}
    for position, segment in enumerate(document.segments):
        hits = find_hits(segment.source, index) if len(index) else []
        for occurrence in _occurrences(segment.source):
            if _covered(occurrence, hits):
                continue
            key = occurrence.term.lower()
            candidate = found.setdefault(key, TermCandidate(occurrence.term, occurrence.kind))
            candidate.count += 1
            form = segment.source[occurrence.start : occurrence.end]
            if form not in candidate.forms:
                candidate.forms.append(form)
            if segment.source not in candidate.sentences:
                candidate.sentences.append(segment.source)
            places.setdefault(key, []).append((position, occurrence))
    _merge_surnames(found, places)
    if engine is not None and found:
        _propose(document, found, places, engine)
    order = list(found)
    return sorted(found.values(), key=lambda c: (-c.count, order.index(c.term.lower())))


def _merge_surnames(found: dict[str, TermCandidate], places) -> None:
    """A one-word name that ends a longer name ("Stoltenberg", "Jens Stoltenberg") is a later
    mention of it: counted there."""
    full = {
        c.term.split()[-1].lower(): k for k, c in found.items() if c.kind == NAME and " " in c.term
    }
    for key in [k for k, c in found.items() if c.kind == NAME and k in full]:
        short, long = found.pop(key), found[full[key]]
        long.count += short.count
        long.forms += [f for f in short.forms if f not in long.forms]
        long.sentences += [s for s in short.sentences if s not in long.sentences]
        places[full[key]] += places.pop(key)


def _covered(occurrence: _Occurrence, hits: list[TermHit]) -> bool:
    return any(h.start <= occurrence.head_start and occurrence.end <= h.end for h in hits)


def _occurrences(source: str) -> list[_Occurrence]:
    """Every name, acronym and compound in one German segment."""
    tokens = [
        (m.start(), m.end(), *tag)
        for m, tag in zip(TOKEN.finditer(source), tagged(source), strict=True)
    ]
    found: list[_Occurrence] = []
    i = 0
    while i < len(tokens):
        start, end, word, lemma, tag = tokens[i]
        starts_sentence = i == 0 or tokens[i - 1][2] in _SENTENCE_END
        found.extend(_acronyms(start, word))
        if tag == "NE" and not _ACRONYM.fullmatch(word):
            j = i
            while j + 1 < len(tokens) and tokens[j + 1][4] == "NE":
                j += 1
            found.append(_name(source, tokens[i : j + 1]))
            i = j + 1
            continue
        named = tag.startswith("ADJ") and word[:1].isupper() and not starts_sentence
        if named and i + 1 < len(tokens) and tokens[i + 1][4] in ("NN", "NE"):
            found.append(_name(source, tokens[i : i + 2]))
            i += 2
            continue
        if tag.startswith("NN") and _is_compound(word):
            found.append(_compound(start, end, word, lemma))
        i += 1
    return found


def _acronyms(start: int, word: str) -> list[_Occurrence]:
    found = []
    for part in re.finditer(r"[^\W_]+", word):
        if _ACRONYM.fullmatch(part.group()):
            s, e = start + part.start(), start + part.end()
            found.append(_Occurrence(s, e, s, part.group(), ACRONYM))
    return found


def _name(source: str, tokens) -> _Occurrence:
    start, end = tokens[0][0], tokens[-1][1]
    return _Occurrence(start, end, tokens[-1][0], source[start:end], NAME)


def _is_compound(word: str) -> bool:
    parts = re.split("[-\u2010\u2011]", word)
    if len(parts) > 1:
        return all(p[:1].isalnum() for p in parts) and any(len(p) > 1 for p in parts[1:])
    if len(noun_parts(word)) >= 2:
        return True
    # a long noun no dictionary knows is a compound HanTa could not split
    return len(word) >= UNKNOWN_COMPOUND and not simplemma.is_known(word.lower(), lang="de")


def _compound(start: int, end: int, word: str, lemma: str) -> _Occurrence:
    """A compound in its base form: the head noun's lemma ("Irak-Einsatzes" -> "Irak-Einsatz")."""
    parts = re.split("([-\u2010\u2011])", word)
    head = re.split("[-\u2010\u2011]", lemma)[-1] or parts[-1]
    base = "".join(parts[:-1]) + head[:1].upper() + head[1:]
    return _Occurrence(start, end, max(start, end - HEAD_CHARS), base, COMPOUND)


# -- English proposals --------------------------------------------------------------------------


def _propose(document: Document, found, places, engine: Engine) -> None:
    """Each candidate's most frequent aligned English, from one attention decode per segment."""
    positions = sorted({p for occurrences in places.values() for p, _ in occurrences})
    # a segment longer than the model takes gives no alignment (its candidates stay listed)
    limit = piece_limit(engine)
    positions = [p for p in positions if len(engine.tokenize(document.segments[p].source)) <= limit]
    sources = [document.segments[p].source for p in positions]
    translations = dict(zip(positions, engine.translate(sources, with_attention=True), strict=True))
    for key, occurrences in places.items():
        english: Counter[str] = Counter()
        for position, occurrence in occurrences:
            if position not in translations:
                continue
            aligned = _aligned(
                document.segments[position].source, occurrence, translations[position], engine
            )
            if aligned:
                english[aligned] += 1
        if english:
            found[key].proposal = english.most_common(1)[0][0]


def _aligned(source: str, occurrence: _Occurrence, translation, engine: Engine) -> str:
    best = translation.best
    hit = TermHit(
        occurrence.start, occurrence.end, source[occurrence.start : occurrence.end], "", ""
    )
    place = aligned_tokens(best, source_token_span(engine, source, hit))
    if not place:
        return ""
    text = engine.detokenize(best.tokens[place[0] : place[1]]).strip(" ,.;:!?\"'„“”()")
    return singular_of(text)
