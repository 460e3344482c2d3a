"""What two German sentences have in common: normalisation, tokens, OmegaT-like scores, diffs.

Contract:
- `normalise(text)` is the key of an exact match: Unicode NFC, typographic quotes and
  apostrophes as plain ones („…“ »…« ‚…‘ ’ -> " and '), every run of whitespace (non-breaking
  spaces, tabs, line breaks) one space, no space at either end. Case and punctuation count.
- `tokens(text)` are the sentence's word tokens, numbers and tags (OmegaT's `<b0>`, `</b0>`,
  `{1}`), punctuation left out; `words(text)` only the words.
- `scores(a, b)` scores like OmegaT: similarity = 100 * (max(n, m) - LD) / max(n, m) over token
  lists (LD the token-level Levenshtein distance, computed by rapidfuzz), three ways: on
  lemmas of the words (simplemma), on the words, and on words with numbers and tags. `score`
  is the last one, the strictest: a different number lowers it.
- `number_differences(a, b)`: the numbers of one sentence missing from the other.
- `word_diff(old, new)`: the German of `new` as (kind, text) pieces against `old`: "same",
  "new" (only in `new`), "gone" (only in `old`), on word level, spacing of `new` kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

_QUOTES = str.maketrans(
    {
        "„": '"',
        "“": '"',
        "”": '"',
        "»": '"',
        "«": '"',
        "‟": '"',
        "‚": "'",
        "‘": "'",
        "’": "'",
        "›": "'",
        "‹": "'",
        "‛": "'",
    }
)
_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(
    r"(?P<tag></?[A-Za-z]+\d*/?>|\{\d+\})"
    r"|(?P<number>\d+(?:[.,:]\d+)*)"
    r"|(?P<word>\w+(?:[-'’]\w+)*)"
)


def normalise(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).translate(_QUOTES)).strip()


def tokens(text: str) -> list[str]:
    """Words (case-folded), numbers and tags, in order."""
    return [m.group(0).casefold() for m in _TOKEN.finditer(normalise(text))]


def words(text: str) -> list[str]:
    return [m.group(0).casefold() for m in _TOKEN.finditer(normalise(text)) if m.group("word")]


def numbers(text: str) -> list[str]:
    return [m.group(0) for m in _TOKEN.finditer(normalise(text)) if m.group("number")]


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    import simplemma

    return simplemma.lemmatize(word, lang="de").casefold()


@dataclass(frozen=True)
class Scores:
    lemmas: int
    words: int
    full: int  # words, numbers and tags: the score shown

    @property
    def score(self) -> int:
        return self.full


def similarity(a: list[str], b: list[str]) -> int:
    """OmegaT's token similarity, 0-100 (rounded down, so 100 means identical tokens)."""
    longest = max(len(a), len(b))
    if longest == 0:
        return 100
    return (100 * (longest - Levenshtein.distance(a, b))) // longest


def scores(a: str, b: str) -> Scores:
    words_a, words_b = words(a), words(b)
    return Scores(
        similarity([lemma(w) for w in words_a], [lemma(w) for w in words_b]),
        similarity(words_a, words_b),
        similarity(tokens(a), tokens(b)),
    )


def number_differences(a: str, b: str) -> list[str]:
    """Numbers in one sentence and not the other (each once, in order of appearance)."""
    in_a, in_b = numbers(a), numbers(b)
    found = [n for n in in_a if n not in in_b] + [n for n in in_b if n not in in_a]
    return list(dict.fromkeys(found))


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """`new` against `old`, word by word: the "same" and "new" pieces joined with spaces give
    `new`; the "gone" pieces are the old words they replaced (shown struck through)."""
    import difflib

    old_words, new_words = old.split(), new.split()
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(
        a=[normalise(w) for w in old_words], b=[normalise(w) for w in new_words], autojunk=False
    )
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("same", " ".join(new_words[b1:b2])))
            continue
        if a2 > a1:
            pieces.append(("gone", " ".join(old_words[a1:a2])))
        if b2 > b1:
            pieces.append(("new", " ".join(new_words[b1:b2])))
    return pieces
