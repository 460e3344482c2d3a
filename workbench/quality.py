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
  is its glossary target when that target appears in the English (hyphen = space, plural "s",
  "'s", first letter in any case), "another accepted form" when the hit is honoured without it,
  or "missing". When an article has two or more renderings of a term, every segment whose
  rendering differs from the article's usual one (the most frequent honoured rendering, ties
  going to the glossary target itself) is flagged. Segment numbers in messages count from 1.
- number-mismatch: numbers, dates and times in German and English read into values ("1.000,5"
  = 1,000.5, "95,5 Mio." = "95.5 million" = "95.5m", "31. Oktober" = "October 31", "14.30 Uhr" =
  "2:30 pm") and paired one to one. Spelled-out numbers ("zwei", "two", "third") may pair with
  digits but are never reported on their own (they are also articles and pronouns). An English
  target identical to the source is never checked (that is "untranslated").
- untranslated: the English is blank or identical to the source (unless it looks like a name: up
  to three capitalised words), or German function words and words with umlauts make up at least
  a fifth of its words (at least two of them; one in segments of up to four words). Words of
  glossary targets, acronyms and capitalised words also found in the source (names) are ignored.
- length-ratio: len(target) / len(source) outside `LENGTH_BAND` for sources of at least
  `LENGTH_MIN_SOURCE` characters.
- repetition: a 1-3 word n-gram three times in a row, or a 4-gram three times, in the English,
  unless the source repeats itself too ("Nein, nein, nein").
- cut-off: the engine stopped at its maximum decoding length.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from workbench.document import HIT_MISSING, NEW, Document, Flag, Segment, TermHit

FLAG_LABELS = {
    "term-missing": "Term missing",
    "term-forbidden": "Forbidden term",
    "term-inconsistent": "Term inconsistent",
    "number-mismatch": "Numbers differ",
    "untranslated": "Untranslated",
    "length-ratio": "Length",
    "repetition": "Repetition",
    "cut-off": "Cut off",
}
FLAG_CODES = tuple(FLAG_LABELS)
(TERM_MISSING, TERM_FORBIDDEN, TERM_INCONSISTENT, NUMBER_MISMATCH, UNTRANSLATED, LENGTH_RATIO,
 REPETITION, CUT_OFF) = FLAG_CODES

LENGTH_BAND = (0.5, 1.6)  # English is usually 0.8-1.1 times the German length
LENGTH_MIN_SOURCE = 20  # short headings and answers vary too much to judge

# --- numbers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Number:
    text: str  # as written, for messages
    values: frozenset  # readings: ("n", Decimal) | ("date", day, month) | ("time", h % 12, min)
    soft: bool = False  # a spelled-out word: pairs with digits, never reported alone


def _months(names: str) -> dict[str, int]:
    return {name: i for i, group in enumerate(names.split(";"), 1) for name in group.split()}


_DE_MONTHS = _months(
    "Januar Jänner Jan;Februar Feb;März Mär;April Apr;Mai;Juni Jun;Juli Jul;August Aug;"
    "September Sept Sep;Oktober Okt;November Nov;Dezember Dez"
)
_EN_MONTHS = _months(
    "January Jan;February Feb;March Mar;April Apr;May;June Jun;July Jul;August Aug;"
    "September Sept Sep;October Oct;November Nov;December Dec"
)
_DE_SCALES = {"Tsd.": 3, "Tausend": 3, "Mio.": 6, "Mio": 6, "Million": 6, "Millionen": 6,
              "Mrd.": 9, "Mrd": 9, "Milliarde": 9, "Milliarden": 9,
              "Bio.": 12, "Billion": 12, "Billionen": 12}  # German "Billion" is 10**12
_EN_SCALES = {"thousand": 3, "k": 3, "million": 6, "m": 6, "mn": 6, "mln": 6,
              "billion": 9, "bn": 9, "trillion": 12, "tn": 12}
_DE_WORDS = dict(zip(
    "eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn fünfzehn "
    "sechzehn siebzehn achtzehn neunzehn zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig "
    "neunzig hundert tausend".split(), [*range(1, 21), 30, 40, 50, 60, 70, 80, 90, 100, 1000]))
