"""Entry statistics over the workspace: how each glossary entry's English came about."""

import json
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.document import NEW, TRANSLATED, Document, Paragraph, Segment, TermHit
from workbench.engine import Engine
from workbench.glossary.model import Glossary, Term
from workbench.glossary.stats import BETTER_TARGET, RETIRE, entry_stats
from workbench.workspace import Workspace

STARTER = Path(__file__).parent.parent / "glossaries" / "news-de-en.csv"


def document(name: str, *segments: tuple[str, list[tuple[str, str]]]) -> Document:
    """segments: (segment status, [(German term, hit status), ...])."""
    built = []
    for i, (status, hits) in enumerate(segments):
        terms = [
            TermHit(0, len(t), t, t, t.lower(), glossary="house", status=hit_status)
            for t, hit_status in hits
        ]
        built.append(Segment(i, 0, "Satz.", target="Sentence.", status=status, hits=terms))
    return Document(name, built, [Paragraph(0)])


@pytest.fixture
def workspace(tmp_path) -> Workspace:
    ws = Workspace(tmp_path / "workspace.sqlite3")
    ws.save_document(
        document(
            "one",
            (TRANSLATED, [("NATO", "ok"), ("Anschlag", "forced"), ("Gipfel", "ok")]),
            (
                TRANSLATED,
                [("NATO", "ok"), ("Anschlag", "missing"), ("Bündnis", "chosen-from-alternatives")],
            ),
            (NEW, [("NATO", "missing"), ("Anschlag", "missing")]),  # not translated: not counted
        )
    )
    ws.save_document(
        document(
            "two",
            (TRANSLATED, [("NATO", "chosen-from-alternatives"), ("Anschlag", "forced")]),
            (TRANSLATED, [("Gipfel", "repaired"), ("Gipfel", "forced"), ("Bündnis", "ok")]),
        )
    )
    return ws


# (German term, hits, documents, by model, repaired, forced, missing, advice)
EXPECTED = [
    ("NATO", 3, 2, 3, 0, 0, 0, RETIRE),
    ("Anschlag", 3, 2, 0, 0, 2, 1, BETTER_TARGET),
    ("Gipfel", 3, 2, 1, 1, 1, 0, ""),
    ("Bündnis", 2, 2, 2, 0, 0, 0, ""),  # too few hits to advise
]


@pytest.mark.parametrize("row", EXPECTED, ids=[r[0] for r in EXPECTED])
def test_entry_counts_across_documents(workspace, row):
    term, hits, docs, by_model, repaired, forced, missing, advice = row
    stats = {e.source: e for e in entry_stats(workspace)}
    entry = stats[term]
    assert (entry.hits, entry.documents, entry.by_model) == (hits, docs, by_model)
    assert (entry.repaired, entry.forced, entry.missing) == (repaired, forced, missing)
    assert entry.advice == advice


def test_most_hit_entries_first(workspace):
    assert [e.source for e in entry_stats(workspace)] == ["Anschlag", "Gipfel", "NATO", "Bündnis"]


def test_with_glossaries_every_entry_is_listed_and_others_left_out(workspace):
    house = Glossary("house", terms=[Term("NATO", "NATO", keep=True), Term("Kalifat", "caliphate")])
    stats = {e.source: e for e in entry_stats(workspace, [house])}
    assert set(stats) == {"NATO", "Kalifat"}
    assert stats["Kalifat"].hits == 0 and stats["Kalifat"].advice == ""
    assert stats["NATO"].hits == 3


def test_echo_translations_in_the_workspace(echo_model, tmp_path):
    from workbench.glossary.files import read_glossary
    from workbench.pipeline import translate_document
    from workbench.segmenting import segment_text

    ws = Workspace(tmp_path / "workspace.sqlite3")
    glossary = read_glossary(STARTER)
    for text in (
        "Die NATO warnt vor Anschlägen.",
        "Die NATO tagt. Nach dem Anschlag tagt die NATO.",
    ):
        ws.save_document(translate_document(segment_text(text), Engine(echo_model), [glossary]))
    stats = {e.source: e for e in entry_stats(ws, [glossary])}
    # the echo package copies German: NATO (kept as is) is always right, Anschlag never
    assert (stats["NATO"].hits, stats["NATO"].by_model, stats["NATO"].advice) == (3, 3, RETIRE)
    assert stats["Anschlag"].hits == 2 and stats["Anschlag"].by_model == 0
    assert stats["Kalifat"].hits == 0


def test_cli_json_and_text(workspace, monkeypatch, capsys):
    monkeypatch.setenv("WORKBENCH_WORKSPACE", str(workspace.path))
    assert main(["glossary", "stats", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    nato = next(e for e in entries if e["source"] == "NATO")
    assert nato == {
        "glossary": "house",
        "source": "NATO",
        "target": "nato",
        "hits": 3,
        "documents": 2,
        "by_model": 3,
        "ok": 2,
        "chosen": 1,
        "repaired": 0,
        "forced": 0,
        "missing": 0,
        "advice": RETIRE,
    }
    assert main(["glossary", "stats"]) == 0
    out = capsys.readouterr().out
    assert "Anschlag -> anschlag" in out and BETTER_TARGET in out and RETIRE in out


def test_cli_without_a_workspace_says_so_and_creates_nothing(tmp_path, monkeypatch, capsys):
    path = tmp_path / "none" / "workspace.sqlite3"
    monkeypatch.setenv("WORKBENCH_WORKSPACE", str(path))
    assert main(["glossary", "stats", "--glossary", str(STARTER)]) == 0
    out = capsys.readouterr().out
    assert "No workspace yet" in out and "NATO -> NATO" in out
    assert not path.exists() and not path.parent.exists()


def test_a_persons_edit_counts_how_the_machine_got_the_term(tmp_path):
    ws = Workspace(tmp_path / "ws.sqlite3")
    edited = document("edited", ("edited", [("Anschlag", "edited")]))
    edited.segments[0].hits[0].machine_status = "forced"
    ws.save_document(edited)
    [entry] = entry_stats(ws)
    assert (entry.hits, entry.forced, entry.missing) == (1, 1, 0)
