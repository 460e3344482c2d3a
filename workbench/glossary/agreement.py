"""Agreement: a glossary term put into the English takes the form its German asks for.

Contract:
- `german_form(source, hit, term) -> GermanForm` reads the German around one hit: is it plural
  ("Flüchtlinge", "mit Anschlägen"), genitive ("des Islamischen Staates"), a genitive placed
  before its noun ("Syriens Präsident", which English says with 's), or only the first part of
  a compound ("NATO" in "NATO-Gipfel", "Bündnis" in "Bündnispartner": never inflected)?
  `plural` is None when the German cannot tell ("die Kämpfer" is singular or plural).
- `agreed(english, term, form, replaced="") -> str` inflects a term's English: the plural from
  the glossary's `plural` column, else the head word's plural from `lemminflect` ("defence
  ministers", "Secretaries General", "Chiefs of Defence", acronyms "NGOs"); a target already
  plural ("ground troops") stays; do-not-translate terms never get a plural. Possessive: "Syria's", "refugees'". `replaced` is the English the
  term takes the place of (the model's words): when the German cannot tell the number, a plural
  English word there decides; an "'s" there is kept.
- `term_in_context(english, term, hit, source, replaced="")`: both steps.
- `put_in_place(text, start, end, english) -> str` puts a term into `text[start:end]` as a
  word of its own, in English spacing: a German hyphen or closed compound around it becomes a
  space ("NATO-Gipfel" -> "NATO summit", "US-Verteidigungsminister" -> "US defence minister",
  "Bündnispartner" -> "alliance partner"; German and English both put the modifier first).
  English hyphens stay: after a prefix ("anti-NATO", "ex-minister") and before a lowercase word
  ("NATO-led").

How the German number and case are read (no noun table has every form, so the glossary's base
form is the reference): the hit's last word is compared with the term's base form. An umlaut
("Anschlag" -> "Anschläge") or a plural ending (-e, -en, -n, -er, -nen, -se) means plural;
-s, -es, -ses mean genitive singular; no ending leaves the number to the words before it. Those
words are tagged by HanTa (the Hanover Tagger): a singular article before the noun ("dem
Soldaten", "des Kurden", "beim") makes it singular, a count or quantifier ("500 Soldaten",
"zwei", "mehrere", "Hunderte") or "die" + an adjective in -en ("die irakischen Kämpfer")
plural. When the base form does not explain the word ("Museen"), HanTa's own analysis of the
word's ending is used. Nothing is loaded at import; the tagger is loaded once, on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import simplemma

from workbench.document import TermHit
from workbench.glossary.german import noun_ending, tagged
from workbench.glossary.model import Term

_HYPHENS = "-\u2010\u2011"
_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PLURAL_ENDINGS = frozenset({"e", "en", "n", "er", "ern", "nen", "se", "sen"})
GENITIVE_ENDINGS = frozenset({"s", "es", "ses"})
# Words before a noun that make it singular; those of the genitive make it genitive.
GENITIVE_WORDS = _words(
    "des eines dieses jenes seines ihres unseres eures meines deines keines jedes welches"
)
SINGULAR_WORDS = GENITIVE_WORDS | _words(
    "dem einem einen ein eine einer diesem jenem seinem ihrem unserem eurem meinem deinem keinem "
    "jedem jeden welchem beim im am vom zum zur"
)
PLURAL_WORDS = _words(
    "alle allen beide beiden mehrere mehreren mehrerer einige einigen einiger viele vielen "
    "vieler zahlreiche zahlreichen wenige wenigen manche manchen etliche etlichen sämtliche "
    "sämtlichen hunderte hunderten tausende tausenden dutzende dutzenden zwei drei vier fünf "
    "sechs sieben acht neun zehn elf zwölf zwanzig dreißig vierzig fünfzig hundert tausend"
)
ENGLISH_PREFIXES = _words(
    "anti ex pro non co pre post self semi multi pan mid cross inter intra neo"
)


@dataclass(frozen=True)
class GermanForm:
    plural: bool | None = False
    genitive: bool = False
    possessive: bool = False
    modifier: bool = False


# --- the German side ---------------------------------------------------------------------------


def _fold(word: str) -> str:
    return word.replace("ä", "a").replace("ö", "o").replace("ü", "u")


def _ending(surface: str, base: str) -> tuple[str, bool] | None:
    """(ending after the base form, umlaut?) or None when the base form does not explain it."""
    s, b = (re.sub(f"[{_HYPHENS}]", "", w.lower()) for w in (surface, base))
    if s.startswith(b):
        return s[len(b) :], False
    if _fold(s).startswith(_fold(b)):
        return _fold(s)[len(b) :], True
    return None


def _is_modifier(source: str, end: int) -> bool:
    """Does the word go on after the hit (closed or hyphen compound)?"""
    after = source[end : end + 2]
    return after[:1].isalnum() or (after[:1] in _HYPHENS and after[1:2].isalnum())


def _context(source: str, start: int) -> tuple[str | None, bool]:
    """From the words before the noun: ("singular" | "plural" | None, genitive article?)."""
    # the noun's own compound parts are not context: "beim NATO-|Gipfel", "des Militär|bündnisses"
    head = re.sub(rf"(?:[^\W_]+[{_HYPHENS}])*[^\W_]*$", "", source[:start])
    adjective_en = False
    for word, _, tag in reversed(tagged(head)[-6:]):
        low = word.lower()
        if low in PLURAL_WORDS or (tag == "CARD" and _count(word) > 1):
            return "plural", False
        if low in SINGULAR_WORDS:
            return "singular", low in GENITIVE_WORDS
        if low == "die" and adjective_en:
            return "plural", False
        if tag.startswith("ADJ"):
            adjective_en = adjective_en or low.endswith("en")
            continue
        return None, False
    return None, False


def _count(word: str) -> float:
    digits = word.replace(".", "").replace(",", ".")
    try:
        return float(digits)
    except ValueError:
        return 0.0


def _noun_follows(source: str, end: int) -> bool:
    """Is the next word a noun (capitalised), possibly after one adjective?"""
    words = _WORD.findall(source[end : end + 80])[:2]
    if not words or re.match(r"\s*[^\w\s]", source[end:]):
        return False
    if words[0][:1].isupper():
        return True
    adjective = words[0].endswith(("e", "en", "er", "es", "em"))
    return adjective and len(words) > 1 and words[1][:1].isupper()


def _number(ending: str | None, umlaut: bool, cue: str | None) -> bool | None:
    if umlaut:
        return True
    if ending in GENITIVE_ENDINGS:
        return cue == "plural"  # "die Jobs"; else "des Staates", "Syriens"
    if ending in PLURAL_ENDINGS:
        return cue != "singular"  # "dem Soldaten" is singular
    return {"plural": True, "singular": False}.get(cue or "")


def german_form(source: str, hit: TermHit, term: Term) -> GermanForm:
    """Number and case of the German hit (see the module docstring)."""
    if _is_modifier(source, hit.end):
        return GermanForm(modifier=True)
    surface = (hit.matched.split() or [""])[-1]
    base = (term.source.split() or [""])[-1]
    found = _ending(surface, base) or (noun_ending(surface) if surface else None)
    cue, genitive_article = _context(source, hit.start)
    if found is None:
        return GermanForm(plural=_number(None, False, cue), genitive=genitive_article)
    ending, umlaut = found
    noun_follows = _noun_follows(source, hit.end)
    if ending == "s" and base.isupper() and cue is None and not noun_follows:
        cue = "plural"  # an acronym's s is its plural ("NGOs fordern"), bar "NATOs Gipfel"
    plural = _number(ending, umlaut, cue)
    genitive = not plural and (ending in GENITIVE_ENDINGS or genitive_article)
    possessive = genitive and cue is None and ending in GENITIVE_ENDINGS and noun_follows
    return GermanForm(plural=plural, genitive=genitive, possessive=possessive)


# --- the English side --------------------------------------------------------------------------

# Words after which an English compound's head has come: "Chief of Defence", "Secretary General".
_AFTER_HEAD = frozenset({"of", "for", "in", "on", "at", "to", "general"})


def _lemminflect():
    import lemminflect  # imported on first use: it loads its word tables (about 0.1 s)

    return lemminflect


def is_plural_english(word: str, known: bool = False) -> bool:
    """Is this English word a plural noun ("troops", "Nations"; not "news", "analysis")?
    known=True: only a word simplemma's English dictionary knows (not German left in)."""
    low = word.lower()
    if len(low) < 3 or not low.endswith(("s", "men")):
        return False
    if known and not simplemma.is_known(low, lang="en"):
        return False
    lemmas = _lemminflect().getLemma(low, upos="NOUN")
    return bool(lemmas) and lemmas[0] != low


