"""The workspace's SQLite layer: file checks, schema, connections, transactions, segment rows.

Contract (for `workbench.workspace`, which re-exports the public constants and `WorkspaceError`):
- `transaction(path, write=...)` opens one short-lived connection (busy timeout, foreign keys,
  synchronous=FULL) and runs one transaction on it, IMMEDIATE when writing. Every
  `sqlite3.Error` leaves it as a `WorkspaceError` from `workspace_error`, naming the file and
  what to do.
- `open_schema(path)` refuses files that are not workspaces, damaged ones and newer schemas
  before changing anything, then switches the file to WAL and creates the schema if it is new.
- The row helpers (`record_rows`, `current_segments`, `write_segment`, `overwrite_segments`,
  `insert_segment`, `remember`, `touch`) run inside a transaction the caller opened. A target
  they overwrite or drop goes to `segment_history`, which keeps the newest `history_limit`
  entries per segment.
- Importing does nothing: no folder, file or connection is made until a function is called.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from workbench.document import CONFIRMED, EDITED, NEW

ENV_VAR = "WORKBENCH_WORKSPACE"
SCHEMA_VERSION = 1
APPLICATION_ID = 0x576B426E  # "WkBn" in the SQLite header: tells our files from other databases
BUSY_TIMEOUT_SECONDS = 15.0
OVERWRITTEN, CONFLICT, REMOVED = "overwritten", "conflict", "removed"  # history reasons


class WorkspaceError(Exception):
    """A problem with the workspace file or a request to it; the message is for people."""


_SCHEMA = """
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
    body TEXT NOT NULL,  -- the segment as JSON without index/target/status
    target TEXT NOT NULL, status TEXT NOT NULL, revision INTEGER NOT NULL, saved_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;
CREATE TABLE segment_history (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE, idx INTEGER NOT NULL,
    target TEXT NOT NULL, status TEXT NOT NULL, revision INTEGER NOT NULL,
    saved_at TEXT NOT NULL, replaced_at TEXT NOT NULL, reason TEXT NOT NULL
);
CREATE INDEX segment_history_segment ON segment_history (doc_id, idx, id);
"""

_RECORD_SQL = """
SELECT d.id, d.name, d.meta, d.created, d.updated, d.revision, COUNT(s.idx) AS segment_count,
    COALESCE(SUM(s.status != :new), 0) AS translated_count,
    COALESCE(SUM(s.status IN (:edited, :confirmed)), 0) AS edited_count,
    COALESCE(SUM(s.status = :confirmed), 0) AS confirmed_count