_DE_ORDINALS = dict(zip("erst zweit dritt viert fünft sechst siebt acht neunt zehnt elft zwölft"
                        .split(), range(1, 13)))
_EN_WORDS = dict(zip(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand dozen".split(), [*range(1, 21), 30, 40, 50, 60, 70, 80, 90, 100, 1000, 12]))
_EN_WORDS.update(zip("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                     "twelfth".split(), range(1, 13)))


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NUM = r"(?<![\w.,])(\d+(?:[.,]\d+)*)"
_DE_MONTH = f"({_alternation(_DE_MONTHS)})"
_EN_MONTH = f"({_alternation(_EN_MONTHS)})"
_DE_DATE = re.compile(rf"(?<![\w.,])(\d{{1,2}})\.\s*{_DE_MONTH}(?![\wäöü])\.?(?:\s+(\d{{4}}))?")
_DE_NUMERIC_DATE = re.compile(r"(?<![\w.,])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?(?!\d)")
_DE_TIME = re.compile(r"(?<![\w.,])(\d{1,2})(?:[.:](\d{2}))?\s*Uhr\b")
_DE_NUMBER = re.compile(rf"{_NUM}(?:\s*({_alternation(_DE_SCALES)})(?![\wäöü]))?")
_DE_WORD = re.compile(
    rf"\b([A-Za-zÄÖÜäöüß]+)(?:\s+({_alternation(_DE_SCALES)})(?![\wäöü]))?")
_EN_DATE_DAY_FIRST = re.compile(
    rf"(?<![\w.,])(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MONTH}\b\.?(?:,?\s+(\d{{4}}))?")
_EN_DATE_MONTH_FIRST = re.compile(
    rf"\b{_EN_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(\d{{4}}))?")
_EN_NUMERIC_DATE = re.compile(r"(?<![\w.,/])(\d{1,2})([./])(\d{1,2})\2(\d{4})(?!\d)")
_EN_TIME = re.compile(
    r"(?<![\w.,])(\d{1,2})(?:[:.](\d{2}))?\s*(?i:a\.m\.|p\.m\.|[ap]m\b|o['’]clock)"
    r"|(?<![\w.,:])(\d{1,2}):(\d{2})(?![\d:])")
_EN_NUMBER = re.compile(
    rf"{_NUM}(?:\s*(?i:(thousand|million|billion|trillion|mn|mln|bn|tn))\b|(?i:(m|k))\b)?")
_EN_WORD = re.compile(r"\b([A-Za-z]+(?:-[A-Za-z]+)?)(?:\s+(thousand|million|billion|trillion))?")
_TIME_LIKE = re.compile(r"(\d{1,2})[.:](\d{2})")


def _date(day: int, month: int) -> set:
    valid = 1 <= day <= 31 and 1 <= month <= 12
    return {("date", day, month), ("n", Decimal(day))} if valid else set()


def _time(hour: int, minute: int) -> set:
    return {("time", hour % 12, minute)} if hour <= 24 and minute < 60 else set()


def _reading(text: str, thousands: str, decimal: str) -> Decimal | None:
    """A number read with one language's separators; None if it is not written that way."""
    t, d = re.escape(thousands), re.escape(decimal)
    if re.fullmatch(rf"\d{{1,3}}(?:{t}\d{{3}})+(?:{d}\d+)?|\d+(?:{d}\d+)?", text):
        return Decimal(text.replace(thousands, "").replace(decimal, "."))
    return None


def _digits(match: re.Match, scale: int, language: str, attached: bool = False) -> list[_Number]:
    text, shown = match[1], match[0].strip()
    if language == "de":
        value = _reading(text, ".", ",")
        # "2.0" (a version) or "14.30" is not German grouping: read the dot as a decimal point.
        value = value if value is not None else _reading(text, ",", ".")
    else:
        value = _reading(text, ",", ".")
        german = _reading(text, ".", ",")
        if value is None:
            shown += " (not an English number format)"
        elif "." in text and german is not None and german != value:
            shown += f" (English reading: {value})"  # "5.000" copied from German means 5
    values = {("n", value * 10**scale)} if value is not None else {("raw", text)}
    if attached and value is not None:
        values.add(("n", value))  # "5m" may be five metres
    if time := _TIME_LIKE.fullmatch(text):
        values |= _time(int(time[1]), int(time[2]))
    return [_Number(shown, frozenset(values))]


def _numbered(text: str, values: set, year: str | None = None) -> list[_Number] | None:
    """One number with its readings (None if it has none), plus a year written with a date."""
    if not values:
        return None
    years = [_Number(year, frozenset({("n", Decimal(year))}))] if year else []
    return [_Number(text, frozenset(values)), *years]


def _clock(text: str, hour: str, minute: str | None) -> list[_Number] | None:
    """A time of day; a full hour also reads as a plain number ("von 10 bis 18 Uhr")."""
    plain = {("n", Decimal(hour))} if minute is None else set()
    return _numbered(text, _time(int(hour), int(minute or 0)) | plain)


def _spelled(text: str, value: int | None, scale: int) -> list[_Number] | None:
    if not value:
        return None
    return [_Number(text, frozenset({("n", Decimal(value) * 10**scale)}), soft=True)]


def _german_word(word: str, scaled: bool) -> int | None:
    if word in ("ein", "eine", "einer", "einen", "einem"):
        return 1 if scaled else None  # an article unless "eine Million"
    if match := re.fullmatch(r"(ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)und(\w+ig)", word):
        tens = _DE_WORDS.get(match[2])
        return tens + _DE_WORDS.get(match[1], 1) if tens else None
    stem = re.sub(r"(?:e|en|er|es|em)$", "", word)
    return _DE_WORDS.get(word) or (_DE_ORDINALS.get(stem) if stem != word else None)


def _english_word(word: str, scaled: bool) -> int | None:
    if word == "a":
        return 1 if scaled else None
    tens, _, unit = word.partition("-")
    if unit:  # "twenty-three"
        if tens in _EN_WORDS and _EN_WORDS.get(unit, 99) < 10:
            return _EN_WORDS[tens] + _EN_WORDS[unit]
        return None
    return _EN_WORDS.get(word)


# (pattern, reader) in order of precedence: dates before times before plain numbers.
_GERMAN_RULES = [
    (_DE_DATE, lambda m: _numbered(m[0], _date(int(m[1]), _DE_MONTHS[m[2]]), m[3])),
    (_DE_NUMERIC_DATE, lambda m: _numbered(m[0], _date(int(m[1]), int(m[2])), m[3])),
    (_DE_TIME, lambda m: _clock(m[0], m[1], m[2])),
    (_DE_NUMBER, lambda m: _digits(m, _DE_SCALES.get(m[2], 0), "de")),
    (_DE_WORD, lambda m: _spelled(m[0], _german_word(m[1].lower(), bool(m[2])),
                                  _DE_SCALES.get(m[2], 0))),
]
_ENGLISH_RULES = [
    (_EN_DATE_DAY_FIRST, lambda m: _numbered(m[0], _date(int(m[1]), _EN_MONTHS[m[2]]), m[3])),
    (_EN_DATE_MONTH_FIRST, lambda m: _numbered(m[0], _date(int(m[2]), _EN_MONTHS[m[1]]), m[3])),
    # "10/3/1990": day or month first, whichever is a valid date
    (_EN_NUMERIC_DATE, lambda m: _numbered(
        m[0], _date(int(m[1]), int(m[3])) | _date(int(m[3]), int(m[1])), m[4])),
    (_EN_TIME, lambda m: _clock(m[0], m[1], m[2]) if m[1] else _clock(m[0], m[3], m[4])),
    (_EN_NUMBER, lambda m: _digits(m, _EN_SCALES.get((m[2] or m[3] or "").lower(), 0),
                                   "en", attached=bool(m[3]))),
    (_EN_WORD, lambda m: _spelled(m[0], _english_word(m[1].lower(), bool(m[2])),
                                  _EN_SCALES.get(m[2] or "", 0))),
]


def _scan(text: str, rules) -> list[_Number]:
    """Apply the rules in order; a later rule never reads text an earlier one consumed."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, list[_Number]]] = []
    for pattern, build in rules:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            numbers = build(match)
            if numbers:
                taken.append(match.span())
                found.append((match.start(), numbers))
    return [n for _, numbers in sorted(found, key=lambda f: f[0]) for n in numbers]


def _is_date(number: _Number) -> bool:
    return any(v[0] == "date" for v in number.values)


def _unpaired(german: list[_Number], english: list[_Number]) -> tuple[list[str], list[str]]:
    """Pair German and English numbers one to one (Kuhn's augmenting paths, digits first);
    return the digit-written numbers left without a partner on each side."""
    partner: dict[int, int] = {}  # English position -> German position
    english_order = sorted(range(len(english)), key=lambda i: english[i].soft)

    def linked(g: _Number, e: _Number) -> bool:
        shared = g.values & e.values
        if _is_date(g) and _is_date(e):  # two dates agree on day and month, not the day alone
            shared = {v for v in shared if v[0] == "date"}
        return not (g.soft and e.soft) and bool(shared)

    def augment(gi: int, seen: set[int]) -> bool:
        for ei in english_order:
            if ei not in seen and linked(german[gi], english[ei]):
                seen.add(ei)
                if ei not in partner or augment(partner[ei], seen):
                    partner[ei] = gi
                    return True
        return False

    paired = {gi for gi in sorted(range(len(german)), key=lambda i: german[i].soft)
              if augment(gi, set())}
    left_german = [n.text for i, n in enumerate(german) if i not in paired and not n.soft]
    left_english = [n.text for i, n in enumerate(english) if i not in partner and not n.soft]
    return left_german, left_english


def _quoted(texts: Iterable[str]) -> str:
    return ", ".join(f'"{text}"' for text in dict.fromkeys(texts))


def _number_flag(source: str, target: str) -> Flag | None:
    if source.strip() == target.strip() or not re.search(r"\d", source + target):
        return None
    missing, extra = _unpaired(_scan(source, _GERMAN_RULES), _scan(target, _ENGLISH_RULES))
    if not (missing or extra):
        return None
    parts = [f"in the German but not the English: {_quoted(missing)}" if missing else "",
             f"in the English but not the German: {_quoted(extra)}" if extra else ""]
    return Flag(NUMBER_MISMATCH, "Numbers differ: " + "; ".join(p for p in parts if p) + ".")


# --- untranslated, length, repetition ------------------------------------------------------

# German words that are not also common English words ("die", "was", "war", "hat" are left out).
_GERMAN_WORDS = frozenset(
    "der das und nicht ist mit für auf dem den des ein eine einer eines einem einen wird werden "
    "wurde wurden von vom zu zum zur im ins sich auch sie er ich wir sind oder aber nach bei beim "
    "aus durch über unter gegen noch nur schon wie dass daß wenn weil als kein keine sowie sei "
    "seien hatte haben habe diese dieser dieses diesem diesen jetzt bereits zwischen seit vor "
    "mehr sehr laut ihre ihren ihrem ihr sein seine seiner seinen ob".split())
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")


def _german_left(segment: Segment) -> list[str]:
    """Words of the English that look German, ignoring glossary targets and names."""
    allowed = {w.lower() for hit in segment.hits for w in _WORD.findall(hit.term_target)}
    source_words = set(_WORD.findall(segment.source))
    left = []
    for word in _WORD.findall(segment.target):
        if word.lower() in allowed or (len(word) > 1 and word.isupper()):
            continue  # glossary targets and acronyms ("MIT", "ALS") are meant to be there
        name = word[0].isupper() and word in source_words
        if word.lower() in _GERMAN_WORDS or (re.search("[äöüßÄÖÜ]", word) and not name):
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
    if len(source) < LENGTH_MIN_SOURCE:
        return None
    ratio = len(target) / len(source)
    low, high = LENGTH_BAND
    if low <= ratio <= high:
        return None
    side = "shorter" if ratio < low else "longer"
    return Flag(LENGTH_RATIO, f"The English is {ratio:.2f} times the length of the German "
                              f"(much {side} than usual; expected {low}-{high}).")


def _loop(text: str) -> str | None:
    """The first n-gram that repeats like a decoding loop, described; None if there is none."""
    words = re.findall(r"\w+", text.lower())
    for n in (1, 2, 3):
        for i in range(len(words) - 3 * n + 1):
            gram = words[i:i + n]
            if words[i + n:i + 2 * n] == gram == words[i + 2 * n:i + 3 * n]:
                return f'"{" ".join(gram)}" three times in a row'
    fours = Counter(tuple(words[i:i + 4]) for i in range(len(words) - 3))
    if fours:
        gram, count = fours.most_common(1)[0]
        if count >= 3:
            return f'"{" ".join(gram)}" {count} times'
    return None


def _repetition_flag(source: str, target: str) -> Flag | None:
    found = _loop(target)
    if found is None or _loop(source) is not None:
        return None
    return Flag(REPETITION, f"Repeated words, as in a decoding loop: {found}.")


# --- glossary terms ------------------------------------------------------------------------


def _term_flags(segment: Segment, forbidden_used: Iterable[tuple[str, str]]) -> list[Flag]:
    flags = []
    missing = Counter((h.term_source, h.term_target)
                      for h in segment.hits if h.status == HIT_MISSING)
    for (source, target), count in missing.items():
        times = f" ({count} occurrences)" if count > 1 else ""
        flags.append(Flag(TERM_MISSING, f'Glossary term "{source}" should be "{target}" in the '
                                        f"English, which does not have it{times}."))
    expected = {h.term_source: h.term_target for h in segment.hits}
    for source, used in dict.fromkeys(tuple(pair) for pair in forbidden_used):
        hint = f' (glossary: "{expected[source]}")' if source in expected else ""
        message = f'"{used}" is a forbidden rendering of "{source}"{hint}.'
        flags.append(Flag(TERM_FORBIDDEN, message))
    return flags


def segment_flags(segment: Segment, *, forbidden_used: Iterable[tuple[str, str]] = (),
                  max_decoding_reached: bool = False) -> list[Flag]:
    """Every flag of one segment except "term-inconsistent" (which needs the whole article)."""
    if not segment.target.strip():
        if segment.status == NEW:
            return []
        return [Flag(UNTRANSLATED, "The English is empty.")]
    flags = _term_flags(segment, forbidden_used)
    flags += [flag for flag in (
        _number_flag(segment.source, segment.target),
        _untranslated_flag(segment),
        _length_flag(segment.source, segment.target),
        _repetition_flag(segment.source, segment.target),
    ) if flag is not None]
    if max_decoding_reached:
        flags.append(Flag(CUT_OFF, "The engine stopped at its length limit: the end of the "
                                   "sentence may be missing."))
    return flags


def _rendering(hit: TermHit, target: str) -> str | None:
    """The glossary target if the English has it, "" for another accepted form, None if missing."""
    if hit.status == HIT_MISSING:
        return None
    term = hit.term_target.strip()
    if not term:
        return ""
    body = r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", term[1:]))
    first = f"(?i:{re.escape(term[0])})"
    found = re.search(rf"(?<!\w){first}{body}(?:s|es|['’]s)?(?!\w)", target)
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
                    _rendering(hit, segment.target), [])
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


def document_flags(document: Document, *,
                   forbidden_check: Callable[[Segment], Iterable[tuple[str, str]]] | None = None,
                   cut_off: Iterable[int] = ()) -> None:
    """Recompute every segment's flags in place (see the module docstring)."""
    cut_off = set(cut_off)
    inconsistent = _inconsistent_terms(document)
    for position, segment in enumerate(document.segments):
        # Facts from decoding still hold while the English is the machine's.
        keep = {TERM_FORBIDDEN} if forbidden_check is None else set()
        keep |= {CUT_OFF} if segment.index not in cut_off else set()
        kept = [f for f in segment.flags if f.code in keep and segment.target == segment.machine]
        asked = forbidden_check is not None and segment.target.strip()
        forbidden = list(forbidden_check(segment)) if asked else []
        flags = segment_flags(segment, forbidden_used=forbidden,
                              max_decoding_reached=segment.index in cut_off)
        flags += kept + inconsistent.get(position, [])
        segment.flags = sorted(flags, key=lambda f: FLAG_CODES.index(f.code))
