"""Checking the English side: does a translation use a term's target (or a variant)?

Contract:
- `find_term_in_english(english, term)` gives the character span of the first place where the
  term's target or one of its accepted variants appears (the longest one if several start
  there), or None. `honours(english, term)` says whether there is one.
- `uses_forbidden(english, term)` gives the first forbidden rendering (as written in the
  glossary) that appears outside every accepted rendering, or None. So a forbidden "Nato" is
  not reported for "NATO", and a forbidden "Islamic state" is not reported for "Islamic State".

Rules (Term.case_sensitive=no switches off the capital rules; empty or yes keep them):
- Words are compared one by one and must follow each other; a hyphen counts as a space
  ("Secretary-General" = "Secretary General"), possessive 's is ignored ("NATO's").
- English inflection counts: "Peshmerga fighters" honours "Peshmerga" (words after the term are
  not part of it), "alliances" honours "alliance", "defence ministers" honours "defence
  minister" (simplemma English lemmas plus plural rules: -s, -es, -ies, -men).
- An all-capital word must appear exactly (a plural s is allowed): "Nato" does not honour
  "NATO", "is" does not honour "IS".
- A capitalised word of a rendering must be capitalised in the English ("Islamic states" does
  not honour "Islamic State"); a lowercase word matches any capitals ("Alliance" at the start of
  a sentence honours "alliance").
"""

from __future__ import annotations

import re
from functools import lru_cache

import simplemma

from workbench.glossary.model import Term

_WORD = re.compile(r"[^\W_]+")
_APOSTROPHES = ("'", "\u2019")
# Spaces or hyphens, possibly after a possessive ("NATO's chief", "ministers' meeting").
_JOINING_GAP = re.compile(r"(?:['\u2019]s?)?[\s\-\u2010\u2011]+")


@lru_cache(maxsize=2048)
def _words(text: str) -> tuple[tuple[int, int, str, bool], ...]:
    """(start, end, word, joined to the previous word by space or hyphen); possessive 's is
    dropped."""
    words: list[tuple[int, int, str, bool]] = []
    previous_end = None
    for match in _WORD.finditer(text):
        gap = text[previous_end : match.start()] if previous_end is not None else ""
        if match.group() == "s" and gap in _APOSTROPHES:
            continue
        joined = previous_end is not None and bool(_JOINING_GAP.fullmatch(gap))
        words.append((match.start(), match.end(), match.group(), joined))
        previous_end = match.end()
    return tuple(words)


@lru_cache(maxsize=50_000)
def _rendering_keys(word: str) -> frozenset[str]:
    low = word.lower()
    return frozenset((low, simplemma.lemmatize(low, lang="en").lower()))


@lru_cache(maxsize=50_000)
def _text_keys(word: str) -> frozenset[str]:
    """A word of the translation, with the base forms it may stand for."""
    low = word.lower()
    keys = {low, simplemma.lemmatize(low, lang="en").lower()}
    if low.endswith("ies") and len(low) > 4:
        keys.add(low[:-3] + "y")
    if low.endswith(("ses", "xes", "zes", "ches", "shes")):
        keys.add(low[:-2])
    if low.endswith("s") and not low.endswith("ss") and len(low) > 3:
        keys.add(low[:-1])
    if low.endswith("men"):
        keys.add(low[:-3] + "man")
    return frozenset(keys)


def _same_word(rendering_word: str, word: str, mind_case: bool) -> bool:
    if not _rendering_keys(rendering_word) & _text_keys(word):
        return False
    if not mind_case:
        return True
    if len(rendering_word) >= 2 and rendering_word.isupper():
        return word in (rendering_word, rendering_word + "s")
    if rendering_word[:1].isupper():
        return word[:1].isupper()
    return True


def _spans(english: str, rendering: str, mind_case: bool) -> list[tuple[int, int]]:
    """Every place where `rendering` appears in `english`."""
    wanted = _words(rendering)
    text = _words(english)
    if not wanted:
        return []
    spans = []
    for i in range(len(text) - len(wanted) + 1):
        for k, (_, _, word, joined) in enumerate(wanted):
            _, _, found, found_joined = text[i + k]
            if (k and joined != found_joined) or not _same_word(word, found, mind_case):
                break
        else:
            spans.append((text[i][0], text[i + len(wanted) - 1][1]))
    return spans


def accepted_renderings(term: Term) -> list[str]:
    """The target first, then the variants (and the source for keep terms), no repeats."""
    renderings = [term.target, *term.variants] + ([term.source] if term.keep else [])
    return list(dict.fromkeys(r for r in renderings if r.strip()))


def _accepted_spans(english: str, term: Term) -> list[tuple[int, int]]:
    mind_case = term.case_sensitive is not False
    return [s for r in accepted_renderings(term) for s in _spans(english, r, mind_case)]


def find_term_in_english(english: str, term: Term) -> tuple[int, int] | None:
    """Span of the first accepted rendering of `term` in `english`, longest at that start."""
    spans = _accepted_spans(english, term)
    if not spans:
        return None
    return min(spans, key=lambda s: (s[0], -s[1]))


def honours(english: str, term: Term) -> bool:
    """True if the English uses the term's target or an accepted variant."""
    return find_term_in_english(english, term) is not None


def uses_forbidden(english: str, term: Term) -> str | None:
    """The first forbidden rendering used in `english` outside any accepted rendering."""
    if not term.forbidden:
        return None
    accepted = _accepted_spans(english, term)
    mind_case = term.case_sensitive is not False
    for forbidden in term.forbidden:
        for start, end in _spans(english, forbidden, mind_case):
            if not any(a <= start and end <= b for a, b in accepted):
                return forbidden
    return None
