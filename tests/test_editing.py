"""The editing model: every gesture re-checks and stores hits and flags; a person's text is
never replaced without an explicit choice; history and undo bring back any earlier text."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import openpyxl
import pytest

from workbench.document import CONFIRMED, EDITED, TRANSLATED
from workbench.documents import export_document
from workbench.editing import HumanWorkProtected, OpenDocument
from workbench.engine import Engine
from workbench.glossary.model import Glossary, Term
from workbench.pipeline import Terminology, translate_document
from workbench.segmenting import segment_text
from workbench.workspace import Workspace

ARTICLE = (
    "Das Bündnis berät über die Lage. Die Lage ist ernst.\n\n"
    "Das Bündnis schickt Ausbilder. Das Bündnis zögert."
)


@pytest.fixture
def glossary():
    term = Term("Bündnis", "alliance", variants=["bloc"], forbidden=["pact"])
    return Glossary("house.csv", terms=[term])


@pytest.fixture
def engine(echo_model):
    return Engine(echo_model)


@pytest.fixture
def workspace(tmp_path):
    return Workspace(tmp_path / "ws.sqlite3")


@pytest.fixture
def doc(workspace, engine, glossary):
    document = translate_document(segment_text(ARTICLE), engine, [glossary])
    loader = lambda names: Terminology([glossary])  # noqa: E731
    return OpenDocument.create(workspace, document, {"glossaries": ["house.csv"]}, loader)


def stored(doc: OpenDocument):
    return doc.workspace.load(doc.doc_id)[0]


def codes(segment) -> list[str]:
    return [f.code for f in segment.flags]


# -- flags follow the English, in memory, in storage and in every export ----------------------


def test_a_good_edit_leaves_no_stale_flag_in_storage_or_exports(doc):
    assert "untranslated" in codes(doc.segment(1))  # the echo model's German
    assert doc.save_target(1, "The situation is serious.")
    assert doc.confirm(1)
    assert codes(doc.segment(1)) == codes(stored(doc).segments[1]) == []
    saved = stored(doc)
    rows = list(csv.reader(io.StringIO(export_document(saved, "csv").decode("utf-8-sig"))))
    header = rows[0]
    assert rows[2][header.index("flags")] == ""
    sheet = openpyxl.load_workbook(io.BytesIO(export_document(saved, "xlsx"))).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert not values[2][values[0].index("flags")]
    xliff = ET.fromstring(export_document(saved, "xlf"))
    notes = [
        n.text or ""
        for unit in xliff.iter("{urn:oasis:names:tc:xliff:document:1.2}trans-unit")
        if unit.get("id") == "2"
        for n in unit.iter("{urn:oasis:names:tc:xliff:document:1.2}note")
    ]
    assert not any("untranslated" in n for n in notes)


def test_a_flag_the_editor_shows_is_stored_and_exported(doc):
    assert doc.save_target(0, "The pact discusses the situation.")
    assert "term-forbidden" in codes(doc.segment(0))
    assert codes(stored(doc).segments[0]) == codes(doc.segment(0))
    rows = list(csv.reader(io.StringIO(export_document(stored(doc), "csv").decode("utf-8-sig"))))
    assert "term-forbidden" in rows[1][rows[0].index("flags")]


def test_term_inconsistent_on_other_segments_is_stored_at_once(doc):
    assert doc.save_target(0, "The bloc discusses the situation.")
    assert doc.save_target(2, "The bloc sends trainers.")
    assert doc.save_target(3, "The alliance hesitates.")
    assert "term-inconsistent" in codes(stored(doc).segments[3])  # "bloc" is the usual one
    revisions = dict(doc.revisions)
    assert doc.save_target(0, "The alliance discusses the situation.")  # now "alliance" is
    assert "term-inconsistent" not in codes(doc.segment(3))
    assert "term-inconsistent" in codes(doc.segment(2))
    for shown, saved in zip(doc.document.segments, stored(doc).segments, strict=True):
        assert codes(shown) == codes(saved)
    # derived data only: the other segments keep their revisions (no conflict for other tabs)
    assert {i: r for i, r in doc.revisions.items() if i != 0} == {
        i: r for i, r in revisions.items() if i != 0
    }


def test_the_highlight_follows_the_persons_english(doc):
    machine_status = doc.segment(2).hits[0].status
    assert machine_status in ("repaired", "forced")  # the echo model copies German
    assert doc.save_target(2, "The alliance sends instructors.")
    hit = doc.segment(2).hits[0]
    assert (hit.status, hit.machine_status) == ("edited", machine_status)
    assert stored(doc).segments[2].hits[0].status == "edited"
    assert doc.save_target(2, "The coalition sends instructors.")
    assert doc.segment(2).hits[0].status == "missing"
    assert doc.save_target(2, doc.segment(2).machine)  # typed back to the machine's English
    assert doc.segment(2).hits[0].status == machine_status


def test_opening_rederives_flags_and_stores_them(workspace, doc, glossary):
    workspace.update_segment(  # as an older workbench left it: the text changed, flags did not
        doc.doc_id, 1, target="The situation is serious.", status=EDITED, expected_revision=1
    )
    assert "untranslated" in codes(stored(doc).segments[1])
    reopened = OpenDocument.open(workspace, doc.doc_id, lambda names: Terminology([glossary]))
    assert codes(reopened.segment(1)) == codes(stored(doc).segments[1]) == []


# -- a person's text is never replaced without an explicit choice ------------------------------


def _replace(doc, engine, glossary, gesture, replace_human=False):
    if gesture == "reset":
        return doc.reset_to_machine(0, replace_human=replace_human)
    if gesture == "alternative":
        return doc.pick_alternative(0, 1, replace_human=replace_human)
    if gesture == "retranslate":
        return doc.retranslate(0, engine, [glossary], replace_human=replace_human)
    entry = doc.history(0)[-1]  # the machine's text
    return doc.restore(0, entry, replace_human=replace_human)


GESTURES = ["reset", "alternative", "retranslate", "restore"]


@pytest.mark.parametrize("gesture", GESTURES)
@pytest.mark.parametrize("status", [EDITED, CONFIRMED])
def test_machine_gestures_refuse_to_replace_a_persons_text(doc, engine, glossary, gesture, status):
    doc.segment(0).alternatives = doc.segment(0).alternatives or ["Another rendering."]
    mine = "My own careful English."
    assert doc.save_target(0, mine)
    if status == CONFIRMED:
        assert doc.confirm(0)
    revision = doc.revisions[0]
    with pytest.raises(HumanWorkProtected, match="replace_human=True"):
        _replace(doc, engine, glossary, gesture)
    assert (doc.segment(0).target, doc.revisions[0]) == (mine, revision)
    assert stored(doc).segments[0].target == mine
    assert _replace(doc, engine, glossary, gesture, replace_human=True)
    assert doc.segment(0).target != mine
    entry = doc.history(0)[0]
    assert entry.target == mine and entry.action == gesture


def test_machine_gestures_on_machine_text_need_no_choice(doc, engine, glossary):
    assert doc.retranslate(0, engine, [glossary])
    assert doc.segment(0).status == TRANSLATED
    assert doc.reset_to_machine(0)


# -- history and undo ----------------------------------------------------------------------------


def test_undo_brings_back_the_last_text_and_can_be_undone(doc):
    machine = doc.segment(1).target
    assert doc.save_target(1, "First try.")
    assert doc.confirm(1, "Second try.")
    assert [(h.target, h.action) for h in doc.history(1)[:2]] == [
        ("First try.", "confirm"),
        (machine, "edit"),
    ]
    assert doc.undo(1)
    assert (doc.segment(1).target, doc.segment(1).status) == ("First try.", EDITED)
    assert doc.undo(1)  # the undo itself is in the history
    assert (doc.segment(1).target, doc.segment(1).status) == ("Second try.", CONFIRMED)
    entry = next(h for h in doc.history(1) if h.target == machine)
    assert doc.restore(1, entry, replace_human=True)
    assert (doc.segment(1).target, doc.segment(1).status) == (machine, TRANSLATED)


def test_undo_with_no_history_does_nothing(doc):
    assert doc.undo(0) is False


# -- alternatives ---------------------------------------------------------------------------------


def test_alternatives_name_the_terms_they_break_and_their_differences(doc):
    segment = doc.segment(0)
    segment.alternatives = ["The alliance is meeting.", "The pact discusses the situation."]
    doc.save_target(0, "The alliance discusses the situation.")
    first, second = doc.alternatives(0)
    assert (first.number, first.breaks) == (1, [])
    assert (second.number, second.breaks) == (2, ["Bündnis"])
    assert ("new", "pact") in second.diff and ("gone", "alliance") in second.diff
    assert ("same", "discusses the situation.") in second.diff


# -- conflicts, add term, reviewed files ----------------------------------------------------------


def test_a_conflict_keeps_both_and_either_choice_is_stored_with_its_flags(workspace, doc):
    other = OpenDocument.open(workspace, doc.doc_id)
    assert other.save_target(1, "Changed in another tab.")
    assert not doc.save_target(1, "The situation is serious.")
    assert doc.conflicts[1].stored_target == "Changed in another tab."
    assert doc.keep_mine(1)
    assert stored(doc).segments[1].target == "The situation is serious."
    assert codes(stored(doc).segments[1]) == []


def test_add_term_rechecks_a_persons_segment_without_touching_it(doc, engine, glossary):
    assert doc.save_target(1, "The Lage is serious.")
    glossary.terms.append(Term("Lage", "situation"))
    changed = doc.add_term(Term("Lage", "situation"), "house.csv", engine, [glossary])
    assert changed == [0]  # the machine's segment; the person's one keeps its English
    assert doc.segment(1).target == "The Lage is serious."
    assert [h.status for h in doc.segment(1).hits] == ["missing"]
    assert "term-missing" in codes(stored(doc).segments[1])
    assert "situation" in stored(doc).segments[0].target


# -- joining and splitting ------------------------------------------------------------------------


def test_join_translates_again_as_one_and_keeps_identity_and_history(doc, engine, glossary):
    first_id = doc.segment(0).id
    assert doc.save_target(0, "A first try.")
    assert doc.reset_to_machine(0, replace_human=True)  # history: "A first try."
    assert doc.join(0, engine, [glossary])
    joined = doc.segment(0)
    assert joined.source == "Das Bündnis berät über die Lage. Die Lage ist ernst."
    assert (joined.id, joined.status) == (first_id, TRANSLATED)
    assert "alliance" in joined.target  # the glossary applies to the joined sentence
    assert len(doc.document.segments) == 3
    assert [s.index for s in stored(doc).segments] == [0, 1, 2]
    assert any(h.target == "A first try." for h in doc.history(0))
    assert stored(doc).source_text() == ARTICLE


def test_split_then_a_reviewed_file_from_before_still_finds_its_segments(doc, engine, glossary):
    exported = export_document(stored(doc), "csv")
    assert doc.split(2, 12, engine, [glossary])  # "Das Bündnis | schickt Ausbilder."
    assert [s.source for s in doc.document.segments][2:4] == ["Das Bündnis", "schickt Ausbilder."]
    assert stored(doc).source_text() == ARTICLE
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    final = rows[0].index("final translation")
    rows[4][final] = "The alliance is hesitating."  # segment 4 then, segment 5 now
    rows[3][final] = "The alliance sends trainers."  # the segment that was split
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    report = doc.apply_reviewed(out.getvalue().encode("utf-8"), "reviewed.csv")
    assert report.changed == [4]
    assert doc.segment(4).target == "The alliance is hesitating."
    errors = [p.line for p in report.problems if p.severity == "error"]
    warnings = [p.line for p in report.problems if p.severity == "warning"]
    assert (errors, warnings) == ([4], [5])  # the split one is reported, the moved one named


def test_join_refuses_a_segment_another_tab_changed(doc, engine, glossary, workspace):
    other = OpenDocument.open(workspace, doc.doc_id)
    assert other.save_target(1, "Changed elsewhere.")
    assert not doc.join(0, engine, [glossary])
    assert len(stored(doc).segments) == 4
    assert doc.segment(1).target == "Changed elsewhere."  # reloaded: the other tab's work
