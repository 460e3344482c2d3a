"""Finding glossary terms in German text, inflected forms included.

Contract:
- `TermIndex(entries)` is built once from Glossaries, (glossary name, Term) pairs or bare Terms
  and is read-only afterwards (safe to share between threads and sessions).
- `find_hits(text, index)` returns `TermHit`s sorted by start, never overlapping. Where hits
  compete the longest span wins, then an exact hit over a compound hit, then the earlier
  glossary/term. `status` is left at its default; `note` is the term's note.

How a term is found:
- Text and term are cut into words at spaces and punctuation; a hyphen between two words is
  remembered ("NATO-Generalsekretär" is NATO + "-" + Generalsekretär).
- Two words are the same if their lemma keys meet: the lowercased word and its simplemma lemma
  ("des Islamischen Staates" -> islamisch staat = "Islamischer Staat"; "Bündnisses" ->
  bündnis). All words of the term must follow each other with the same kind of gap.
- Hyphen variants: hyphenated words are also compared joined ("Terror-Milizen" ~
  "Terrormiliz", and the other way round).
- A term can end inside a hyphenated compound: "Peschmerga-Kämpfer" hits "Peschmerga" on
  "Peschmerga" only. The longest entry wins: "NATO-Generalsekretär" over NATO + Generalsekretär.
- Closed compounds give confidence "compound": a single-word, capitalised term (a noun) of at
  least 5 letters at the start of a longer word ("Bundeswehrsoldaten" -> "Bundeswehr") when at
  least 4 letters follow that are not a derivation suffix (-isch, -lich, -ist, -ismus...: so
  "Israelische" does not hit "Israel"), or at the end of a word's lemma with at least 3 letters
  before it ("Militärbündnisses" -> "Bündnis"). Shorter terms ("Irak") never hit inside words.
- Symbols written around a term's words belong to it: "C++", "K.O." and ".NET" cover them in
  the text (a final full stop that also ends the sentence stays outside), and "C" alone is not
  "C++".
- Capitals (case_sensitive empty = automatic): an all-capital word (IS, NATO) must appear
  exactly (or with a plural s: NGOs); in a term of several words the capitalised words must be
  capitalised in the text ("islamische Staaten" is not "Islamischer Staat"). case_sensitive=yes:
  letters the text shares with the term must have the same case. case_sensitive=no: capitals
  never matter. Single-word terms are otherwise found regardless of capitals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

import simplemma

from workbench.document import TermHit
from workbench.glossary.model import Glossary, Term

EXACT = "exact"
COMPOUND = "compound"
MIN_COMPOUND_TERM = 5  # shorter terms ("Irak", "Amt") are only found as whole words
MIN_COMPOUND_REST = 4  # letters after a term at a compound's start ("Bundeswehr|soldaten")
MIN_COMPOUND_HEAD = 3  # letters before a term at a compound's end ("Militär|bündnis")
MAX_HYPHEN_PARTS = 5  # longest hyphen chain compared joined
DERIVATION_SUFFIXES = ("isch", "lich", "ler", "ismus", "ist", "ität", "innen", "erin", "ig")

_WORD = re.compile(r"[^\W_]+")
_HYPHENS = frozenset("-\u2010\u2011")  # hyphen-minus, hyphen, non-breaking hyphen
SPACE, HYPHEN, BREAK = " ", "-", "|"

# Case rules per term word.
_ANY, _EXACT, _CAPITAL, _SAME = "any", "exact", "capital", "same"


@lru_cache(maxsize=200_000)
def lemma_key(word: str) -> str:
    """The lowercase lemma of a German word, lowercased first ("Islamischen" -> "islamisch").
    Unknown words get simplemma's greedy guess ("Nordiraks" -> "nordirak")."""
    low = word.lower()
    lemma = simplemma.lemmatize(low, lang="de").lower()
    if lemma == low and not simplemma.is_known(low, lang="de"):
        lemma = simplemma.lemmatize(low, lang="de", greedy=True).lower()
    return lemma


@lru_cache(maxsize=200_000)
def word_keys(word: str) -> frozenset[str]:
    """Every key under which a German word can meet a term word."""
    return frozenset((word.lower(), lemma_key(word)))


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


@dataclass(frozen=True)
class _Word:
    """One word of the text: character span, surface and the gap kind before it."""

    start: int
    end: int
    surface: str
    joiner: str


@dataclass(frozen=True)
class _TermWord:
    surface: str
    keys: frozenset[str]
    joiner: str
    rule: str


@dataclass(frozen=True)
class _Entry:
    """One way of writing a term (as written, or with hyphen groups joined)."""

    glossary: str
    term: Term
    order: int
    words: tuple[_TermWord, ...]


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    confidence: str
    entry: _Entry