def singular_of(english: str) -> str:
    """English with a plural last word made singular ("military instructors" -> "military
    instructor"); anything else unchanged."""
    words = english.split(" ")
    if not words[-1] or not is_plural_english(words[-1], known=True):
        return english
    lemmas = _lemminflect().getLemma(words[-1].lower(), upos="NOUN")
    words[-1] = _same_case(words[-1], lemmas[0]) if lemmas else words[-1]
    return " ".join(words)


def _same_case(model: str, word: str) -> str:
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def _head(words: list[str]) -> int:
    """Index of the word that takes the plural."""
    for i, word in enumerate(words[1:], 1):
        if word.lower() in _AFTER_HEAD:
            return i - 1
    return len(words) - 1


def plural_of(english: str, term: Term) -> str:
    """The English plural of a term's English (see the module docstring)."""
    if term.plural:
        return term.plural
    words = english.split(" ")
    i = _head(words)
    head = words[i]
    if not head or is_plural_english(head) or not head[-1:].isalpha():
        return english
    if head.isupper() and len(head) > 1:
        plural = head + "s"  # an acronym: "NGO" -> "NGOs"
    else:
        forms = _lemminflect().getInflection(head.lower(), tag="NNS")
        if not forms:
            return english
        plural = _same_case(head, forms[0])
    return " ".join([*words[:i], plural, *words[i + 1 :]])


