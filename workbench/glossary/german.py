"""German words analysed by HanTa (the Hanover Tagger): parts of speech, lemmas, morphemes.

Contract:
- `tagged(text)` -> ((word, lemma, STTS tag), ...) for the tokens of a German text: words
  (a hyphenated compound such as "NATO-Gipfel" is one token) and punctuation. Tags are STTS
  with HanTa's detail: "NN" common noun, "NE" name, "ADJ(A)" attributive adjective, "ART"
  article, "CARD" number, "APPR" preposition...
- `noun_ending(word)` -> (inflection ending, umlaut stem?) as HanTa analyses the noun
  ("Museen" -> ("en", False), "Anschlägen" -> ("en", True)), or None.
- `noun_parts(word)` -> the nouns and names a (compound) noun is made of
  ("Militärschulen" -> ["militär", "schule"], "NATO-Partnern" -> ["nato", "partner"]).
- The tagger model (in the HanTa package, no download) is loaded once, on first use (~0.1 s),
  and only read afterwards, so it is shared by every thread. Results are cached.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

_HYPHENS = "-\u2010\u2011"
TOKEN = re.compile(rf"[^\W_]+(?:[{_HYPHENS}][^\W_]+)*|[^\w\s]")

_tagger = None
_tagger_lock = threading.Lock()


def _hanta():
    global _tagger
    with _tagger_lock:
        if _tagger is None:
            from HanTa import HanoverTagger

            _tagger = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
        return _tagger


@lru_cache(maxsize=4096)
def tagged(text: str) -> tuple[tuple[str, str, str], ...]:
    """(word, lemma, STTS tag) for each token of a German text."""
    tokens = TOKEN.findall(text)
    if not tokens:
        return ()
    return tuple((word, lemma, tag) for word, lemma, tag in _hanta().tag_sent(tokens))


@lru_cache(maxsize=8192)
def _morphemes(word: str) -> tuple[tuple[str, str], ...]:
    _, morphemes, _ = _hanta().analyze(word, taglevel=3)
    return tuple((text, tag) for text, tag in morphemes)


def noun_ending(word: str) -> tuple[str, bool] | None:
    """The inflection ending HanTa finds in a noun, and whether its stem is an umlaut variant."""
    morphemes = _morphemes(word)
    if not morphemes:
        return None
    umlaut = any(tag.endswith("_VAR") for _, tag in morphemes)
    text, tag = morphemes[-1]
    return (text.lower() if tag.startswith("SUF_") else ""), umlaut


def noun_parts(word: str) -> list[str]:
    """The nouns and names a word is made of, lowercase, in order."""
    return [text.lower() for text, tag in _morphemes(word) if tag.startswith(("NN", "NE"))]
