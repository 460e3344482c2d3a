"""Formatting tags in the editor (issue 14): the English shows markers the person moves;
deleting or unbalancing one raises a flag; the stored original writes the page out after
editing."""

from __future__ import annotations

import lxml.html
import pytest
from test_formatting_html import PAGE

from workbench.app.grid_rows import page_rows
from workbench.documents import export_document, read_document
from workbench.editing import OpenDocument
from workbench.engine import Engine
from workbench.pipeline import translate_document
from workbench.workspace import Workspace


@pytest.fixture
def doc(tmp_path, echo_model):
    workspace = Workspace(tmp_path / "ws.sqlite3")
    data = PAGE.encode("utf-8")
    document = translate_document(read_document(data, "bahn.html"), Engine(echo_model))
    opened = OpenDocument.create(workspace, document, {})
    workspace.save_original(opened.doc_id, "bahn.html", data)
    return opened


def codes(segment) -> list[str]:
    return [f.code for f in segment.flags]


def test_grid_shows_markers_and_a_saved_move_places_the_tag(doc):
    (row,) = page_rows(doc, [1], None)
    assert row["target"] == "Die Regierung hat ⟨1⟩einen neuen Plan⟨/1⟩ vorgestellt."
    assert "⟨1⟩einen neuen Plan⟨/1⟩" in row["source_html"]
    assert doc.save_target(1, "The government presented ⟨1⟩a new plan⟨/1⟩.")
    stored, _ = doc.workspace.load(doc.doc_id)
    segment = stored.segments[1]
    assert segment.target == "The government presented a new plan."  # plain text stored
    assert segment.status == "edited" and codes(segment) == []
    # the stored page is written out with the person's English and the tag where they put it
    original = doc.workspace.original(doc.doc_id)
    page = lxml.html.fromstring(export_document(stored, "html", original))
    assert page.xpath("string(//strong)") == "a new plan"


def test_saving_the_shown_markers_unchanged_is_no_edit(doc):
    (row,) = page_rows(doc, [1], None)
    doc.save_target(1, row["target"])
    assert doc.segment(1).status == "translated"


def test_deleted_and_unbalanced_markers_raise_flags(doc):
    doc.save_target(1, "The government presented a new plan.")  # the person deleted ⟨1⟩
    assert codes(doc.segment(1)) == ["tag-missing"]
    doc.save_target(2, "More in the ⟨1⟩full report.")
    assert "tag-unbalanced" in codes(doc.segment(2))
    doc.save_target(3, "The costs are 12m euros, said ⟨2⟩Anna Schmidt⟨/2⟩.⟨3/⟩")
    assert "tag-missing" in codes(doc.segment(3))
    message = next(f.message for f in doc.segment(3).flags if f.code == "tag-missing")
    assert "⟨1⟩" in message


def test_find_and_replace_keeps_tags_on_their_words(doc):
    doc.replace_text(1, "Die Regierung hat einen neuen Plan heute vorgestellt.")
    assert not [c for c in codes(doc.segment(1)) if c.startswith("tag-")]
    (row,) = page_rows(doc, [1], None)
    assert row["target"] == "Die Regierung hat ⟨1⟩einen neuen Plan⟨/1⟩ heute vorgestellt."


def test_reset_to_machine_brings_back_the_machines_tag_places(doc):
    (row,) = page_rows(doc, [1], None)
    machine_marked = row["target"]
    doc.save_target(1, "Die ⟨1⟩Regierung⟨/1⟩ hat einen neuen Plan vorgestellt.")
    doc.reset_to_machine(1, replace_human=True)
    (row,) = page_rows(doc, [1], None)
    assert row["target"] == machine_marked and doc.segment(1).status == "translated"
