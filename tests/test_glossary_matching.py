"""Finding glossary terms in German text: inflection, hyphens, compounds, capitals."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from workbench.document import HIT_MISSING
from workbench.glossary.files import read_glossary
from workbench.glossary.matching import TermIndex, find_hits
from workbench.glossary.model import Glossary, Term

STARTER = Path(__file__).parent.parent / "glossaries" / "news-de-en.csv"


@pytest.fixture(scope="module")
def index() -> TermIndex:
    extra = Glossary(
        "extra",
        terms=[
            Term("Israel", "Israel", keep=True),
            Term("Terror-Miliz", "terror militia (hyphenated entry)"),
            Term("Grüne", "Greens", case_sensitive=True),
            Term("ngo", "NGO", case_sensitive=False),
            Term("NGO", "NGO"),
            Term("kollektive Verteidigung", "collective defence"),
        ],
    )
    return TermIndex([read_glossary(STARTER), extra])


def spans(text: str, index: TermIndex) -> list[tuple[str, str, str]]:
    return [(h.matched, h.term_source, h.confidence) for h in find_hits(text, index)]


CASES = [
    # (case id, German text, expected (matched text, term source, confidence) in order)
    (
        "genitive-multiword",
        "Kämpfer des Islamischen Staates",
        [("Islamischen Staates", "Islamischer Staat", "exact")],
    ),
    ("dative", "mit dem Islamischen Staat", [("Islamischen Staat", "Islamischer Staat", "exact")]),
    (
        "accusative",
        "gegen den Islamischen Staat",
        [("Islamischen Staat", "Islamischer Staat", "exact")],
    ),
    (
        "quotes-around",
        'gegen den "Islamischen Staat‘"',
        [("Islamischen Staat", "Islamischer Staat", "exact")],
    ),
    (
        "german-quotes",
        "die Terrormiliz „Islamischer Staat“",
        [
            ("Terrormiliz", "Terrormiliz", "exact"),
            ("Islamischer Staat", "Islamischer Staat", "exact"),
        ],
    ),
    ("genitive-s", "Partner des Bündnisses", [("Bündnisses", "Bündnis", "exact")]),
    ("plural", "Die Terrormilizen rücken vor", [("Terrormilizen", "Terrormiliz", "exact")]),
    ("hyphen-variant-plural", "Terror-Milizen", [("Terror-Milizen", "Terrormiliz", "exact")]),
    ("hyphenated-entry-closed-text", "die Terrormiliz", [("Terrormiliz", "Terrormiliz", "exact")]),
    ("hyphenated-compound-head", "Peschmerga-Kämpfer", [("Peschmerga", "Peschmerga", "exact")]),
    (
        "longest-entry-wins",
        "Der NATO-Generalsekretär sagte",
        [("NATO-Generalsekretär", "NATO-Generalsekretär", "exact")],
    ),
    (
        "longest-entry-inflected",
        "des NATO-Generalsekretärs",
        [("NATO-Generalsekretärs", "NATO-Generalsekretär", "exact")],
    ),
    (
        "parts-when-no-entry",
        "die NATO und ihr Generalsekretär",
        [("NATO", "NATO", "exact"), ("Generalsekretär", "Generalsekretär", "exact")],
    ),
    ("acronym-in-hyphen-compound", "IS-Kämpfer", [("IS", "IS", "exact")]),
    (
        "acronym-inside-longer-entry",
        "die Anti-IS-Koalition",
        [("Anti-IS-Koalition", "Anti-IS-Koalition", "exact")],
    ),
    ("closed-compound-start", "Bundeswehrsoldaten", [("Bundeswehr", "Bundeswehr", "compound")]),
    (
        "closed-compound-end",
        "des Militärbündnisses",
        [("Militärbündnisses", "Militärbündnis", "exact")],
    ),
    (
        "closed-compound-end-no-entry",
        "ein Verteidigungsbündnis",
        [("bündnis", "Bündnis", "compound")],
    ),
    ("compound-with-linking-s", "Flüchtlingslager", [("Flüchtling", "Flüchtling", "compound")]),
    ("unknown-word-greedy-lemma", "im Nordiraks", [("Nordiraks", "Nordirak", "exact")]),
    (
        "vereinte-nationen",
        "die Vereinten Nationen",
        [("Vereinten Nationen", "Vereinte Nationen", "exact")],
    ),
    (
        "sentence-start-lowercase-word",
        "Kollektive Verteidigung ist Pflicht",
        [("Kollektive Verteidigung", "kollektive Verteidigung", "exact")],
    ),
    (
        "all-caps-headline",
        "ISLAMISCHER STAAT",
        [("ISLAMISCHER STAAT", "Islamischer Staat", "exact")],
    ),
    ("acronym-plural-s", "zwei NGOs", [("NGOs", "NGO", "exact")]),
    ("case-insensitive-column", "die Ngo", [("Ngo", "ngo", "exact")]),
    ("case-sensitive-column", "die Grünen", [("Grünen", "Grüne", "exact")]),
    (
        "several-hits-sorted",
        "Bundestag stimmt dem Mandat für die Bundeswehr im Irak zu",
        [
            ("Bundestag", "Bundestag", "exact"),
            ("Mandat", "Mandat", "exact"),
            ("Bundeswehr", "Bundeswehr", "exact"),
            ("Irak", "Irak", "exact"),
        ],
    ),
    # negatives
    ("acronym-lowercase", "Das is kein Wort, Is auch nicht", []),
    ("lowercase-multiword-proper-name", "islamische Staaten", []),
    ("lowercase-vereinen", "sie vereinten Nationen", []),
    ("multiword-across-punctuation", "Islamischer. Staat", []),
    ("short-term-not-in-compound", "Irakische Truppen", []),
    ("derivation-not-compound", "israelische Diplomaten", []),
    ("case-sensitive-column-refuses", "grüne Wiesen", []),
    ("compound-needs-real-rest", "Bundeswehrs", [("Bundeswehrs", "Bundeswehr", "exact")]),
    ("no-term", "Das Wetter war schön.", []),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_find_hits(index, text, expected):
    assert spans(text, index) == expected


def test_hit_fields(index):
    text = "Die Bundeswehr bildet Peschmerga-Kämpfer aus."
    hits = find_hits(text, index)
    assert [(h.start, h.end) for h in hits] == [(4, 14), (22, 32)]
    for hit in hits:
        assert text[hit.start : hit.end] == hit.matched
        assert hit.glossary == "news-de-en" and hit.status == HIT_MISSING
    assert hits[1].term_target == "Peshmerga" and "Kurdish" in hits[1].note


def test_hits_never_overlap_and_are_sorted(index):
    text = (
        "Der NATO-Generalsekretär lobte die Bundeswehrsoldaten, die Peschmerga und den "
        "UN-Sicherheitsrat; der Sicherheitsrat der Vereinten Nationen tagte in Erbil."
    )
    hits = find_hits(text, index)
    assert [h.start for h in hits] == sorted(h.start for h in hits)
    for a, b in pairwise(hits):
        assert a.end <= b.start
    assert "UN-Sicherheitsrat" in [h.term_source for h in hits]


def test_earlier_glossary_wins_same_span():
    first = Glossary("desk", terms=[Term("Gipfel", "summit")])
    second = Glossary("other", terms=[Term("Gipfel", "peak")])
    hits = find_hits("Der Gipfel", TermIndex([first, second]))
    assert [(h.glossary, h.term_target) for h in hits] == [("desk", "summit")]


def test_index_accepts_pairs_and_terms():
    index = TermIndex([("g", Term("Gipfel", "summit")), Term("Mandat", "mandate")])
    assert len(index) == 2
    assert [(h.glossary, h.term_source) for h in find_hits("Gipfel und Mandat", index)] == [
        ("g", "Gipfel"),
        ("", "Mandat"),
    ]


def test_large_glossary_finds_every_compound_form():
    # Speed is measured in benchmarks/bench_matching.py, not asserted here.
    stems = [
        "Grenz",
        "Friedens",
        "Kriegs",
        "Regierungs",
        "Armee",
        "Polizei",
        "Hilfs",
        "Waffen",
        "Sicherheits",
        "Handels",
        "Energie",
        "Wahl",
        "Partei",
        "Staats",
        "Stadt",
        "Klima",
        "Drohnen",
        "Panzer",
        "Raketen",
        "Kommando",
    ]
    heads = [
        "vertrag",
        "minister",
        "behörde",
        "einheit",
        "truppe",
        "mission",
        "konferenz",
        "gipfel",
        "abkommen",
        "gesetz",
        "experte",
        "sprecher",
        "ausschuss",
        "bericht",
        "lager",
        "zone",
        "krise",
        "hilfe",
        "plan",
        "reform",
        "debatte",
        "kontrolle",
        "system",
        "offizier",
        "strategie",
    ]
    terms = [Term(f"{a}{b}{i or ''}", f"t{i}") for i in range(10) for a in stems for b in heads]
    text = " ".join([f"Die {a}{b}s der {a}verträge tagten." for a in stems for b in heads] * 4)
    index = TermIndex(terms)
    hits = find_hits(text, index)
    assert len(terms) == 5000 and len(text.split()) >= 10_000
    assert len(hits) >= 2000
    assert all(text[h.start : h.end] == h.matched for h in hits)
