"""The workspace's schema: its version, how a new file is made, and how old files move forward.

Contract:
- `SCHEMA_VERSION` is the version this workbench writes. Every change to what the workspace
  stores adds one entry to `MIGRATIONS` (version -> function that takes a file from the version
  before to that one, inside the caller's write transaction) and updates `_SCHEMA` (what a new
  file gets), so that a new file and a migrated one end up with the same tables.
- `open_schema(path)` refuses files that are not workspaces, damaged ones and newer schemas
  before changing anything. A new (empty) file gets the schema. An older file is first copied
  beside itself (`NAME.schemaN.bak`, N the old version: the person's work exists twice while
  it is migrated), then migrated step by step in one transaction: all steps or none.
- Importing does nothing: no file is touched until `open_schema` is called.

History of versions:
  1: documents, segments (by position), segment_history.
  2: segments get a stable id (`sid`) that stays when segments are renumbered (join, split);
     history follows that id and records the action that replaced each text.
  3: `originals`: the file a document was imported from (bytes and name), so a formatted
     document (.docx, .html) can be written out again after editing.
"""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from workbench.workspace_db import (
    ENV_VAR,
    WorkspaceError,
    connect,
    transaction,
    workspace_error,
)

SCHEMA_VERSION = 4
APPLICATION_ID = 0x576B426E  # "WkBn" in the SQLite header: tells our files from other databases

# The translation memory (schema 4), also what migration 4 adds.
_MEMORY_SCHEMA = """
CREATE TABLE memories (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,  -- workspace (confirmed and edited segments) | tmx (imported)
    created TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT ''  -- the imported file's name
);
CREATE TABLE memory_units (
    id INTEGER PRIMARY KEY,
    memory_id INTEGER NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
    source TEXT NOT NULL, target TEXT NOT NULL,
    norm TEXT NOT NULL,  -- the German normalised (whitespace, quotes): exact lookup
    prev_norm TEXT NOT NULL DEFAULT '', next_norm TEXT NOT NULL DEFAULT '',  -- neighbours
    doc_id TEXT, sid TEXT,  -- the segment it was recorded from (none for imported units)
    document TEXT NOT NULL DEFAULT '',  -- document name (x-document in TMX)
    status TEXT NOT NULL DEFAULT '',  -- confirmed | edited (recorded units), '' imported
    changed TEXT NOT NULL  -- ISO date of the last change
);
CREATE INDEX memory_units_norm ON memory_units (norm);
CREATE INDEX memory_units_memory ON memory_units (memory_id);
CREATE UNIQUE INDEX memory_units_segment ON memory_units (doc_id, sid) WHERE doc_id IS NOT NULL;
CREATE VIRTUAL TABLE memory_fts USING fts5 (
    source, target, content='memory_units', content_rowid='id'
);
CREATE TRIGGER memory_units_ai AFTER INSERT ON memory_units BEGIN
    INSERT INTO memory_fts (rowid, source, target) VALUES (new.id, new.source, new.target);
END;
CREATE TRIGGER memory_units_ad AFTER DELETE ON memory_units BEGIN
    INSERT INTO memory_fts (memory_fts, rowid, source, target)
    VALUES ('delete', old.id, old.source, old.target);
END;
CREATE TRIGGER memory_units_au AFTER UPDATE ON memory_units BEGIN
    INSERT INTO memory_fts (memory_fts, rowid, source, target)
    VALUES ('delete', old.id, old.source, old.target);
    INSERT INTO memory_fts (rowid, source, target) VALUES (new.id, new.source, new.target);
END;
"""

_SCHEMA = (
    """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE documents (
    id TEXT PRIMARY KEY, name TEXT NOT NULL,
    head TEXT NOT NULL,  -- Document.to_dict() without its segments (JSON)
    meta TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL, revision INTEGER NOT NULL,
    touched INTEGER NOT NULL  -- global change counter: newest-first order without trusting clocks
);
CREATE INDEX documents_touched ON documents (touched);
CREATE TABLE segments (
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE, idx INTEGER NOT NULL,
    body TEXT NOT NULL,  -- the segment as JSON without id/index/target/status
    target TEXT NOT NULL, status TEXT NOT NULL, revision INTEGER NOT NULL, saved_at TEXT NOT NULL,
    sid TEXT NOT NULL,  -- stable segment id: survives renumbering
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;
CREATE UNIQUE INDEX segments_sid ON segments (doc_id, sid);
CREATE TABLE segment_history (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE, idx INTEGER NOT NULL,
    target TEXT NOT NULL, status TEXT NOT NULL, revision INTEGER NOT NULL,
    saved_at TEXT NOT NULL, replaced_at TEXT NOT NULL, reason TEXT NOT NULL,
    sid TEXT NOT NULL,  -- the segment's stable id
    action TEXT NOT NULL DEFAULT ''  -- the gesture that replaced this text (edit, reset...)
);
CREATE INDEX segment_history_segment ON segment_history (doc_id, sid, id);
CREATE TABLE originals (
    doc_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    name TEXT NOT NULL,  -- the imported file's name
    data BLOB NOT NULL   -- its bytes, as uploaded
);
"""
    + _MEMORY_SCHEMA
)