def split_words(text: str) -> list[_Word]:
    """Words of `text` with the kind of gap before each: space, hyphen or other (break)."""
    words: list[_Word] = []
    previous_end = None
    for match in _WORD.finditer(text):
        gap = text[previous_end : match.start()] if previous_end is not None else None
        if gap is None:
            joiner = BREAK
        elif gap and gap.isspace():
            joiner = SPACE
        elif len(gap) == 1 and gap in _HYPHENS:
            joiner = HYPHEN
        else:
            joiner = BREAK
        words.append(_Word(match.start(), match.end(), match.group(), joiner))
        previous_end = match.end()
    return words


def _case_ok(rule: str, term_word: str, word: str) -> bool:
    if rule == _ANY:
        return True
    if rule == _EXACT:
        return word == term_word or word == term_word + "s"
    if rule == _CAPITAL:
        return word[:1].isupper()
    for a, b in zip(term_word, word, strict=False):  # _SAME: shared letters in the same case
        if a.lower() != b.lower():
            break
        if a != b:
            return False
    return True


def _term_entries(glossary: str, term: Term, order: int) -> list[_Entry]:
    parts = split_words(term.source)
    if not parts:
        return []
    several = len(parts) > 1

    def rule(word: str) -> str:
        if term.case_sensitive is False:
            return _ANY
        if _is_acronym(word):
            return _EXACT
        if term.case_sensitive:
            return _SAME
        return _CAPITAL if several and word[:1].isupper() else _ANY

    def term_word(surface: str, joiner: str) -> _TermWord:
        acronym = _is_acronym(surface) and term.case_sensitive is not False
        low = surface.lower()
        keys = frozenset((low, low + "s")) if acronym else word_keys(surface)
        return _TermWord(surface, keys, joiner, rule(surface))

    written = tuple(term_word(p.surface, p.joiner) for p in parts)
    entries = [_Entry(glossary, term, order, written)]
    if any(p.joiner == HYPHEN for p in parts) and not any(w.rule == _EXACT for w in written):
        groups: list[list[_Word]] = []
        for p in parts:
            if p.joiner == HYPHEN:
                groups[-1].append(p)
            else:
                groups.append([p])
        joined = tuple(term_word("".join(p.surface for p in g), g[0].joiner) for g in groups)
        entries.append(_Entry(glossary, term, order, joined))
    return entries


class TermIndex:
    """Terms compiled for fast finding: first-word key -> entries, plus compound tables."""

    def __init__(self, entries: Iterable[Glossary | tuple[str, Term] | Term]):
        self.terms: list[tuple[str, Term]] = []
        for item in entries:
            if isinstance(item, Glossary):
                self.terms.extend((item.name, t) for t in item.terms)
            elif isinstance(item, Term):
                self.terms.append(("", item))
            else:
                self.terms.append((item[0], item[1]))
        self._first: dict[str, list[_Entry]] = {}
        self._starts: dict[str, list[_Entry]] = {}
        self._ends: dict[str, list[_Entry]] = {}
        for order, (glossary, term) in enumerate(self.terms):
            for entry in _term_entries(glossary, term, order):
                for key in entry.words[0].keys:
                    self._first.setdefault(key, []).append(entry)
            self._add_compound(glossary, term, order)
        self._start_lengths = sorted({len(k) for k in self._starts})
        self._end_lengths = sorted({len(k) for k in self._ends})

    def __len__(self) -> int:
        return len(self.terms)

    def _add_compound(self, glossary: str, term: Term, order: int) -> None:
        words = split_words(term.source)
        if len(words) != 1 or words[0].surface != term.source:
            return
        word = words[0].surface
        if len(word) < MIN_COMPOUND_TERM or _is_acronym(word) or not word[:1].isupper():
            return
        rule = _SAME if term.case_sensitive else _ANY
        entry = _Entry(glossary, term, order, (_TermWord(word, word_keys(word), BREAK, rule),))
        self._starts.setdefault(word.lower(), []).append(entry)
        if not term.case_sensitive:
            for key in entry.words[0].keys:
                self._ends.setdefault(key, []).append(entry)

    def exact_at(self, words: list[_Word], i: int) -> Iterable[_Found]:
        """Entries whose words match the text from word i on."""
        seen: set[int] = set()
        for surface, after in _options(words, i):
            for key in word_keys(surface):
                for entry in self._first.get(key, ()):
                    if id(entry) in seen:
                        continue
                    seen.add(id(entry))
                    first = entry.words[0]
                    if not _case_ok(first.rule, first.surface, surface):
                        continue
                    end = _match_rest(entry.words[1:], words, after)
                    if end is not None:
                        yield _Found(words[i].start, words[end - 1].end, EXACT, entry)

    def compounds_in(self, word: _Word) -> Iterable[_Found]:
        """Terms at the start or end of a closed compound word."""
        low = word.surface.lower()
        if len(low) != len(word.surface):
            return  # lowercasing changed the length ("İ"): offsets would not line up
        for length in self._start_lengths:
            if length > len(low) - MIN_COMPOUND_REST:
                break
            if low[length:].startswith(DERIVATION_SUFFIXES):
                continue
            for entry in self._starts.get(low[:length], ()):
                first = entry.words[0]
                if _case_ok(first.rule, first.surface, word.surface[:length]):
                    yield _Found(word.start, word.start + length, COMPOUND, entry)
        lemma = lemma_key(word.surface)
        for length in self._end_lengths:
            if length > len(lemma) - MIN_COMPOUND_HEAD:
                break
            offset = len(lemma) - length
            start = word.start + offset if low[:offset] == lemma[:offset] else word.start
            for entry in self._ends.get(lemma[offset:], ()):
                yield _Found(start, word.end, COMPOUND, entry)


