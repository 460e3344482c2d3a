"""The editor grid's events applied to the document, and the rows it is given to draw."""

from __future__ import annotations

import pytest

from workbench.app.editor_events import EditorSession, apply_events
from workbench.app.grid_rows import page_rows
from workbench.editing import OpenDocument
from workbench.engine import Engine
from workbench.glossary.model import Glossary, Term
from workbench.pipeline import Terminology, translate_document
from workbench.segmenting import segment_text
from workbench.workspace import Workspace, WorkspaceError

ARTICLE = "Das Bündnis tagt. Die Lage ist ernst. Das Kabinett stimmte zu. Der Minister schweigt."


@pytest.fixture
def glossary():
    return Glossary("g.csv", terms=[Term("Bündnis", "alliance")])


@pytest.fixture
def engine(echo_model):
    return Engine(echo_model)


@pytest.fixture
def doc(tmp_path, engine, glossary):
    document = translate_document(segment_text(ARTICLE), engine, [glossary])
    return OpenDocument.create(
        Workspace(tmp_path / "ws.sqlite3"),
        document,
        {"glossaries": ["g.csv"]},
        lambda names: Terminology([glossary]),
    )


def run(session, doc, items, shown=None, engine=None, token="tab-1"):
    shown = list(range(len(doc.document.segments))) if shown is None else shown
    return apply_events(
        session, doc, {"token": token, "items": items}, shown, engine or (lambda: None)
    )


def ev(seq, kind, index, doc, **extra):
    return {"seq": seq, "type": kind, "index": index, "id": doc.segment(index).id, **extra}


def stored(doc):
    return doc.workspace.load(doc.doc_id)[0]


def test_each_event_is_applied_once_in_order(doc):
    session = EditorSession()
    first = [ev(1, "save", 1, doc, text="The situation is serious.")]
    assert run(session, doc, first)
    both = [*first, ev(2, "confirm", 1, doc, text="The situation is grave.")]
    assert run(session, doc, both)  # the queue is sent again with the new event
    assert session.acked == 2
    assert (doc.segment(1).target, doc.segment(1).status) == (
        "The situation is grave.",
        "confirmed",
    )
    revision = doc.revisions[1]
    assert not run(session, doc, both)  # a resend: nothing applied twice
    assert doc.revisions[1] == revision
    history = [h.target for h in doc.history(1)]
    assert history.count("The situation is serious.") == 1


def test_a_reloaded_page_starts_counting_again(doc):
    session = EditorSession()
    run(session, doc, [ev(5, "save", 1, doc, text="One.")])
    run(session, doc, [ev(1, "save", 1, doc, text="Two.")], token="tab-1-reloaded")
    assert doc.segment(1).target == "Two."


def test_confirm_and_next_moves_to_the_next_unconfirmed_shown_segment(doc):
    session = EditorSession()
    run(session, doc, [ev(1, "confirm", 2, doc, text="The cabinet agreed.")])
    run(session, doc, [ev(2, "confirm", 1, doc, text="It is serious.", advance=True)])
    assert session.focus == 3 and session.focus_request == 1  # 2 is confirmed already
    run(session, doc, [ev(3, "confirm", 3, doc, text="The minister is silent.", advance=True)])
    assert session.focus == 0  # wraps around to the first open one
    run(session, doc, [ev(4, "confirm", 0, doc, text="The alliance meets.", advance=True)])
    assert "Every segment shown is confirmed." in session.notice


def test_confirm_and_next_follows_the_filter(doc):
    session = EditorSession()
    run(session, doc, [ev(1, "confirm", 0, doc, text="x", advance=True)], shown=[0, 2])
    assert session.focus == 2


def test_machine_gestures_over_a_persons_text_are_asked_not_applied(doc, engine, glossary):
    session = EditorSession()
    provider = lambda: (engine, [glossary])  # noqa: E731
    run(session, doc, [ev(1, "save", 1, doc, text="Mine.")], engine=provider)
    for seq, kind in enumerate(["reset", "retranslate"], start=2):
        run(session, doc, [ev(seq, kind, 1, doc)], engine=provider)
        assert doc.segment(1).target == "Mine."
        assert session.asks[1]["type"] == kind
    run(session, doc, [ev(4, "reset", 1, doc, replace=True)], engine=provider)
    assert doc.segment(1).target == doc.segment(1).machine and 1 not in session.asks
    assert doc.history(1)[0].target == "Mine."


