"""Term candidates: what a person would add to the glossary from an article, with proposals."""

import json
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.engine import Engine
from workbench.glossary.files import read_glossary
from workbench.glossary.suggest import term_candidates
from workbench.segmenting import segment_text

STARTER = Path(__file__).parent.parent / "glossaries" / "news-de-en.csv"

# Written for this test, in the style of a news agency report.
ARTICLE = """Bundeswehr beteiligt sich an EU-Mission im Mittelmeer

Von Miriam Vogt, ARD-Hauptstadtstudio

Die Bundesregierung will sich mit bis zu 300 Soldaten an der EU-Mission "Irini" beteiligen. Verteidigungsminister Boris Pistorius sagte am Dienstag in Berlin, die Marine stelle eine Fregatte und ein Seefernaufklärungsflugzeug. Pistorius nannte den Einsatz einen wichtigen Beitrag zur Sicherheit in Libyen.

Die Mission soll das UN-Waffenembargo gegen Libyen überwachen. Kritiker bemängeln, dass die Schiffe auch Flüchtlinge aus Seenot retten müssten. Der Linken-Abgeordnete Thomas Ernst sprach von einer "Abschottungspolitik".

Das Mandat ist bis zum 30. April befristet. Der Bundestag soll in der kommenden Woche über die Marineeinsätze abstimmen. Die OSZE und die Afrikanische Union begrüßten die Entscheidung.
"""

# What a desk editor would add to the house glossary from this article (the starter glossary
# has none of them): the minister and the mission's names, the country, the organisations and
# their acronyms, and the compounds of the beat.
A_PERSON_WOULD_ADD = {
    "Boris Pistorius": "name",
    "Libyen": "name",
    "Irini": "name",
    "Afrikanische Union": "name",
    "EU": "acronym",
    "UN": "acronym",
    "OSZE": "acronym",
    "EU-Mission": "compound",
    "UN-Waffenembargo": "compound",
    "Seefernaufklärungsflugzeug": "compound",
    "Marineeinsatz": "compound",
    "Abschottungspolitik": "compound",
}
# In the starter glossary already: never suggested.
COVERED = {"Bundeswehr", "Verteidigungsminister", "Mandat", "Bundestag", "Flüchtling"}


@pytest.fixture
def starter():
    return read_glossary(STARTER)


def test_candidates_are_what_a_person_would_add(starter):
    candidates = term_candidates(segment_text(ARTICLE), [starter])
    found = {c.term: c.kind for c in candidates}
    missing = {t: k for t, k in A_PERSON_WOULD_ADD.items() if found.get(t) != k}
    assert not missing, f"not listed (or not as that kind): {missing}; listed: {found}"
    assert not COVERED & set(found)
    assert all(c.proposal == "" for c in candidates)  # no engine: no proposals


def test_candidates_have_counts_forms_and_sentences(starter):
    document = segment_text(ARTICLE)
    by_term = {c.term: c for c in term_candidates(document, [starter])}
    minister = by_term["Boris Pistorius"]  # "Pistorius" later on is the same person
    assert minister.count == 2 and minister.forms == ["Boris Pistorius", "Pistorius"]
    assert [s[:21] for s in minister.sentences] == [
        "Verteidigungsminister",
        "Pistorius nannte den ",
    ]
    assert by_term["Marineeinsatz"].forms == ["Marineeinsätze"]  # listed in its base form
    counts = [c.count for c in term_candidates(document, [starter])]
    assert counts == sorted(counts, reverse=True)


def test_without_glossaries_the_glossary_terms_are_candidates_too():
    found = {c.term for c in term_candidates(segment_text(ARTICLE))}
    assert {"Bundeswehr", "Bundestag"} & found == set()  # single words: not names or compounds
    assert {"Boris Pistorius", "EU-Mission"} <= found


@pytest.mark.parametrize(
    "german,term,kind",
    [
        ("Die NATO-Partner berieten in Brüssel.", "NATO-Partner", "compound"),
        ("Die NATO-Partner berieten in Brüssel.", "Brüssel", "name"),
        ("Der Irak-Einsatz wird verlängert.", "Irak-Einsatz", "compound"),
        ("Er sprach mit US-Präsident Donald Trump.", "Donald Trump", "name"),
        ("Er sprach mit US-Präsident Donald Trump.", "US", "acronym"),
        ("Einige europäische Bündnispartner zögern.", "Bündnispartner", "compound"),
    ],
)
def test_glossary_covers_only_what_it_names(starter, german, term, kind):
    """NATO and Bündnis are glossary terms: NATO-Partner and Bündnispartner are still new."""
    found = {c.term: c.kind for c in term_candidates(segment_text(german), [starter])}
    assert found.get(term) == kind, found


def test_echo_model_proposes_the_aligned_english(echo_model, starter):
    candidates = term_candidates(segment_text(ARTICLE), [starter], Engine(echo_model))
    by_term = {c.term: c for c in candidates}
    # the echo package copies German, so the aligned English is the German occurrence itself
    assert by_term["Boris Pistorius"].proposal == "Boris Pistorius"
    assert by_term["UN-Waffenembargo"].proposal == "UN-Waffenembargo"
    assert by_term["OSZE"].proposal == "OSZE"


def _write_article(tmp_path) -> Path:
    path = tmp_path / "mission.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_cli_without_a_model_lists_candidates_and_says_why_no_proposals(
    packages_dir, tmp_path, capsys
):
    article = _write_article(tmp_path)
    assert main(["terms", "suggest", str(article), "--glossary", str(STARTER)]) == 0
    out, err = capsys.readouterr()
    assert "without an English proposal" in err
    assert "Boris Pistorius" in out and '"Verteidigungsminister Boris Pistorius sagte' in out
    assert "->" not in out


def test_cli_json_with_model(echo_model, tmp_path, capsys):
    article = _write_article(tmp_path)
    assert main(["terms", "suggest", str(article), "--glossary", str(STARTER), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["model"] == echo_model.name
    by_term = {c["term"]: c for c in payload["candidates"]}
    assert by_term["EU-Mission"]["count"] == 2
    assert by_term["EU-Mission"]["proposal"] == "EU-Mission"
    assert set(by_term["EU-Mission"]) == {"term", "kind", "count", "forms", "sentences", "proposal"}


def test_cli_default_glossaries_are_the_glossaries_folder(
    packages_dir, tmp_path, monkeypatch, capsys
):
    folder = tmp_path / "glossaries"
    folder.mkdir()
    (folder / "house.csv").write_text("source,target\nEU-Mission,EU mission\n", encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_GLOSSARIES", str(folder))
    assert main(["terms", "suggest", str(_write_article(tmp_path)), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    terms = {c["term"] for c in payload["candidates"]}
    assert "EU-Mission" not in terms and "Boris Pistorius" in terms


@pytest.mark.parametrize(
    "args,message",
    [
        (["terms", "suggest", "no-such-article.txt"], "cannot read"),
        (["terms", "suggest", "{article}", "--glossary", "missing.csv"], "no such glossary"),
    ],
)
def test_cli_bad_input_is_a_message_not_a_traceback(packages_dir, tmp_path, capsys, args, message):
    article = _write_article(tmp_path)
    argv = [a.replace("{article}", str(article)) for a in args]
    assert main(argv) == 1
    assert message in capsys.readouterr().err
