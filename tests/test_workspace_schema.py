"""Workspace schema versions: a file written by an older workbench opens without loss."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from workbench import workspace_schema
from workbench.workspace import REMOVED, SCHEMA_VERSION, Workspace, WorkspaceError

# The schema as workbench wrote it before versioned migrations (schema 1), frozen here.
SCHEMA_1 = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE documents (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, head TEXT NOT NULL, meta TEXT NOT NULL,
    created TEXT NOT NULL, updated TEXT NOT NULL, revision INTEGER NOT NULL,
    touched INTEGER NOT NULL
);
CREATE INDEX documents_touched ON documents (touched);
CREATE TABLE segments (
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE, idx INTEGER NOT NULL,
    body TEXT NOT NULL, target TEXT NOT NULL, status TEXT NOT NULL, revision INTEGER NOT NULL,
    saved_at TEXT NOT NULL, PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;
CREATE TABLE segment_history (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE, idx INTEGER NOT NULL,
    target TEXT NOT NULL, status TEXT NOT NULL, revision INTEGER NOT NULL,
    saved_at TEXT NOT NULL, replaced_at TEXT NOT NULL, reason TEXT NOT NULL
);
CREATE INDEX segment_history_segment ON segment_history (doc_id, idx, id);
"""
T0, T1 = "2026-11-02T09:00:00.000000+00:00", "2026-11-02T09:05:00.000000+00:00"


def _body(source: str, machine: str, paragraph: int = 0, gap: str = " ") -> str:
    return json.dumps(
        {
            "paragraph": paragraph,
            "source": source,
            "gap": gap,
            "machine": machine,
            "score": -0.5,
            "alternatives": [],
            "hits": [],
            "flags": [{"code": "untranslated", "message": "still German"}],
        }
    )


def write_schema_1_file(path: Path) -> None:
    """A workspace as schema 1 left it: one document, an edit, a confirm, a removed segment."""
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.executescript(SCHEMA_1)
        conn.execute("INSERT INTO schema_version VALUES (1)")
        conn.execute(f"PRAGMA application_id = {workspace_schema.APPLICATION_ID}")
        head = {
            "name": "Bericht",
            "paragraphs": [{"index": 0, "style": "body", "table": None, "row": None, "col": None}],
            "lead": "",
            "source_lang": "de",
            "target_lang": "en",
        }
        conn.execute(
            "INSERT INTO documents VALUES ('doc1', 'Bericht', ?, ?, ?, ?, 4, 1)",
            (json.dumps(head), json.dumps({"glossaries": ["news-de-en.csv"]}), T0, T1),
        )
        rows = [
            (0, _body("Erster Satz.", "First sentence."), "My first sentence.", "edited", 2),
            (1, _body("Zweiter Satz.", "Second sentence.", gap=""), "Second.", "confirmed", 3),
        ]
        for idx, body, target, status, revision in rows:
            conn.execute(
                "INSERT INTO segments VALUES ('doc1', ?, ?, ?, ?, ?, ?)",
                (idx, body, target, status, revision, T1),
            )
        history = [
            (0, "First sentence.", "translated", 1, "overwritten"),
            (1, "Second sentence.", "translated", 1, "overwritten"),
            (1, "Second!", "edited", 2, "overwritten"),
            (2, "A third sentence, dropped.", "edited", 2, "removed"),
        ]
        for idx, target, status, revision, reason in history:
            conn.execute(
                "INSERT INTO segment_history (doc_id, idx, target, status, revision, saved_at,"
                " replaced_at, reason) VALUES ('doc1', ?, ?, ?, ?, ?, ?, ?)",
                (idx, target, status, revision, T0, T1, reason),
            )


@pytest.fixture
def old_file(tmp_path) -> Path:
    path = tmp_path / "workspace.sqlite3"
    write_schema_1_file(path)
    return path


def _version(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]