def test_undo_restore_and_resolve(doc, tmp_path):
    session = EditorSession()
    machine = doc.segment(1).target
    run(session, doc, [ev(1, "save", 1, doc, text="First."), ev(2, "save", 1, doc, text="Second.")])
    run(session, doc, [ev(3, "undo", 1, doc)])
    assert doc.segment(1).target == "First."
    entry = next(h for h in doc.history(1) if h.target == machine)
    restore = ev(
        4,
        "restore",
        1,
        doc,
        revision=entry.revision,
        replaced_at=entry.replaced_at.isoformat(),
        replace=True,
    )
    run(session, doc, [restore])
    assert doc.segment(1).target == machine
    other = OpenDocument.open(doc.workspace, doc.doc_id)
    other.save_target(2, "From the other tab.")
    run(session, doc, [ev(5, "save", 2, doc, text="From this tab.")])
    assert 2 in doc.conflicts
    run(session, doc, [ev(6, "resolve", 2, doc, keep="mine")])
    assert stored(doc).segments[2].target == "From this tab." and 2 not in doc.conflicts


def test_an_event_for_a_segment_that_moved_is_skipped_with_a_notice(doc):
    session = EditorSession()
    run(session, doc, [{"seq": 1, "type": "save", "index": 1, "id": "not-its-id", "text": "x"}])
    assert doc.segment(1).target != "x" and "changed its place" in session.notice
    run(session, doc, [{"seq": 2, "type": "save", "index": 99, "id": "", "text": "x"}])
    assert "no longer there" in session.notice


def test_a_workspace_error_is_shown_on_the_row_and_nothing_is_claimed_saved(doc, monkeypatch):
    session = EditorSession()

    def full_disk(*args, **kwargs):
        raise WorkspaceError("The workspace ws.sqlite3 failed (database or disk is full).")

    monkeypatch.setattr(doc.workspace, "update_segment", full_disk)
    run(session, doc, [ev(1, "save", 1, doc, text="Typed on a full disk.")])
    assert "disk is full" in session.errors[1]
    assert doc.segment(1).target != "Typed on a full disk."  # not shown as the saved English
    monkeypatch.undo()
    run(session, doc, [ev(2, "save", 1, doc, text="Typed on a full disk.")])
    assert 1 not in session.errors and stored(doc).segments[1].target == "Typed on a full disk."


def test_rows_escape_text_group_flags_and_describe_the_active_row(doc):
    doc.save_target(0, "The pact <b>meets</b>.")
    doc.segment(0).alternatives = ["The <i>alliance</i> meets.", "The union meets."]
    rows = page_rows(doc, [0, 1], active=0)
    first, second = rows
    assert "<b>" not in first["source_html"] and first["target"] == "The pact <b>meets</b>."
    assert first["para_start"] and not second["para_start"]
    assert [f["code"] for f in first["flags"]] == ["term-missing"]
    alternative = first["alternatives"][0]
    assert "&lt;i&gt;alliance&lt;/i&gt;" in alternative["diff_html"]
    assert alternative["breaks"] == []
    assert first["alternatives"][1]["breaks"] == ["Bündnis"]
    assert first["history"][0]["action"] == "edit"
    assert "alternatives" not in second and second["status_short"] == "MT"


def test_join_and_split_events_move_the_cursor_and_report_refusals(doc, engine, glossary):
    session = EditorSession()
    provider = lambda: (engine, [glossary])  # noqa: E731
    run(session, doc, [ev(1, "join", 1, doc)], engine=provider)
    assert len(doc.document.segments) == 3 and session.focus == 1
    assert doc.segment(1).source == "Die Lage ist ernst. Das Kabinett stimmte zu."
    run(session, doc, [ev(2, "split", 1, doc, at=19)], engine=provider)
    assert [s.source for s in doc.document.segments][1:3] == [
        "Die Lage ist ernst.",
        "Das Kabinett stimmte zu.",
    ]
    run(session, doc, [ev(3, "join", 3, doc)], engine=provider)
    assert "no next segment" in session.notice


def test_a_late_resend_from_an_earlier_grid_is_not_applied_again(doc):
    """Two grids of one tab taking turns (a page reloaded while the old one still resent its
    queue): each gesture applied once, the newer text is not overwritten by the old one."""
    session = EditorSession()
    old_queue = [ev(1, "save", 1, doc, text="Old text.")]
    run(session, doc, old_queue, token="grid-a")
    run(session, doc, [ev(1, "save", 1, doc, text="New text.")], token="grid-b")
    assert not run(session, doc, old_queue, token="grid-a")  # the old grid's resend
    assert doc.segment(1).target == "New text."
    assert stored(doc).segments[1].target == "New text."
    assert run(session, doc, [*old_queue, ev(2, "save", 2, doc, text="Later.")], token="grid-a")
    assert (doc.segment(1).target, doc.segment(2).target) == ("New text.", "Later.")
    assert session.acked == 2 and session.token == "grid-a"