def _to_2(conn: sqlite3.Connection) -> None:
    """Stable segment ids, and history that follows them and names the replacing action."""
    conn.execute("ALTER TABLE segments ADD COLUMN sid TEXT NOT NULL DEFAULT ''")
    for row in conn.execute("SELECT doc_id, idx FROM segments").fetchall():
        conn.execute(
            "UPDATE segments SET sid = ? WHERE doc_id = ? AND idx = ?",
            (new_segment_id(), row["doc_id"], row["idx"]),
        )
    conn.execute("CREATE UNIQUE INDEX segments_sid ON segments (doc_id, sid)")
    conn.execute("ALTER TABLE segment_history ADD COLUMN sid TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE segment_history ADD COLUMN action TEXT NOT NULL DEFAULT ''")
    # History of a segment still there follows its new id; that of a removed one keeps a
    # marker of its old position, so it is never attributed to another segment.
    conn.execute(
        "UPDATE segment_history SET sid = COALESCE((SELECT s.sid FROM segments s WHERE"
        " s.doc_id = segment_history.doc_id AND s.idx = segment_history.idx AND"
        " segment_history.reason != 'removed'), 'removed-' || idx)"
    )
    conn.execute("DROP INDEX segment_history_segment")
    conn.execute("CREATE INDEX segment_history_segment ON segment_history (doc_id, sid, id)")


def _to_3(conn: sqlite3.Connection) -> None:
    """The imported file beside each document (none for documents imported before)."""
    conn.execute(
        "CREATE TABLE originals (doc_id TEXT PRIMARY KEY REFERENCES documents (id)"
        " ON DELETE CASCADE, name TEXT NOT NULL, data BLOB NOT NULL)"
    )


def _to_4(conn: sqlite3.Connection) -> None:
    """The translation memory: empty at first (recording starts with the next edit)."""
    for statement in _statements(_MEMORY_SCHEMA):
        conn.execute(statement)


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {2: _to_2, 3: _to_3, 4: _to_4}


def _statements(script: str) -> list[str]:
    """The SQL statements of a script, whole (a trigger's BEGIN ... END stays one statement)."""
    statements, pending = [], ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                statements.append(pending.strip())
            pending = ""
    return statements


def new_segment_id() -> str:
    return uuid.uuid4().hex


def open_schema(path: Path) -> None:
    """Check the file is a workspace we can read (before any change), then WAL, then schema."""
    version = _schema_version(path)  # refuses foreign files before any change
    try:
        with closing(connect(path)) as conn:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.Error as err:
        raise workspace_error(path, err) from None
    if version is not None and version < SCHEMA_VERSION:
        _back_up(path, version)
    if version != SCHEMA_VERSION:
        _upgrade(path)


def _schema_version(path: Path) -> int | None:
    """The file's schema version; None for a new, empty file. Raises for files we must not touch."""
    with transaction(path, write=False) as conn:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
        if app_id == 0 and tables == 0:
            return None
        if app_id != APPLICATION_ID:
            raise WorkspaceError(
                f"{path} is an SQLite database but not a workbench workspace. "
                f"Set {ENV_VAR} to another file name; this file was left untouched."
            )
        version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
    if version is None:
        raise WorkspaceError(
            f"The workspace {path} is damaged (no schema version). Restore it from "
            "a backup, or move it away to start a new workspace."
        )
    if version > SCHEMA_VERSION:
        raise WorkspaceError(
            f"The workspace {path} was written by a newer workbench (schema "
            f"{version}, this one knows {SCHEMA_VERSION}). Update workbench."
        )
    return version


def _upgrade(path: Path) -> None:
    """Create or migrate under the write lock (another process may have done it meanwhile)."""
    with transaction(path, write=True) as conn:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id == 0:
            _create(conn)
            return
        version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
        for step in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[step](conn)
            conn.execute("INSERT INTO schema_version VALUES (?)", (step,))


def _create(conn: sqlite3.Connection) -> None:
    # executescript would COMMIT our transaction; run the statements one by one instead.
    for statement in _statements(_SCHEMA):
        conn.execute(statement)
    conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _back_up(path: Path, version: int) -> None:
    """A consistent copy of the old file before migrating (SQLite's online backup)."""
    target = path.with_name(f"{path.name}.schema{version}.bak")
    if target.exists():
        return  # an earlier, interrupted migration already made it: keep the oldest copy
    partial = target.with_name(target.name + ".partial")
    try:
        with closing(connect(path)) as source, closing(sqlite3.connect(partial)) as copy:
            source.backup(copy)
        shutil.move(partial, target)
    except (sqlite3.Error, OSError) as err:
        partial.unlink(missing_ok=True)
        raise WorkspaceError(
            f"The workspace {path} needs an upgrade to schema {SCHEMA_VERSION}, and a backup "
            f"copy could not be written first ({err}). Free some disk space or make the folder "
            "writable; the file was left untouched."
        ) from None