def possessive_of(english: str, plural: bool) -> str:
    return english + ("'" if plural and english.endswith("s") else "'s")


def agreed(english: str, term: Term, form: GermanForm, replaced: str = "") -> str:
    """The term's English in the form the German (and the replaced English) asks for."""
    if form.modifier or not english:
        return english
    replaced_words = _WORD.findall(replaced)
    plural = form.plural
    if plural is None:
        plural = bool(replaced_words) and is_plural_english(replaced_words[-1], known=True)
    if plural and not term.keep:
        english = plural_of(english, term)
    if form.possessive or re.search(r"['\u2019]s?\s*$", replaced):
        english = possessive_of(english, plural)
    return english


def term_in_context(english: str, term: Term, hit: TermHit, source: str, replaced: str = "") -> str:
    return agreed(english, term, german_form(source, hit, term), replaced)


# --- spacing -----------------------------------------------------------------------------------


def put_in_place(text: str, start: int, end: int, english: str) -> str:
    """`text` with `text[start:end]` replaced by `english`, a word of its own, English spacing."""
    before, after = text[:start], text[end:]
    if after[:1].isalnum():
        english += " "  # the rest of a closed compound: "alliance| partner"
    elif after[:1] and after[:1] in _HYPHENS and after[1:2].isupper():
        after = " " + after[1:]  # "Peshmerga-Kämpfer" -> "Peshmerga Kämpfer"; "NATO-led" stays
    if before[-1:].isalnum():
        english = " " + english
    elif before[-1:] and before[-1:] in _HYPHENS and before[-2:-1].isalnum():
        previous = _WORD.findall(before[:-1])[-1]
        if previous.lower() not in ENGLISH_PREFIXES:
            before = before[:-1] + " "  # "NATO-summit" -> "NATO summit"; "anti-NATO" stays
    return before + english + after
