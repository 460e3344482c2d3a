"""Glossary proposals learnt from the edits people make (three documents, one change)."""

import pytest

from workbench.document import CONFIRMED, EDITED, TRANSLATED, Document, Paragraph, Segment
from workbench.glossary.adding import add_term, find_existing
from workbench.glossary.files import read_glossary
from workbench.glossary.model import Glossary, Term
from workbench.glossary.proposals import dismiss, dismissed_proposals, find_proposals, word_changes
from workbench.workspace import Workspace


def document(name: str, *rows: tuple[str, str, str, str]) -> Document:
    """rows: (German, machine English, English now, status)."""
    segments = [
        Segment(i, 0, source, machine=machine, target=target, status=status)
        for i, (source, machine, target, status) in enumerate(rows)
    ]
    return Document(name, segments, [Paragraph(0)])


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Workspace:
    monkeypatch.setenv("WORKBENCH_WORKSPACE", str(tmp_path / "workspace.sqlite3"))
    ws = Workspace(tmp_path / "workspace.sqlite3")
    ws.save_document(
        document(
            "Montag",
            (
                "Der Anschlag in Kabul forderte viele Opfer.",
                "The stop in Kabul claimed many victims.",
                "The attack in Kabul claimed many victims.",
                CONFIRMED,
            ),
            ("Die Regierung tagte.", "The government met.", "The government met.", CONFIRMED),
        )
    )
    ws.save_document(
        document(
            "Dienstag",
            (
                "Nach dem Anschlag wurde die Grenze geschlossen.",
                "After the stop the border was closed.",
                "After the attack the border was closed.",
                EDITED,
            ),
            (
                "Die Polizei fand den Fahrer.",
                "The police found the driver.",
                "Police found the driver.",
                EDITED,
            ),
        )
    )
    ws.save_document(
        document(
            "Mittwoch",
            (
                "Zwei Anschläge erschütterten die Stadt.",
                "Two stops shook the city.",
                "Two attacks shook the city.",
                CONFIRMED,
            ),
            # the model's own English, untouched: never evidence
            (
                "Ein Anschlag am Morgen.",
                "A stop in the morning.",
                "A stop in the morning.",
                TRANSLATED,
            ),
        )
    )
    return ws


def test_three_documents_with_the_same_change_make_one_proposal(workspace):
    found = find_proposals(workspace)
    assert len(found) == 1
    proposal = found[0]
    assert (proposal.source, proposal.target, proposal.forbidden) == ("Anschlag", "attack", "stop")
    assert proposal.documents == 3
    assert sorted(e.document for e in proposal.evidence) == ["Dienstag", "Mittwoch", "Montag"]
    assert all("Anschl" in e.source for e in proposal.evidence)


def test_two_segments_are_not_enough(workspace):
    assert find_proposals(workspace, min_segments=4) == []
    doc_id = workspace.list_documents()[0].id  # newest: Mittwoch
    workspace.delete(doc_id)
    assert find_proposals(workspace) == []


def test_a_glossary_that_already_says_it_silences_the_proposal(workspace):
    glossary = Glossary("house", [Term("Anschlag", "attack")])
    assert find_proposals(workspace, [glossary]) == []


def test_a_glossary_entry_with_another_target_is_named(workspace):
    glossary = Glossary("house", [Term("Anschlag", "stop")])
    (proposal,) = find_proposals(workspace, [glossary])
    assert proposal.existing == ("house", "stop")


def test_dismissed_proposals_stay_away(workspace):
    (proposal,) = find_proposals(workspace)
    dismiss(proposal)
    assert dismissed_proposals() == [proposal.key]
    assert find_proposals(workspace, dismissed=dismissed_proposals()) == []


def test_accepting_adds_the_row_with_the_forbidden_rendering(workspace, tmp_path):
    path = tmp_path / "house.csv"
    path.write_text("source,target,note\nNATO,NATO,keep\n", encoding="utf-8")
    (proposal,) = find_proposals(workspace, [read_glossary(path)])
    result = add_term(path, Term(proposal.source, proposal.target, forbidden=[proposal.forbidden]))
    assert result.added
    entry = find_existing(read_glossary(path), "Anschlag")
    assert entry is not None and (entry.target, entry.forbidden) == ("attack", ["stop"])
    assert find_proposals(workspace, [read_glossary(path)]) == []


@pytest.mark.parametrize(
    ("machine", "target", "expected"),
    [
        ("The stop in Kabul.", "The attack in Kabul.", [("stop", "attack")]),
        ("The stop in Kabul.", "The Stop in Kabul.", []),  # capitals only
        ("Short.", "A whole new sentence that says much more.", []),  # a rewrite
        ("US-defence minister", "US defence minister", [("US-defence", "US defence")]),
    ],
)
def test_word_changes(machine, target, expected):
    assert word_changes(machine, target) == expected


def test_nothing_is_proposed_without_a_workspace():
    assert find_proposals(None) == []


def test_the_command_line_lists_proposals_as_json(workspace, capsys):
    import json

    from workbench.cli import main

    assert main(["glossary", "proposals", "--json"]) == 0
    (proposal,) = json.loads(capsys.readouterr().out)["proposals"]
    assert (proposal["source"], proposal["target"], proposal["forbidden"]) == (
        "Anschlag",
        "attack",
        "stop",
    )
    assert len(proposal["evidence"]) == 3
