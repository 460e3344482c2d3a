"""Quality flags computed on the final English of each segment.

Contract:
- `segment_flags(segment, *, forbidden_used=(), max_decoding_reached=False) -> list[Flag]` looks
  at `segment.source`, `segment.target` and `segment.hits` only, and returns flags in the order
  of `FLAG_CODES`. A segment without English yet (blank target, status "new") gets no flags;
  a blank target in any other status gets "untranslated".
- `document_flags(document, *, forbidden_check=None, cut_off=())` replaces every segment's
  `flags` in place: `segment_flags` for each segment plus "term-inconsistent" across the article.
  `forbidden_check(segment)` returns the (German term, forbidden English found) pairs of that
  segment; `cut_off` holds the `Segment.index` of segments whose decoding hit the length limit.
  Facts this module cannot recompute are kept while the English is still the machine's
  (`target == machine`): an earlier "cut-off" flag always, an earlier "term-forbidden" flag when
  no `forbidden_check` is given.
- `FLAG_LABELS` maps every flag code to a short label for the UI legend.

Flag codes (stable strings, for filters and exports):
- term-missing: a hit whose status is "missing" (one flag per German term and target).
- term-forbidden: each (German term, forbidden English) pair the caller found.
- term-inconsistent: one German term rendered differently within the article. A hit's rendering
  is its glossary target when that target appears in the English, matched as the glossary
  matches English (workbench.glossary.english: plurals such as "ministries" or "Secretaries
  General", "'s", hyphen = space, capitals of names kept), "another accepted form" when the hit
  is honoured without it,
  or "missing". When an article has two or more renderings of a term, every segment whose
  rendering differs from the article's usual one (the most frequent honoured rendering, ties
  going to the glossary target itself) is flagged. Segment numbers in messages count from 1.
- number-mismatch: numbers, dates and times in German and English read into values ("1.000,5"
  = 1,000.5, "95,5 Mio." = "95.5 million" = "95.5m", "31. Oktober" = "October 31", "14.30 Uhr" =
  "2:30 pm") and paired one to one. Spelled-out numbers ("zwei", "two", "third") may pair with
  digits but are never reported on their own (they are also articles and pronouns). Every
  segment is checked, an English identical to the German too: "95,5 Mio. Euro" left in an
  English table cell is not an English number. The reading and pairing live in
  `workbench.quality_numbers`.
- untranslated: the English is blank or identical to the source (unless it looks like a name: up
  to three capitalised words), or German words make up at least a fifth of its words (at least
  two of them; one in segments of up to four words). A German word is a German function word,
  a word with an umlaut, or any word simplemma's German dictionary knows and its English
  dictionary does not ("aufbauen", "Irakische"; "school", "die" and "was" are English too).
  Ignored: words of glossary targets, acronyms, and names: capitalised words also in the source
  whose German lemma is capitalised ("München", "Bundeswehr"; not "Irakische" -> "irakisch").
- length-ratio: len(target) / len(source) outside `LENGTH_BAND` for sources of at least
  `LENGTH_MIN_SOURCE` characters; a shorter source only when the English is longer than
  `LENGTH_SHORT_LIMIT` (4 x + 30 characters: a headline that became a paragraph).
- repetition: a 1-3 word n-gram three times in a row, a 4-gram three times, or a run of
  `REPEATED_SPAN` (6) words written twice (a clause decoded again), in the English, unless the
  source repeats itself too ("Nein, nein, nein").
- cut-off: the engine stopped at its maximum decoding length.
- split: the segment was longer than the model can take and was translated in pieces
  (workbench.long_segments); kept, like cut-off, while the English is the machine's.
- tag-missing / tag-unbalanced / tag-unplaced: inline formatting tags (workbench.tags): a
  source tag without its place in the English (a person deleted its markers), a marker without
  its partner, a tag the alignment could not place (kept at the end of the sentence).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache

import simplemma

from workbench.document import HIT_MISSING, NEW, Document, Flag, Segment, TermHit
from workbench.glossary.english import find_term_in_english
from workbench.glossary.model import Term
from workbench.quality_numbers import unpaired_numbers
from workbench.tags import tag_flags

FLAG_LABELS = {
    "term-missing": "Term missing",
    "term-forbidden": "Forbidden term",
    "term-inconsistent": "Term inconsistent",
    "number-mismatch": "Numbers differ",
    "untranslated": "Untranslated",
    "length-ratio": "Length",
    "repetition": "Repetition",
    "cut-off": "Cut off",
    "split": "Split",
    "tag-missing": "Tag missing",
    "tag-unbalanced": "Tag unbalanced",
    "tag-unplaced": "Tag not placed",
}
FLAG_CODES = tuple(FLAG_LABELS)
TAG_FLAGS = ("tag-missing", "tag-unbalanced", "tag-unplaced")  # computed by workbench.tags
(
    TERM_MISSING,
    TERM_FORBIDDEN,
    TERM_INCONSISTENT,
    NUMBER_MISMATCH,
    UNTRANSLATED,
    LENGTH_RATIO,
    REPETITION,
    CUT_OFF,
) = FLAG_CODES[:8]
SPLIT = "split"

LENGTH_BAND = (0.5, 1.6)  # English is usually 0.8-1.1 times the German length
LENGTH_MIN_SOURCE = 20  # short headings and answers vary too much to judge by the band...
LENGTH_SHORT_LIMIT = (4, 30)  # ...but not past 4 x their length + 30 characters
REPEATED_SPAN = 6  # a run of this many words written twice is a decoding loop

# --- numbers (read and paired in workbench.quality_numbers) --------------------------------


def _quoted(texts: Iterable[str]) -> str:
    return ", ".join(f'"{text}"' for text in dict.fromkeys(texts))


def _number_flag(source: str, target: str) -> Flag | None:
    # English identical to the German is checked too: "95,5 Mio. Euro" copied into an English
    # table cell is still a German number.
    if not re.search(r"\d", source + target):
        return None
    missing, extra = unpaired_numbers(source, target)
    if not (missing or extra):
        return None
    parts = [
        f"in the German but not the English: {_quoted(missing)}" if missing else "",
        f"in the English but not the German: {_quoted(extra)}" if extra else "",
    ]
    return Flag(NUMBER_MISMATCH, "Numbers differ: " + "; ".join(p for p in parts if p) + ".")


# --- untranslated, length, repetition ------------------------------------------------------

# German words that are not also common English words ("die", "was", "war", "hat" are left out).
_GERMAN_TEXT = (
    "der das und nicht ist mit für auf dem den des ein eine einer eines einem einen wird "
    "werden wurde wurden von vom zu zum zur im ins sich auch sie er ich wir sind oder aber "
    "nach bei beim aus durch über unter gegen noch nur schon wie dass daß wenn weil als kein "
    "keine sowie sei seien hatte haben habe diese dieser dieses diesem diesen jetzt bereits "
    "zwischen seit vor mehr sehr laut ihre ihren ihrem ihr sein seine seiner seinen ob"
)
_GERMAN_WORDS = frozenset(_GERMAN_TEXT.split())
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")


@lru_cache(maxsize=50_000)
def _german_not_english(word: str) -> bool:
    """simplemma's German dictionary knows the word and its English one does not ("aufbauen",
    "Irakische"; not "school", "die", "was", which are English too)."""
    low = word.lower()
    return (
        len(low) > 2
        and simplemma.is_known(low, lang="de")
        and not simplemma.is_known(low, lang="en")
    )


@lru_cache(maxsize=50_000)
def _name_like(word: str) -> bool:
    """A capitalised German word whose lemma is capitalised (or unknown): a name or noun that
    may stay ("Bundeswehr", "München"), unlike an adjective that only starts a sentence
    ("Irakische" -> "irakisch")."""
    lemma = simplemma.lemmatize(word.lower(), lang="de")
    return lemma[:1].isupper() or not simplemma.is_known(word.lower(), lang="de")


def _german_left(segment: Segment) -> list[str]:
    """Words of the English that are German, ignoring glossary targets and names."""
    allowed = {w.lower() for hit in segment.hits for w in _WORD.findall(hit.term_target)}
    source_words = {w.lower() for w in _WORD.findall(segment.source)}
    left = []
    for word in _WORD.findall(segment.target):
        if word.lower() in allowed or (len(word) > 1 and word.isupper()):
            continue  # glossary targets and acronyms ("MIT", "ALS") are meant to be there
        if word[0].isupper() and word.lower() in source_words and _name_like(word):
            continue  # a name from the German ("Süddeutsche Zeitung", "München")
        if (
            word.lower() in _GERMAN_WORDS
            or re.search("[äöüßÄÖÜ]", word)
            or _german_not_english(word)
        ):
            left.append(word)
    return left


def _untranslated_flag(segment: Segment) -> Flag | None:
    source, target = segment.source.strip(), segment.target.strip()
    words = _WORD.findall(target)
    german = _german_left(segment)
    if source == target and words:
        if len(words) <= 3 and not german and all(w[0].isupper() for w in words):
            return None  # a name or dateline ("Berlin") is the same in English
        return Flag(UNTRANSLATED, "The English is identical to the German source.")
    enough = len(german) >= (1 if len(words) <= 4 else 2)  # one stray "der" is not enough
    if german and enough and len(german) / len(words) >= 0.2:
        return Flag(UNTRANSLATED, f"German words left in the English: {_quoted(german)}.")
    return None


def _length_flag(source: str, target: str) -> Flag | None:
    source, target = source.strip(), target.strip()
    if not source:
        return None
    ratio = len(target) / len(source)
    if len(source) < LENGTH_MIN_SOURCE:
        # short lines vary too much to judge, but a headline that became a paragraph is a
        # model inventing text
        if len(target) <= LENGTH_SHORT_LIMIT[0] * len(source) + LENGTH_SHORT_LIMIT[1]:
            return None
        return Flag(
            LENGTH_RATIO,
            f"The English is {ratio:.2f} times the length of a short German line "
            "(the model may have added text that is not in the German).",
        )
    low, high = LENGTH_BAND
    if low <= ratio <= high:
        return None
    side = "shorter" if ratio < low else "longer"
    return Flag(
        LENGTH_RATIO,
        f"The English is {ratio:.2f} times the length of the German "
        f"(much {side} than usual; expected {low}-{high}).",
    )


def _loop(text: str) -> str | None:
    """The first n-gram that repeats like a decoding loop, described; None if there is none."""
    words = re.findall(r"\w+", text.lower())
    for n in (1, 2, 3):
        for i in range(len(words) - 3 * n + 1):
            gram = words[i : i + n]
            if words[i + n : i + 2 * n] == gram == words[i + 2 * n : i + 3 * n]:
                return f'"{" ".join(gram)}" three times in a row'
    fours = Counter(tuple(words[i : i + 4]) for i in range(len(words) - 3))
    if fours:
        four, count = fours.most_common(1)[0]
        if count >= 3:
            return f'"{" ".join(four)}" {count} times'
    first: dict[tuple[str, ...], int] = {}
    for i in range(len(words) - REPEATED_SPAN + 1):
        span = tuple(words[i : i + REPEATED_SPAN])
        if span in first and i - first[span] >= REPEATED_SPAN:
            return f'"{" ".join(span)}..." twice'  # a clause written out again
        first.setdefault(span, i)
    return None


def _repetition_flag(source: str, target: str) -> Flag | None:
    found = _loop(target)
    if found is None or _loop(source) is not None:
        return None
    return Flag(REPETITION, f"Repeated words, as in a decoding loop: {found}.")


# --- glossary terms ------------------------------------------------------------------------


def _term_flags(segment: Segment, forbidden_used: Iterable[tuple[str, str]]) -> list[Flag]:
    flags = []
    missing = Counter(
        (h.term_source, h.term_target) for h in segment.hits if h.status == HIT_MISSING
    )
    for (source, target), count in missing.items():
        times = f" ({count} occurrences)" if count > 1 else ""
        flags.append(
            Flag(
                TERM_MISSING,
                f'Glossary term "{source}" should be "{target}" in the '
                f"English, which does not have it{times}.",
            )
        )
    expected = {h.term_source: h.term_target for h in segment.hits}
    for source, used in dict.fromkeys(tuple(pair) for pair in forbidden_used):
        hint = f' (glossary: "{expected[source]}")' if source in expected else ""
        message = f'"{used}" is a forbidden rendering of "{source}"{hint}.'
        flags.append(Flag(TERM_FORBIDDEN, message))
    return flags


def segment_flags(
    segment: Segment,
    *,
    forbidden_used: Iterable[tuple[str, str]] = (),
    max_decoding_reached: bool = False,
) -> list[Flag]:
    """Every flag of one segment except "term-inconsistent" (which needs the whole article)."""
    if not segment.target.strip():
        if segment.status == NEW:
            return []
        return [Flag(UNTRANSLATED, "The English is empty.")]
    flags = _term_flags(segment, forbidden_used)
    flags += [
        flag
        for flag in (
            _number_flag(segment.source, segment.target),
            _untranslated_flag(segment),
            _length_flag(segment.source, segment.target),
            _repetition_flag(segment.source, segment.target),
        )
        if flag is not None
    ]
    if max_decoding_reached:
        flags.append(
            Flag(
                CUT_OFF,
                "The engine stopped at its length limit: the end of the sentence may be missing.",
            )
        )
    return flags


def _rendering(hit: TermHit, target: str) -> str | None:
    """The glossary target if the English has it, "" for another accepted form, None if missing."""
    if hit.status == HIT_MISSING:
        return None
    term = hit.term_target.strip()
    if not term:
        return ""
    # the glossary's own word matching: plurals ("ministries", "Secretaries General"), "'s",
    # hyphen = space, capitals of names kept
    found = find_term_in_english(target, Term(hit.term_source, term))
    return hit.term_target if found else ""


def _describe(renderings: dict[str | None, list[int]]) -> str:
    parts = []
    for rendering, numbers in renderings.items():
        what = f'"{rendering}"' if rendering else "another accepted form"
        what = "missing" if rendering is None else what
        label = "segment" if len(numbers) == 1 else "segments"
        parts.append(f"{what} in {label} {', '.join(str(n) for n in numbers)}")
    return "; ".join(parts)


def _inconsistent_terms(document: Document) -> dict[int, list[Flag]]:
    """term-inconsistent flags by segment position (rule in the module docstring)."""
    uses: dict[str, dict[str | None, list[int]]] = {}  # term -> rendering -> segment positions
    for position, segment in enumerate(document.segments):
        if segment.target.strip():
            for hit in segment.hits:
                positions = uses.setdefault(hit.term_source, {}).setdefault(
                    _rendering(hit, segment.target), []
                )
                if position not in positions:
                    positions.append(position)
    flags: dict[int, list[Flag]] = {}
    for term, renderings in uses.items():
        honoured = [r for r in renderings if r is not None]
        if len(renderings) < 2 or not honoured:
            continue
        usual = max(honoured, key=lambda r: (len(renderings[r]), r != ""))
        numbers = {r: [document.segments[p].index + 1 for p in ps] for r, ps in renderings.items()}
        message = f'"{term}" is rendered differently in this article: {_describe(numbers)}.'
        for rendering, positions in renderings.items():
            for position in positions if rendering != usual else ():
                if Flag(TERM_INCONSISTENT, message) not in flags.setdefault(position, []):
                    flags[position].append(Flag(TERM_INCONSISTENT, message))
    return flags


def document_flags(
    document: Document,
    *,
    forbidden_check: Callable[[Segment], Iterable[tuple[str, str]]] | None = None,
    cut_off: Iterable[int] = (),
) -> None:
    """Recompute every segment's flags in place (see the module docstring)."""
    cut_off = set(cut_off)
    inconsistent = _inconsistent_terms(document)
    for position, segment in enumerate(document.segments):
        # Facts from decoding still hold while the English is the machine's.
        keep = {TERM_FORBIDDEN} if forbidden_check is None else set()
        keep |= {CUT_OFF} if segment.index not in cut_off else set()
        keep.add(SPLIT)
        kept = [f for f in segment.flags if f.code in keep and segment.target == segment.machine]
        asked = forbidden_check is not None and segment.target.strip()
        forbidden = list(forbidden_check(segment)) if forbidden_check and asked else []
        flags = segment_flags(
            segment, forbidden_used=forbidden, max_decoding_reached=segment.index in cut_off
        )
        flags += kept + inconsistent.get(position, []) + tag_flags(segment)
        segment.flags = sorted(flags, key=lambda f: FLAG_CODES.index(f.code))
