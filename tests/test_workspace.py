"""The workspace store: round trips, conflicts between tabs, history, threads and processes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from workbench import workspace as ws_module
from workbench import workspace_db
from workbench.document import CONFIRMED, EDITED, NEW, TRANSLATED, Flag, TermHit
from workbench.segmenting import segment_text
from workbench.workspace import (
    EditConflict,
    UnknownDocument,
    Workspace,
    WorkspaceError,
    default_workspace_path,
)

ROOT = Path(__file__).resolve().parents[1]
TEXT = "Erster Satz. Zweiter Satz.\n\nNeuer Absatz."


def make_document(name="Bericht aus Köln", text=TEXT):
    """A segmented document with every kind of field filled in by hand."""
    doc = segment_text(text, name)
    first = doc.segments[0]
    first.machine = first.target = "First sentence."
    first.status, first.score, first.alternatives = TRANSLATED, -0.42, ["The first sentence."]
    first.hits = [
        TermHit(0, 6, "Erster", "erster", "first", "Nachrichten", "exact", "ok", "ß €"),
        TermHit(7, 11, "Satz", "Satz", "sentence", confidence="compound", status="forced"),
    ]
    first.flags = [Flag("length-ratio", "Übersetzung ist „kürzer“ – 🙂")]
    second = doc.segments[1]
    second.machine, second.status = "Second sentence.", EDITED
    second.target = "Zweitens: “quoted” ✓ <b>&amp;</b>"
    return doc


@pytest.fixture
def ws(tmp_path):
    return Workspace(tmp_path / "data" / "workspace.sqlite3")


@pytest.fixture
def saved(ws):
    return ws.save_document(make_document(), meta={"source": "upload.txt"})


def test_round_trip_keeps_every_field(ws, saved):
    original = make_document()
    document, record = ws.load(saved.id)
    ids = [s.id for s in document.segments]
    assert all(ids) and len(set(ids)) == len(ids)  # each segment got an identity of its own
    assert ws.load(saved.id)[0].segments[0].id == ids[0]  # ...which stays
    for segment in document.segments:
        segment.id = ""
    assert document.to_dict() == original.to_dict()
    assert document.target_text() == original.target_text()
    assert (record.id, record.revision, record.meta) == (saved.id, 1, {"source": "upload.txt"})
    assert len(saved.id) >= 8 and saved.id.isalnum()
    assert ws.segment_revisions(saved.id) == {0: 1, 1: 1, 2: 1}


def test_file_is_a_wal_database_in_created_folder(tmp_path):
    path = tmp_path / "new" / "folder" / "ws.sqlite3"
    Workspace(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
        assert version == ws_module.SCHEMA_VERSION


@pytest.mark.parametrize(
    "statuses, expected",  # expected: (segments, translated, edited, confirmed)
    [
        ((NEW, NEW, NEW), (3, 0, 0, 0)),
        ((TRANSLATED, EDITED, NEW), (3, 2, 1, 0)),
        ((CONFIRMED, EDITED, CONFIRMED), (3, 3, 3, 2)),
    ],
)
def test_list_counts(ws, statuses, expected):
    doc = make_document()
    for seg, status in zip(doc.segments, statuses, strict=True):
        seg.status = status
    record = ws.save_document(doc)
    (listed,) = ws.list_documents()
    assert listed == record
    counts = (
        listed.segment_count,
        listed.translated_count,
        listed.edited_count,
        listed.confirmed_count,
    )
    assert counts == expected


def test_list_is_newest_first_and_an_edit_moves_a_document_up(ws):
    first = ws.save_document(make_document("Erster"))
    second = ws.save_document(make_document("Zweiter"))
    assert [r.name for r in ws.list_documents()] == ["Zweiter", "Erster"]
    ws.update_segment(first.id, 2, target="New paragraph.", status=EDITED, expected_revision=1)
    records = ws.list_documents()
    assert [r.id for r in records] == [first.id, second.id]
    assert records[0].revision == 2 and records[0].updated >= records[0].created


def test_update_survives_a_server_restart(tmp_path, saved, ws):
    revision = ws.update_segment(
        saved.id, 2, target="New paragraph.", status=CONFIRMED, expected_revision=1
    )
    assert revision == 2
    reopened = Workspace(ws.path)  # a new object on the same file, as after a restart
    document, record = reopened.load(saved.id)
    assert (document.segments[2].target, document.segments[2].status) == (
        "New paragraph.",
        CONFIRMED,
    )
    assert document.segments[0].hits == make_document().segments[0].hits
    assert reopened.segment_revisions(saved.id) == {0: 1, 1: 1, 2: 2}
    assert record.confirmed_count == 1


def test_second_tab_gets_a_conflict_and_both_texts_survive(ws, saved):
    held = ws.segment_revisions(saved.id)[0]  # both tabs loaded revision 1
    ws.update_segment(saved.id, 0, target="Tab one's text.", status=EDITED, expected_revision=held)
    with pytest.raises(EditConflict) as caught:
        ws.update_segment(
            saved.id, 0, target="Tab two's text.", status=EDITED, expected_revision=held
        )
    conflict = caught.value.conflict
    assert (conflict.stored_target, conflict.attempted_target) == (
        "Tab one's text.",
        "Tab two's text.",
    )
    assert (conflict.expected_revision, conflict.stored_revision) == (1, 2)
    assert "Tab one's text." in str(caught.value) and "Tab two's text." in str(caught.value)
    assert ws.load(saved.id)[0].segments[0].target == "Tab one's text."
    assert ws.history(saved.id, 0)[0].target == "Tab two's text."  # even if the UI drops it
    # The person chooses their own version: write again against the revision now stored.
    assert (
        ws.update_segment(
            saved.id,
            0,
            target="Tab two's text.",
            status=EDITED,
            expected_revision=conflict.stored_revision,
        )
        == 3
    )
    assert ws.history(saved.id, 0)[0].target == "Tab one's text."


def test_writing_what_is_stored_is_no_conflict_and_no_new_revision(ws, saved):
    ws.update_segment(saved.id, 1, target="Same fix.", status=EDITED, expected_revision=1)
    assert (
        ws.update_segment(saved.id, 1, target="Same fix.", status=EDITED, expected_revision=1) == 2
    )
    assert ws.record(saved.id).revision == 2


def test_history_keeps_old_targets_newest_first(ws, saved, monkeypatch):
    monkeypatch.setattr(ws_module, "HISTORY_LIMIT", 3)
    revision = 1
    for text in ["a", "b", "c", "d", "e"]:
        revision = ws.update_segment(
            saved.id, 0, target=text, status=EDITED, expected_revision=revision
        )
    entries = ws.history(saved.id, 0)
    assert [e.target for e in entries] == ["d", "c", "b"]
    assert [e.revision for e in entries] == [5, 4, 3]
    assert {e.reason for e in entries} == {ws_module.OVERWRITTEN}
    assert all(e.saved_at <= e.replaced_at for e in entries)
    assert ws.history(saved.id, 2) == []


def test_replace_segments_writes_all(ws, saved):
    document, _ = ws.load(saved.id)
    for seg in document.segments:
        seg.target, seg.machine, seg.status = f"New {seg.index}", f"New {seg.index}", TRANSLATED
        seg.flags = [Flag("untranslated", "noch offen")]
    revisions = ws.replace_segments(
        saved.id, document.segments, expected_revisions=ws.segment_revisions(saved.id)
    )
    assert revisions == {0: 2, 1: 2, 2: 2}
    assert ws.load(saved.id)[0].to_dict() == document.to_dict()
    assert ws.history(saved.id, 1)[0].target == "Zweitens: “quoted” ✓ <b>&amp;</b>"


def test_replace_segments_is_all_or_nothing(ws, saved):
    held = ws.segment_revisions(saved.id)
    ws.update_segment(saved.id, 1, target="Typed meanwhile.", status=EDITED, expected_revision=1)
    document, _ = ws.load(saved.id)
    for seg in document.segments:
        seg.target = "Machine again."
    with pytest.raises(EditConflict) as caught:
        ws.replace_segments(saved.id, document.segments, expected_revisions=held)
    assert [c.index for c in caught.value.conflicts] == [1]
    assert [s.target for s in ws.load(saved.id)[0].segments] == [
        "First sentence.",
        "Typed meanwhile.",
        "",
    ]


def test_saving_over_an_id_replaces_and_keeps_dropped_text(ws, saved):
    shorter = segment_text("Erster Satz.", "Kurz")
    shorter.segments[0].target, shorter.segments[0].status = "Changed.", EDITED
    record = ws.save_document(shorter, doc_id=saved.id)
    assert (record.name, record.segment_count, record.revision) == ("Kurz", 1, 2)
    assert record.meta == {"source": "upload.txt"}  # meta=None keeps it
    assert ws.segment_revisions(saved.id) == {0: 2}
    assert ws.history(saved.id, 1)[0].reason == ws_module.REMOVED


def test_rename_and_delete(ws, saved):
    assert ws.rename(saved.id, "  Neuer Name ").name == "Neuer Name"
    assert ws.load(saved.id)[0].name == "Neuer Name"
    ws.delete(saved.id)
    assert ws.list_documents() == []
    with pytest.raises(UnknownDocument, match=saved.id):
        ws.load(saved.id)


@pytest.mark.parametrize(
    "call, error",
    [
        (
            lambda ws, i: ws.update_segment(i, 0, target="x", status="done", expected_revision=1),
            "unknown status 'done'",
        ),
        (
            lambda ws, i: ws.update_segment(i, 9, target="x", status=EDITED, expected_revision=1),
            "no segment 9",
        ),
        (
            lambda ws, i: ws.update_segment(i, 0, target=None, status=EDITED, expected_revision=1),
            "must be text",
        ),
        (
            lambda ws, i: ws.update_segment(
                "nope", 0, target="x", status=EDITED, expected_revision=1
            ),
            "No document with id 'nope'",
        ),
        (
            lambda ws, i: ws.replace_segments(i, ws.load(i)[0].segments, expected_revisions={0: 1}),
            r"No expected revision given for segments \[1, 2\]",
        ),
        (lambda ws, i: ws.save_document(make_document(), doc_id="../etc"), "Invalid document id"),
        (lambda ws, i: ws.rename(i, "   "), "cannot be empty"),
        (lambda ws, i: ws.history("nope", 0), "No document"),
    ],
)
def test_bad_requests_get_clear_errors(ws, saved, call, error):
    with pytest.raises(WorkspaceError, match=error):
        call(ws, saved.id)


def test_threads_editing_different_segments_all_land(ws):
    text = " ".join(f"Satz Nummer {n}." for n in range(8))
    doc_id = ws.save_document(segment_text(text, "Viele")).id

    def edit(indices):
        for index in indices:
            revision = 1
            for round_ in range(5):
                revision = ws.update_segment(
                    doc_id,
                    index,
                    target=f"Sentence {index}/{round_}",
                    status=EDITED,
                    expected_revision=revision,
                )

    threads = [threading.Thread(target=edit, args=([n, n + 4],)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    document, record = ws.load(doc_id)
    assert [s.target for s in document.segments] == [f"Sentence {n}/4" for n in range(8)]
    assert ws.segment_revisions(doc_id) == {n: 6 for n in range(8)}
    assert record.revision == 1 + 8 * 5


def test_threads_racing_on_one_segment_exactly_one_wins(ws, saved):
    results: list[str] = []
    start = threading.Barrier(6)

    def write(n):
        start.wait()
        try:
            ws.update_segment(saved.id, 2, target=f"Tab {n}", status=EDITED, expected_revision=1)
            results.append("won")
        except EditConflict:
            results.append("conflict")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["conflict"] * 5 + ["won"]
    assert len(ws.history(saved.id, 2)) == 5  # every losing text kept


def test_processes_editing_different_segments_all_land(ws, saved):
    script = (
        "import sys; from workbench.workspace import Workspace\n"
        "ws = Workspace(sys.argv[1]); i = int(sys.argv[3]); rev = 1\n"
        "for n in range(10):\n"
        "    rev = ws.update_segment(sys.argv[2], i, target=f'P{i}-{n}', status='edited',"
        " expected_revision=rev)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(ws.path), saved.id, str(i)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in (0, 1, 2)
    ]
    errors = [proc.communicate(timeout=60)[1] for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0, 0], errors
    assert [s.target for s in ws.load(saved.id)[0].segments] == ["P0-9", "P1-9", "P2-9"]


def test_env_var_is_read_at_call_time(monkeypatch, tmp_path):
    monkeypatch.setenv("WORKBENCH_WORKSPACE", str(tmp_path / "mine.sqlite3"))
    assert default_workspace_path() == tmp_path / "mine.sqlite3"
    monkeypatch.delenv("WORKBENCH_WORKSPACE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_workspace_path() == tmp_path / "xdg" / "workbench" / "workspace.sqlite3"
    assert not (tmp_path / "xdg").exists()


def _foreign_sqlite(path):
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")


@pytest.mark.parametrize(
    "make_file, error",
    [
        (lambda p: p.write_text("Dies ist keine Datenbank.\n" * 100), "not an SQLite database"),
        (_foreign_sqlite, "not a workbench workspace"),
    ],
)
def test_a_file_that_is_not_a_workspace_is_refused_and_left_alone(tmp_path, make_file, error):
    path = tmp_path / "other.db"
    make_file(path)
    before = path.read_bytes()
    with pytest.raises(WorkspaceError, match=error) as caught:
        Workspace(path)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before


def test_a_newer_schema_is_refused(ws):
    with sqlite3.connect(ws.path) as conn:
        conn.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(WorkspaceError, match="newer workbench"):
        Workspace(ws.path)


@pytest.mark.parametrize(
    "sqlite_message, advice",
    [
        ("attempt to write a readonly database", "Make the file and its folder writable"),
        ("database is locked", "Close other workbench instances"),
        ("database disk image is malformed", "Restore it from a backup"),
        ("database or disk is full", "the disk is full"),
        ("unable to open database file", "folder you can write to"),
        ("something unexpected", "failed (something unexpected)"),
    ],
)
def test_sqlite_errors_become_advice_naming_the_file(sqlite_message, advice):
    error = workspace_db.workspace_error(
        Path("/srv/ws.sqlite3"), sqlite3.OperationalError(sqlite_message)
    )
    assert "/srv/ws.sqlite3" in str(error) and advice in str(error)


def test_importing_creates_nothing(tmp_path):
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
        "WORKBENCH_WORKSPACE": str(tmp_path / "ws" / "w.sqlite3"),
    }
    subprocess.run(
        [sys.executable, "-c", "import workbench.workspace"], env=env, check=True, cwd=tmp_path
    )
    assert list(tmp_path.iterdir()) == []


def test_update_meta_survives_reopening(tmp_path):
    from workbench.segmenting import segment_text
    from workbench.workspace import Workspace

    path = tmp_path / "ws.sqlite3"
    record = Workspace(path).save_document(
        segment_text("Ein Satz."), meta={"glossaries": ["a.csv"]}
    )
    Workspace(path).update_meta(record.id, {"glossaries": ["a.csv", "b.csv"]})
    assert Workspace(path).record(record.id).meta == {"glossaries": ["a.csv", "b.csv"]}