def test_a_schema_1_file_opens_with_every_edit_and_its_history(old_file):
    ws = Workspace(old_file)
    document, record = ws.load("doc1")
    assert [(s.target, s.status, s.machine) for s in document.segments] == [
        ("My first sentence.", "edited", "First sentence."),
        ("Second.", "confirmed", "Second sentence."),
    ]
    assert document.segments[0].flags[0].code == "untranslated"
    assert (record.name, record.meta, record.edited_count) == (
        "Bericht",
        {"glossaries": ["news-de-en.csv"]},
        2,
    )
    assert ws.segment_revisions("doc1") == {0: 2, 1: 3}
    assert [h.target for h in ws.history("doc1", 1)] == ["Second!", "Second sentence."]
    assert [h.target for h in ws.history("doc1", 0)] == ["First sentence."]
    removed = ws.history("doc1", 2)
    assert [(h.target, h.reason) for h in removed] == [("A third sentence, dropped.", REMOVED)]
    ids = [s.id for s in document.segments]
    assert all(ids) and len(set(ids)) == 2
    assert _version(old_file) == SCHEMA_VERSION


def test_the_old_file_is_kept_as_a_backup_once(old_file):
    Workspace(old_file)
    backup = old_file.with_name(old_file.name + ".schema1.bak")
    assert _version(backup) == 1
    with closing(sqlite3.connect(backup)) as conn:
        assert conn.execute("SELECT target FROM segments ORDER BY idx").fetchall() == [
            ("My first sentence.",),
            ("Second.",),
        ]
    stamp = backup.stat().st_mtime_ns
    Workspace(old_file)  # already migrated: no second backup, no second migration
    assert backup.stat().st_mtime_ns == stamp
    with closing(sqlite3.connect(old_file)) as conn:
        versions = [v for (v,) in conn.execute("SELECT version FROM schema_version")]
    assert versions == [1, *range(2, SCHEMA_VERSION + 1)]


def test_edits_after_migration_keep_following_the_segment(old_file):
    ws = Workspace(old_file)
    ws.update_segment("doc1", 1, target="Second, again.", status="edited", expected_revision=3)
    entries = ws.history("doc1", 1)
    assert [(h.target, h.action) for h in entries[:2]] == [("Second.", "edit"), ("Second!", "")]


def _columns(path: Path) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(path)) as conn:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        indexes = sorted(
            (name, sql)
            for name, sql in conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL"
            )
        )
        shape = {
            t: sorted((c[1], c[2], c[3], c[5]) for c in conn.execute(f"PRAGMA table_info({t})"))
            for t in tables
        }
    return {**shape, "indexes": [name for name, _ in indexes]}


def test_a_migrated_file_has_the_same_tables_as_a_new_one(old_file, tmp_path):
    Workspace(old_file)
    Workspace(tmp_path / "new.sqlite3")
    migrated, new = _columns(old_file), _columns(tmp_path / "new.sqlite3")
    assert migrated.keys() == new.keys()
    for table in new:
        if table != "indexes":  # ALTER TABLE cannot add NOT NULL without a default
            assert [c[:2] for c in migrated[table]] == [c[:2] for c in new[table]], table
    assert migrated["indexes"] == new["indexes"]


def test_a_failing_migration_changes_nothing(old_file, monkeypatch):
    def broken(conn):
        conn.execute("ALTER TABLE segments ADD COLUMN sid TEXT NOT NULL DEFAULT ''")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setitem(workspace_schema.MIGRATIONS, 2, broken)
    with pytest.raises(WorkspaceError, match="disk I/O error"):
        Workspace(old_file)
    assert _version(old_file) == 1
    with closing(sqlite3.connect(old_file)) as conn:
        columns = [c[1] for c in conn.execute("PRAGMA table_info(segments)")]
    assert "sid" not in columns  # the half-done step was rolled back
    monkeypatch.undo()
    assert Workspace(old_file).load("doc1")[0].segments[1].target == "Second."


def test_a_newer_schema_is_refused_untouched(old_file):
    with closing(sqlite3.connect(old_file)) as conn, conn:
        conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 1,))
    before = old_file.read_bytes()
    with pytest.raises(WorkspaceError, match="newer workbench"):
        Workspace(old_file)
    assert old_file.read_bytes() == before


def test_the_imported_file_is_kept_beside_a_document_and_goes_with_it(old_file):
    ws = Workspace(old_file)  # migrated from schema 1: the table is there, empty
    assert ws.original("doc1") is None
    ws.save_original("doc1", "Bericht.docx", b"PK\x03\x04 bytes")
    assert ws.original("doc1") == ("Bericht.docx", b"PK\x03\x04 bytes")
    ws.delete("doc1")
    with closing(sqlite3.connect(old_file)) as conn:
        assert conn.execute("SELECT COUNT(*) FROM originals").fetchone()[0] == 0
