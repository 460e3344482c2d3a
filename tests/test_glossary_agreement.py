"""Agreement: a term put into the English takes the number, case and spacing the German asks for."""

from pathlib import Path

import pytest

from workbench.document import TermHit
from workbench.glossary.agreement import (
    GermanForm,
    agreed,
    german_form,
    put_in_place,
    term_in_context,
)
from workbench.glossary.model import Term


def at(source: str, matched: str) -> TermHit:
    """A hit on the first occurrence of `matched` in `source`."""
    start = source.index(matched)
    return TermHit(start, start + len(matched), matched, "", "")


# (German sentence, the hit's text, glossary term (source, target[, plural]), English form)
IN_CONTEXT = [
    ("und verzweifelte Flüchtlinge treibt", "Flüchtlinge", ("Flüchtling", "refugee"), "refugees"),
    ("Ein Flüchtling erzählt.", "Flüchtling", ("Flüchtling", "refugee"), "refugee"),
    ("Der IS drohte mit Anschlägen im Irak.", "Anschlägen", ("Anschlag", "attack"), "attacks"),
    ("Der Anschlag war geplant.", "Anschlag", ("Anschlag", "attack"), "attack"),
    ("Die Opfer des Anschlags trauern.", "Anschlags", ("Anschlag", "attack"), "attack"),
    (
        "Terror-Anschläge auf unserem Boden",
        "Terror-Anschläge",
        ("Terroranschlag", "terrorist attack"),
        "terrorist attacks",
    ),
    ("Er sprach mit dem Soldaten.", "Soldaten", ("Soldat", "soldier"), "soldier"),
    ("Die Eltern des Soldaten klagen.", "Soldaten", ("Soldat", "soldier"), "soldier"),
    ("Die NATO schickt 500 Soldaten.", "Soldaten", ("Soldat", "soldier"), "soldiers"),
    ("Die Soldaten kehren heim.", "Soldaten", ("Soldat", "soldier"), "soldiers"),
    ("Die irakischen Kämpfer zogen ab.", "Kämpfer", ("Kämpfer", "fighter"), "fighters"),
    ("Der Kämpfer zog ab.", "Kämpfer", ("Kämpfer", "fighter"), "fighter"),
    ("Hunderte Kämpfer zogen ab.", "Kämpfer", ("Kämpfer", "fighter"), "fighters"),
    (
        "Zwei Verteidigungsminister trafen sich.",
        "Verteidigungsminister",
        ("Verteidigungsminister", "defence minister"),
        "defence ministers",
    ),
    (
        "Mehrere Generalsekretäre kamen.",
        "Generalsekretäre",
        ("Generalsekretär", "Secretary General"),
        "Secretaries General",
    ),
    (
        "Die Verteidigungsministerien planen.",
        "Verteidigungsministerien",
        ("Verteidigungsministerium", "defence ministry"),
        "defence ministries",
    ),
    (
        "Die Bodentruppen rücken vor.",
        "Bodentruppen",
        ("Bodentruppen", "ground troops"),
        "ground troops",
    ),
    (
        "Die Einsätze der Vereinten Nationen",
        "Vereinten Nationen",
        ("Vereinte Nationen", "United Nations"),
        "United Nations",
    ),
    (
        "Hunderte Peschmerga kämpfen.",
        "Peschmerga",
        ("Peschmerga", "Peshmerga", "Peshmerga"),
        "Peshmerga",
    ),
    (
        "Die Kämpfer des Islamischen Staates",
        "Islamischen Staates",
        ("Islamischer Staat", "Islamic State"),
        "Islamic State",
    ),
    ("Syriens Präsident reiste ab.", "Syriens", ("Syrien", "Syria"), "Syria's"),
    ("Deutschlands wichtigster Partner", "Deutschlands", ("Deutschland", "Germany"), "Germany's"),
    ("Die Lage Syriens ist ernst.", "Syriens", ("Syrien", "Syria"), "Syria"),
    ("Die Armee Syriens.", "Syriens", ("Syrien", "Syria"), "Syria"),
    ("NGOs fordern mehr Geld.", "NGOs", ("NGO", "NGO"), "NGOs"),
    ("Die Museen öffnen.", "Museen", ("Museum", "museum"), "museums"),
    ("Die Militärbündnisse wachsen.", "bündnisse", ("Bündnis", "alliance"), "alliances"),
    ("Die Erweiterung des Militärbündnisses", "bündnisses", ("Bündnis", "alliance"), "alliance"),
    ("Einige europäische Bündnispartner", "Bündnis", ("Bündnis", "alliance"), "alliance"),
    ("kurdische Peschmerga-Kämpfer", "Peschmerga", ("Peschmerga", "Peshmerga"), "Peshmerga"),
    ("beim NATO-Gipfel im Juli", "Gipfel", ("Gipfel", "summit"), "summit"),
    ("zwei NATO-Gipfel im Jahr", "Gipfel", ("Gipfel", "summit"), "summits"),
    (
        "Die Terror-Milizen werden stärker.",
        "Terror-Milizen",
        ("Terrormiliz", "terrorist militia"),
        "terrorist militias",
    ),
]