FROM documents d LEFT JOIN segments s ON s.doc_id = d.id
{where} GROUP BY d.id ORDER BY d.touched DESC
"""
_COUNT_STATUSES = {"new": NEW, "edited": EDITED, "confirmed": CONFIRMED}


# -- connections and schema ---------------------------------------------------------------


@contextmanager
def transaction(path: Path, *, write: bool) -> Iterator[sqlite3.Connection]:
    """One connection, one transaction. IMMEDIATE takes the write lock up front, so the
    revision read and the write that depends on it cannot interleave with another writer."""
    try:
        with closing(_connect(path)) as conn:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield conn
            except BaseException:
                conn.rollback()
                raise
            conn.execute("COMMIT")
    except sqlite3.Error as err:
        raise workspace_error(path, err) from None


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")  # an edit acknowledged is an edit on disk
    return conn


def open_schema(path: Path) -> None:
    """Check the file is a workspace we can read (before any change), then WAL, then schema."""
    version = _schema_version(path, write=False)  # refuses foreign files before any change
    try:
        with closing(_connect(path)) as conn:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.Error as err:
        raise workspace_error(path, err) from None
    if version != SCHEMA_VERSION:
        _schema_version(path, write=True)  # first open: create under the write lock


def _schema_version(path: Path, *, write: bool) -> int | None:
    with transaction(path, write=write) as conn:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
        if app_id == 0 and tables == 0:
            if not write:
                return None
            _create_schema(conn)
            return SCHEMA_VERSION
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
        return version  # older versions: migrations go here when schema 2 exists


def _create_schema(conn: sqlite3.Connection) -> None:
    # executescript would COMMIT our transaction; run the statements one by one instead.
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


# -- rows (all run inside a transaction the caller opened) --------------------------------


def current_segments(conn: sqlite3.Connection, doc_id: str, index: int | None = None) -> dict:
    """The stored rows of one segment, or of all (index None), by index."""
    sql = "SELECT idx, body, target, status, revision, saved_at FROM segments WHERE doc_id = ?"
    args: tuple = (doc_id,)
    if index is not None:
        sql, args = sql + " AND idx = ?", (doc_id, index)
    return {row["idx"]: row for row in conn.execute(sql, args)}


def write_segment(
    conn,
    doc_id: str,
    current,
    target: str,
    status: str,
    body: str | None,
    now: str,
    *,
    history_limit: int,
) -> int:
    """Write one segment (body None: keep it); returns its revision, unchanged if nothing is."""
    body = current["body"] if body is None else body
    if (current["target"], current["status"], current["body"]) == (target, status, body):
        return current["revision"]
    if current["target"] and current["target"] != target:
        remember(
            conn,
            doc_id,
            current["idx"],
            current["target"],
            current["status"],
            current["revision"],
            current["saved_at"],
            now,
            OVERWRITTEN,
            history_limit=history_limit,
        )
    conn.execute(
        "UPDATE segments SET body = ?, target = ?, status = ?, revision = revision + 1,"
        " saved_at = ? WHERE doc_id = ? AND idx = ?",
        (body, target, status, now, doc_id, current["idx"]),
    )
    return current["revision"] + 1


def overwrite_segments(
    conn, doc_id: str, segments: list[dict], now: str, *, history_limit: int
) -> None:
    current = current_segments(conn, doc_id)
    for seg in segments:
        if seg["index"] in current:
            write_segment(
                conn,
                doc_id,
                current.pop(seg["index"]),
                seg["target"],
                seg["status"],
                segment_body(seg),
                now,
                history_limit=history_limit,
            )
        else:
            insert_segment(conn, doc_id, seg, now)
    for index, row in current.items():  # segments the new version no longer has
        if row["target"]:
            remember(
                conn,
                doc_id,
                index,
                row["target"],
                row["status"],
                row["revision"],
                row["saved_at"],
                now,
                REMOVED,
                history_limit=history_limit,
            )
        conn.execute("DELETE FROM segments WHERE doc_id = ? AND idx = ?", (doc_id, index))


def insert_segment(conn, doc_id: str, seg: dict, now: str) -> None:
    conn.execute(
        "INSERT INTO segments VALUES (?, ?, ?, ?, ?, 1, ?)",
        (doc_id, seg["index"], segment_body(seg), seg["target"], seg["status"], now),
    )


def remember(
    conn, doc_id, index, target, status, revision, saved_at, now, reason, *, history_limit: int
) -> None:
    conn.execute(
        "INSERT INTO segment_history (doc_id, idx, target, status, revision, saved_at,"
        " replaced_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (doc_id, index, target, status, revision, saved_at, now, reason),
    )
    conn.execute(  # keep the history small: the newest history_limit entries per segment
        "DELETE FROM segment_history WHERE doc_id = ? AND idx = ? AND id NOT IN (SELECT id FROM"
        " segment_history WHERE doc_id = ? AND idx = ? ORDER BY id DESC LIMIT ?)",
        (doc_id, index, doc_id, index, history_limit),
    )


def touch(conn: sqlite3.Connection, doc_id: str, now: str) -> None:
    conn.execute(
        "UPDATE documents SET revision = revision + 1, updated = ?,"
        " touched = (SELECT MAX(touched) + 1 FROM documents) WHERE id = ?",
        (now, doc_id),
    )


def record_rows(conn: sqlite3.Connection, doc_id: str | None = None) -> list[sqlite3.Row]:
    """The rows behind `DocumentRecord`s: every document, newest change first, or one."""
    if doc_id is None:
        return conn.execute(_RECORD_SQL.format(where=""), _COUNT_STATUSES).fetchall()
    sql = _RECORD_SQL.format(where="WHERE d.id = :id")
    return conn.execute(sql, {**_COUNT_STATUSES, "id": doc_id}).fetchall()


def segment_body(segment: dict) -> str:
    return dumps({k: v for k, v in segment.items() if k not in ("index", "target", "status")})


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


# -- error messages ----------------------------------------------------------------------

_ADVICE = (  # (words in SQLite's message, what to tell the person)
    (
        ("file is not a database",),
        "is not a workbench workspace (not an SQLite database). Set "
        f"{ENV_VAR} to another file name, or move this file away; it was left untouched.",
    ),
    (
        ("malformed", "corrupt"),
        "is damaged ({}). Restore it from a backup, or move it away to start a new workspace.",
    ),
    (
        ("readonly", "read-only"),
        "is read-only ({}). Make the file and its folder writable, or set "
        f"{ENV_VAR} to a writable location.",
    ),
    (
        ("locked", "busy"),
        f"stayed locked by another process for over {BUSY_TIMEOUT_SECONDS:.0f} s "
        "({}). Close other workbench instances and try again.",
    ),
    (
        ("unable to open",),
        "cannot be opened ({}). Check that it is a file in a folder you can "
        f"write to, or set {ENV_VAR} to another location.",
    ),
)


def workspace_error(path: Path, err: sqlite3.Error) -> WorkspaceError:
    """Turn SQLite's terse errors into a message naming the file and what to do."""
    text = str(err)
    advice = next((a for words, a in _ADVICE if any(w in text for w in words)), "failed ({}).")
    return WorkspaceError(f"The workspace {path} {advice.format(text)}")
