"""Numbers, dates and times read from German and English text, and paired one to one.

Contract:
- `unpaired_numbers(german, english) -> (missing, extra)`: every number, date and time in each
  text is read into its possible values ("1.000,5" = 1,000.5, "95,5 Mio." = "95.5 million" =
  "95.5m", "31. Oktober" = "October 31", "14.30 Uhr" = "2:30 pm"); German and English numbers
  sharing a value are paired one to one (digits first). `missing` holds the German numbers left
  without an English partner, `extra` the English ones without a German partner, each as
  written (an English number in German format gets a note on how it reads in English).
- Spelled-out numbers ("zwei", "two", "third") may pair with digits but are never returned
  (they are also articles and pronouns); two spelled-out numbers never pair with each other.
- Pure functions of the two strings; nothing here knows about segments or flags
  (`workbench.quality` turns the result into a "number-mismatch" flag).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


def unpaired_numbers(german: str, english: str) -> tuple[list[str], list[str]]:
    """The digit-written numbers of each text that found no partner in the other."""
    return _unpaired(_scan(german, _GERMAN_RULES), _scan(english, _ENGLISH_RULES))


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
_DE_SCALES = {
    "Tsd.": 3,
    "Tausend": 3,
    "Mio.": 6,
    "Mio": 6,
    "Million": 6,
    "Millionen": 6,
    "Mrd.": 9,
    "Mrd": 9,
    "Milliarde": 9,
    "Milliarden": 9,
    "Bio.": 12,
    "Billion": 12,
    "Billionen": 12,
}  # German "Billion" is 10**12
_EN_SCALES = {
    "thousand": 3,
    "k": 3,
    "million": 6,
    "m": 6,
    "mn": 6,
    "mln": 6,
    "billion": 9,
    "bn": 9,
    "trillion": 12,
    "tn": 12,
}
_DE_WORDS = dict(
    zip(
        [
            "eins",
            "zwei",
            "drei",
            "vier",
            "fünf",
            "sechs",
            "sieben",
            "acht",
            "neun",
            "zehn",
            "elf",
            "zwölf",
            "dreizehn",
            "vierzehn",
            "fünfzehn",
            "sechzehn",
            "siebzehn",
            "achtzehn",
            "neunzehn",
            "zwanzig",
            "dreißig",
            "vierzig",
            "fünfzig",
            "sechzig",
            "siebzig",
            "achtzig",
            "neunzig",
            "hundert",
            "tausend",
        ],
        [*range(1, 21), 30, 40, 50, 60, 70, 80, 90, 100, 1000],
        strict=True,
    )
)
_DE_ORDINALS = dict(
    zip(
        [
            "erst",
            "zweit",
            "dritt",
            "viert",
            "fünft",
            "sechst",
            "siebt",
            "acht",
            "neunt",
            "zehnt",
            "elft",
            "zwölft",
        ],
        range(1, 13),
        strict=True,
    )
)
_EN_WORDS = dict(
    zip(
        [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
            "thirty",
            "forty",
            "fifty",
            "sixty",
            "seventy",
            "eighty",
            "ninety",
            "hundred",
            "thousand",
            "dozen",
        ],
        [*range(1, 21), 30, 40, 50, 60, 70, 80, 90, 100, 1000, 12],
        strict=True,
    )
)
_EN_WORDS.update(
    zip(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
        ],
        range(1, 13),
        strict=True,
    )
)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NUM = r"(?<![\w.,])(\d+(?:[.,]\d+)*)"
_DE_MONTH = f"({_alternation(_DE_MONTHS)})"
_EN_MONTH = f"({_alternation(_EN_MONTHS)})"
_DE_DATE = re.compile(rf"(?<![\w.,])(\d{{1,2}})\.\s*{_DE_MONTH}(?![\wäöü])\.?(?:\s+(\d{{4}}))?")
_DE_NUMERIC_DATE = re.compile(r"(?<![\w.,])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?(?!\d)")
_DE_TIME = re.compile(r"(?<![\w.,])(\d{1,2})(?:[.:](\d{2}))?\s*Uhr\b")
_DE_NUMBER = re.compile(rf"{_NUM}(?:\s*({_alternation(_DE_SCALES)})(?![\wäöü]))?")
_DE_WORD = re.compile(rf"\b([A-Za-zÄÖÜäöüß]+)(?:\s+({_alternation(_DE_SCALES)})(?![\wäöü]))?")
_EN_DATE_DAY_FIRST = re.compile(
    rf"(?<![\w.,])(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MONTH}\b\.?(?:,?\s+(\d{{4}}))?"
)
_EN_DATE_MONTH_FIRST = re.compile(
    rf"\b{_EN_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(\d{{4}}))?"
)
_EN_NUMERIC_DATE = re.compile(r"(?<![\w.,/])(\d{1,2})([./])(\d{1,2})\2(\d{4})(?!\d)")
_EN_TIME = re.compile(
    r"(?<![\w.,])(\d{1,2})(?:[:.](\d{2}))?\s*(?i:a\.m\.|p\.m\.|[ap]m\b|o['’]clock)"
    r"|(?<![\w.,:])(\d{1,2}):(\d{2})(?![\d:])"
)
_EN_NUMBER = re.compile(
    rf"{_NUM}(?:\s*(?i:(thousand|million|billion|trillion|mn|mln|bn|tn))\b|(?i:(m|k))\b)?"
)
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
    (
        _DE_WORD,
        lambda m: _spelled(m[0], _german_word(m[1].lower(), bool(m[2])), _DE_SCALES.get(m[2], 0)),
    ),
]
_ENGLISH_RULES = [
    (_EN_DATE_DAY_FIRST, lambda m: _numbered(m[0], _date(int(m[1]), _EN_MONTHS[m[2]]), m[3])),
    (_EN_DATE_MONTH_FIRST, lambda m: _numbered(m[0], _date(int(m[2]), _EN_MONTHS[m[1]]), m[3])),
    # "10/3/1990": day or month first, whichever is a valid date
    (
        _EN_NUMERIC_DATE,
        lambda m: _numbered(m[0], _date(int(m[1]), int(m[3])) | _date(int(m[3]), int(m[1])), m[4]),
    ),
    (_EN_TIME, lambda m: _clock(m[0], m[1], m[2]) if m[1] else _clock(m[0], m[3], m[4])),
    (
        _EN_NUMBER,
        lambda m: _digits(
            m, _EN_SCALES.get((m[2] or m[3] or "").lower(), 0), "en", attached=bool(m[3])
        ),
    ),
    (
        _EN_WORD,
        lambda m: _spelled(
            m[0], _english_word(m[1].lower(), bool(m[2])), _EN_SCALES.get(m[2] or "", 0)
        ),
    ),
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
        shared = set(g.values & e.values)
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

    paired = {
        gi for gi in sorted(range(len(german)), key=lambda i: german[i].soft) if augment(gi, set())
    }
    left_german = [n.text for i, n in enumerate(german) if i not in paired and not n.soft]
    left_english = [n.text for i, n in enumerate(english) if i not in partner and not n.soft]
    return left_german, left_english