def _options(words: list[_Word], i: int) -> Iterable[tuple[str, int]]:
    """Word i alone, then word i joined with the hyphenated words after it."""
    yield words[i].surface, i + 1
    joined = words[i].surface
    j = i + 1
    while j < len(words) and j - i < MAX_HYPHEN_PARTS and words[j].joiner == HYPHEN:
        joined += words[j].surface
        j += 1
        yield joined, j


def _match_rest(term_words: tuple[_TermWord, ...], words: list[_Word], pos: int) -> int | None:
    """Index after the last matched word, or None if the term's remaining words don't follow."""
    for tw in term_words:
        if pos >= len(words) or words[pos].joiner != tw.joiner:
            return None
        for surface, after in _options(words, pos):
            if tw.keys & word_keys(surface) and _case_ok(tw.rule, tw.surface, surface):
                pos = after
                break
        else:
            return None
    return pos


def _choose(found: list[_Found], length: int) -> list[_Found]:
    """Longest first, exact before compound, earlier term first; drop anything overlapping."""
    found.sort(key=lambda f: (f.start - f.end, f.confidence != EXACT, f.entry.order, f.start))
    taken = bytearray(length)
    chosen = []
    for f in found:
        if taken.find(1, f.start, f.end) != -1:
            continue
        taken[f.start : f.end] = b"\x01" * (f.end - f.start)
        chosen.append(f)
    chosen.sort(key=lambda f: f.start)
    return chosen


def find_hits(text: str, index: TermIndex) -> list[TermHit]:
    """All glossary terms in `text` (see the module docstring for the rules)."""
    words = split_words(text)
    found: list[_Found] = []
    for i, word in enumerate(words):
        found.extend(index.exact_at(words, i))
        if len(word.surface) >= MIN_COMPOUND_TERM + MIN_COMPOUND_HEAD:
            found.extend(index.compounds_in(word))
    found = [f for f in (_with_symbols(text, f) for f in found) if f is not None]
    return [
        TermHit(
            start=f.start,
            end=f.end,
            matched=text[f.start : f.end],
            term_source=f.entry.term.source,
            term_target=f.entry.term.target,
            glossary=f.entry.glossary,
            confidence=f.confidence,
            note=f.entry.term.note,
        )
        for f in _choose(found, len(text))
    ]


_SENTENCE_END = re.compile(r"[\"'»«“”‘’)\]]*\s*$")


def _with_symbols(text: str, found: _Found) -> _Found | None:
    """A term written with symbols before or after its words ("C++", "K.O.", ".NET") covers
    them too, so the English replaces "C++" whole rather than "C" (which left "CPP++"); where
    the text lacks them it is another word ("C" is not C++) and there is no hit. A full stop
    that also ends the sentence ("durch K.O.") stays outside the span: the English sentence
    needs it; a term's final full stop may be missing ("K.O" at the end, "Dr" for "Dr.")."""
    if found.confidence != EXACT:
        return found
    source = found.entry.term.source
    words = list(_WORD.finditer(source))
    lead = source[: words[0].start()].lstrip() if words else ""
    trail = source[words[-1].end() :].rstrip() if words else ""
    if not lead and not trail:
        return found
    start, end = found.start, found.end
    if lead:
        if text[start - len(lead) : start] != lead:
            return None
        start -= len(lead)
    if trail and text[end : end + len(trail)] == trail:
        if trail[-1] in ".!?" and _SENTENCE_END.match(text, end + len(trail)):
            trail = trail[:-1]
        end += len(trail)
    elif trail.rstrip(".") and text[end : end + len(trail.rstrip("."))] != trail.rstrip("."):
        return None
    else:
        end += len(trail.rstrip("."))
    return replace(found, start=start, end=end)