@pytest.mark.parametrize("source,matched,entry,expected", IN_CONTEXT)
def test_term_takes_the_form_the_german_asks_for(source, matched, entry, expected):
    term = Term(entry[0], entry[1], plural=entry[2] if len(entry) > 2 else "")
    assert term_in_context(term.target, term, at(source, matched), source) == expected


def test_do_not_translate_terms_never_get_a_plural():
    keep = Term("Bundeswehr", "Bundeswehr", keep=True)
    assert agreed("Bundeswehr", keep, GermanForm(plural=True)) == "Bundeswehr"
    assert agreed("NATO", Term("NATO", "NATO", keep=True), GermanForm(plural=True)) == "NATO"


@pytest.mark.parametrize(
    "source,matched,form",
    [
        ("mit Anschlägen im Irak", "Anschlägen", GermanForm(plural=True)),
        ("des Anschlags", "Anschlags", GermanForm(plural=False, genitive=True)),
        ("Syriens Präsident", "Syriens", GermanForm(plural=False, genitive=True, possessive=True)),
        ("die Kämpfer zogen ab", "Kämpfer", GermanForm(plural=None)),
        ("die NATO-Partner", "NATO", GermanForm(modifier=True)),
        ("die Bündnispartner", "Bündnis", GermanForm(modifier=True)),
    ],
)
def test_german_form(source, matched, form):
    base = {
        "Anschlägen": "Anschlag",
        "Anschlags": "Anschlag",
        "Syriens": "Syrien",
        "Kämpfer": "Kämpfer",
        "NATO": "NATO",
        "Bündnis": "Bündnis",
    }[matched]
    assert german_form(source, at(source, matched), Term(base, "x")) == form


# (term English, German form, the English the term replaces, result)
ENGLISH = [
    ("fighter", GermanForm(plural=None), "the fighters", "fighters"),  # the model's number
    ("fighter", GermanForm(plural=None), "Kämpfer", "fighter"),  # German left in: no cue
    ("fighter", GermanForm(plural=None), "", "fighter"),
    ("Syria", GermanForm(plural=False), "Syria's", "Syria's"),  # the model's possessive
    ("refugee", GermanForm(plural=True, genitive=True, possessive=True), "", "refugees'"),
    ("Chief of Defence", GermanForm(plural=True), "", "Chiefs of Defence"),
    ("UN Security Council", GermanForm(plural=True), "", "UN Security Councils"),
    ("NGO", GermanForm(plural=True), "", "NGOs"),
    ("news agency", GermanForm(plural=True), "", "news agencies"),
    ("alliance", GermanForm(modifier=True), "allies", "alliance"),
]


@pytest.mark.parametrize("english,form,replaced,expected", ENGLISH)
def test_english_inflection(english, form, replaced, expected):
    assert agreed(english, Term("x", english), form, replaced) == expected


