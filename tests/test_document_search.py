"""Finding documents by name and text: where it was found, an excerpt, newest first."""

import unicodedata

import pytest

from workbench.document_search import ENGLISH, GERMAN, NAME, excerpt, find_documents
from workbench.segmenting import segment_text
from workbench.workspace import Workspace


@pytest.fixture
def workspace(tmp_path):
    workspace = Workspace(tmp_path / "ws.sqlite3")
    old = workspace.save_document(segment_text("Erster Satz. Die Bundeswehr hilft.", name="Alt"))
    workspace.update_segment(
        old.id, 1, target="The Bundeswehr is helping.", status="edited", expected_revision=1
    )
    workspace.save_document(segment_text("Der Bundestag stimmt ab.", name="Bundes-Nachrichten"))
    return workspace


@pytest.mark.parametrize(
    "query, expected",
    [
        ("bundes", [("Bundes-Nachrichten", NAME), ("Alt", GERMAN)]),  # newest first
        ("is helping", [("Alt", ENGLISH)]),
        ("  HILFT ", [("Alt", GERMAN)]),
        (unicodedata.normalize("NFD", "stimmt"), [("Bundes-Nachrichten", GERMAN)]),
        ("", []),
        ("%", []),  # no SQL wildcards
        ("_", []),
    ],
)
def test_find_documents(workspace, query, expected):
    names = {r.id: r.name for r in workspace.list_documents()}
    found = [(names[m.doc_id], m.where) for m in find_documents(workspace, query)]
    assert found == expected


@pytest.mark.parametrize(
    "text, needle, expected",
    [
        ("kurz", "kurz", "kurz"),
        ("a" * 50 + "Treffer" + "b" * 50, "treffer", "…" + "a" * 40 + "Treffer" + "b" * 40 + "…"),
        # folding changed the length ("ß" -> "ss"): the excerpt starts at the beginning
        ("Die Straße " + "x" * 100, "strasse", "Die Straße " + "x" * 36 + "…"),
    ],
)
def test_excerpt(text, needle, expected):
    assert excerpt(text, needle) == expected
