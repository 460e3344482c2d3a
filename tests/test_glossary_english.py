"""Checking the English side: target terms, variants and forbidden renderings."""

from __future__ import annotations

import pytest

from workbench.glossary.english import find_term_in_english, honours, uses_forbidden
from workbench.glossary.model import Term

TERMS = {
    "NATO": Term("NATO", "NATO", keep=True, forbidden=["Nato"]),
    "Peschmerga": Term("Peschmerga", "Peshmerga", forbidden=["Peschmerga"]),
    "Bündnis": Term("Bündnis", "alliance"),
    "Verteidigungsminister": Term(
        "Verteidigungsminister",
        "defence minister",
        variants=["defense minister", "Minister of Defence"],
    ),
    "Islamischer Staat": Term(
        "Islamischer Staat", "Islamic State", variants=["ISIS"], forbidden=["Islamic state"]
    ),
    "IS": Term("IS", "IS", keep=True),
    "NATO-Generalsekretär": Term(
        "NATO-Generalsekretär", "NATO Secretary General", forbidden=["NATO General Secretary"]
    ),
    "Sekretär": Term("Sekretär", "secretary", forbidden=["Secretary General"]),
    "Waffenstillstand": Term("Waffenstillstand", "ceasefire", variants=["cease-fire"]),
    "Flüchtling": Term("Flüchtling", "refugee"),
    "Gipfel": Term("Gipfel", "Summit", case_sensitive=False),
    "Kurde": Term("Kurde", "Kurd"),
    "Bundestag": Term("Bundestag", "Bundestag", keep=True, variants=["German parliament"]),
}

CASES = [
    # (case id, term, English, expected span text or None)
    ("plain", "Bündnis", "The alliance met.", "alliance"),
    ("plural", "Bündnis", "Both alliances met.", "alliances"),
    ("sentence-start-capital", "Bündnis", "Alliance members met.", "Alliance"),
    ("words-after-term", "Peschmerga", "Peshmerga fighters advanced.", "Peshmerga"),
    ("possessive", "Peschmerga", "The Peshmerga's position", "Peshmerga"),
    (
        "multiword-plural",
        "Verteidigungsminister",
        "The defence ministers met.",
        "defence ministers",
    ),
    ("variant", "Verteidigungsminister", "the US defense minister", "defense minister"),
    (
        "variant-capitalised",
        "Verteidigungsminister",
        "the Minister of Defence said",
        "Minister of Defence",
    ),
    ("acronym-exact", "NATO", "NATO troops", "NATO"),
    ("acronym-possessive", "NATO", "NATO's chief", "NATO"),
    ("proper-name", "Islamischer Staat", "fighters of Islamic State", "Islamic State"),
    ("proper-name-possessive", "Islamischer Staat", "the Islamic State's leaders", "Islamic State"),
    ("proper-name-variant", "Islamischer Staat", "ISIS fighters", "ISIS"),
    (
        "hyphen-is-space",
        "NATO-Generalsekretär",
        "the NATO Secretary-General said",
        "NATO Secretary-General",
    ),
    ("hyphen-in-variant", "Waffenstillstand", "a cease fire", "cease fire"),
    ("closed-form", "Waffenstillstand", "the ceasefire held", "ceasefire"),
    ("irregular-plural-rule", "Flüchtling", "refugees arrived", "refugees"),
    ("keep-term", "Bundestag", "the Bundestag voted", "Bundestag"),
    ("keep-variant", "Bundestag", "the German parliament voted", "German parliament"),
    ("case-insensitive-column", "Gipfel", "the summit", "summit"),
    ("first-of-several", "Bündnis", "An alliance is an alliance.", "alliance"),
    # negatives
    ("acronym-wrong-case", "NATO", "Nato troops", None),
    ("acronym-lowercase", "IS", "This is it. Is it?", None),
    ("proper-name-lowercase", "Islamischer Staat", "Islamic states in the region", None),
    ("absent", "Bündnis", "The coalition met.", None),
    ("german-left-in", "Peschmerga", "Peschmerga fighters", None),
    ("split-by-punctuation", "Verteidigungsminister", "defence. Minister", None),
    ("partial-word", "Kurde", "Kurdistan", None),
    ("wrong-order", "NATO-Generalsekretär", "NATO General Secretary", None),
]


@pytest.mark.parametrize(
    "key, english, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_find_term_in_english(key, english, expected):
    term = TERMS[key]
    span = find_term_in_english(english, term)
    assert (english[span[0] : span[1]] if span else None) == expected
    assert honours(english, term) is (expected is not None)


FORBIDDEN = [
    # (case id, term, English, forbidden rendering reported or None)
    ("wrong-case-acronym", "NATO", "Nato troops", "Nato"),
    ("right-case-not-forbidden", "NATO", "NATO troops", None),
    ("lowercase-state", "Islamischer Staat", "the Islamic state", "Islamic state"),
    ("capital-state-not-forbidden", "Islamischer Staat", "the Islamic State", None),
    ("untranslated", "Peschmerga", "Peschmerga units", "Peschmerga"),
    (
        "wrong-rendering",
        "NATO-Generalsekretär",
        "the NATO General Secretary",
        "NATO General Secretary",
    ),
    (
        "inside-accepted-rendering",
        "Sekretär",
        "the Secretary General's secretary",
        "Secretary General",
    ),
    ("no-forbidden-list", "Bündnis", "the alliance", None),
    ("forbidden-plural", "Peschmerga", "Peschmergas", "Peschmerga"),
]


@pytest.mark.parametrize(
    "key, english, expected", [c[1:] for c in FORBIDDEN], ids=[c[0] for c in FORBIDDEN]
)
def test_uses_forbidden(key, english, expected):
    assert uses_forbidden(english, TERMS[key]) == expected


def test_forbidden_inside_accepted_span_is_not_reported():
    term = Term("Generalsekretär", "Secretary General", forbidden=["Secretary"])
    assert uses_forbidden("the Secretary General", term) is None
    assert uses_forbidden("the Secretary said", term) == "Secretary"