# (text, span to replace, term English, result)
SPACING = [
    ("beim NATO-Gipfel im Juli", "Gipfel", "summit", "beim NATO summit im Juli"),
    (
        "US-Verteidigungsminister James Mattis",
        "Verteidigungsminister",
        "defence minister",
        "US defence minister James Mattis",
    ),
    (
        "europäische Bündnispartner waren",
        "Bündnis",
        "alliance",
        "europäische alliance partner waren",
    ),
    ("des Militärbündnisses", "bündnisses", "alliance", "des Militär alliance"),
    ("kurdische Peschmerga-Kämpfer", "Peschmerga", "Peshmerga", "kurdische Peshmerga Kämpfer"),
    ("an anti-Nato protest", "Nato", "NATO", "an anti-NATO protest"),
    (
        "an ex-Verteidigungsminister",
        "Verteidigungsminister",
        "defence minister",
        "an ex-defence minister",
    ),
    ("the Nato-led mission", "Nato", "NATO", "the NATO-led mission"),
    ("Die Nato tagt.", "Nato", "NATO", "Die NATO tagt."),
    ("G7-Gipfel", "Gipfel", "summit", "G7 summit"),
]


@pytest.mark.parametrize("text,span,english,expected", SPACING)
def test_term_is_put_in_place_with_english_spacing(text, span, english, expected):
    start = text.index(span)
    assert put_in_place(text, start, start + len(span), english) == expected


STARTER = Path(__file__).parent.parent / "glossaries" / "news-de-en.csv"

# (German sentence, English it must contain, English it must not contain) with the echo package
ECHO = [
    (
        "Erst kürzlich hat der IS wieder mit Anschlägen im Irak gedroht.",
        "mit attacks im Iraq",
        "attack ",
    ),
    (
        "Das Chaos treibt verzweifelte Flüchtlinge an unsere Türschwelle.",
        "verzweifelte refugees an",
        "refugee ",
    ),
    (
        "Gestartet wird die Mission beim NATO-Gipfel im Juli.",
        "beim NATO summit im Juli",
        "NATO-summit",
    ),
    ("US-Verteidigungsminister James Mattis warnte.", "US defence minister James", "US-defence"),
    ("Einige europäische Bündnispartner zögern.", "alliance partner", "alliance-partner"),
]


@pytest.mark.parametrize("german,wanted,unwanted", ECHO)
def test_echo_package_puts_terms_in_agreeing_form(echo_model, german, wanted, unwanted):
    from workbench.engine import Engine
    from workbench.glossary.files import read_glossary
    from workbench.pipeline import translate_document
    from workbench.segmenting import segment_text

    document = segment_text(german)
    translate_document(document, Engine(echo_model), [read_glossary(STARTER)])
    english = document.target_text()
    assert wanted in english and unwanted not in english, english
    hits = [h for s in document.segments for h in s.hits]
    assert hits and all(h.status != "missing" for h in hits)


@pytest.mark.parametrize(
    "header",
    ["source,target,plural", "Quelle;Ziel;Mehrzahl", "de,en,Plural (English)"],
)
def test_plural_column_is_read_and_kept_on_save(header):
    from workbench.glossary.files import glossary_to_csv_bytes, parse_glossary

    sep = ";" if ";" in header else ","
    rows = [
        header,
        sep.join(["Peschmerga", "Peshmerga", "Peshmerga"]),
        sep.join(["Kurde", "Kurd", ""]),
    ]
    glossary = parse_glossary("\n".join(rows).encode(), "g.csv")
    assert [(t.source, t.plural) for t in glossary.terms] == [
        ("Peschmerga", "Peshmerga"),
        ("Kurde", ""),
    ]
    assert not glossary.problems
    again = parse_glossary(glossary_to_csv_bytes(glossary), "g.csv")
    assert [t.plural for t in again.terms] == ["Peshmerga", ""]
