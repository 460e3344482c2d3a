"""The workspace's SQLite layer: connections, transactions, segment rows, error messages.

Contract (for `workbench.workspace`, which re-exports the public constants and `WorkspaceError`):
- `transaction(path, write=...)` opens one short-lived connection (busy timeout, foreign keys,
  synchronous=FULL) and runs one transaction on it, IMMEDIATE when writing. Every
  `sqlite3.Error` leaves it as a `WorkspaceError` from `workspace_error`, naming the file and
  what to do.
- The schema and its migrations are `workbench.workspace_schema`.
- The row helpers (`record_rows`, `current_segments`, `write_segment`, `write_body`,
  `overwrite_segments`, `insert_segment`, `remember`, `touch`) run inside a transaction the
  caller opened. A target they overwrite or drop goes to `segment_history` with the action that
  replaced it; the history keeps the newest `history_limit` entries per segment, by the
  segment's stable id.
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
BUSY_TIMEOUT_SECONDS = 15.0
OVERWRITTEN, CONFLICT, REMOVED = "overwritten", "conflict", "removed"  # history reasons


class WorkspaceError(Exception):
    """A problem with the workspace file or a request to it; the message is for people."""


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
        with closing(connect(path)) as conn:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield conn
            except BaseException:
                conn.rollback()
                raise
            conn.execute("COMMIT")
    except sqlite3.Error as err:
        raise workspace_error(path, err) from None


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")  # an edit acknowledged is an edit on disk
    return conn


# -- rows (all run inside a transaction the caller opened) --------------------------------


def current_segments(conn: sqlite3.Connection, doc_id: str, index: int | None = None) -> dict:
    """The stored rows of one segment, or of all (index None), by index."""
    sql = "SELECT idx, sid, body, target, status, revision, saved_at FROM segments WHERE doc_id = ?"
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
    action: str,
    history_limit: int,
) -> int:
    """Write one segment (body None: keep it); returns its revision, unchanged if nothing is.
    A target it replaces goes to the history, with the `action` that replaced it."""
    body = current["body"] if body is None else body
    if (current["target"], current["status"], current["body"]) == (target, status, body):
        return current["revision"]
    if current["target"] and (current["target"], current["status"]) != (target, status):
        remember(conn, doc_id, current, now, OVERWRITTEN, action, history_limit=history_limit)
    conn.execute(
        "UPDATE segments SET body = ?, target = ?, status = ?, revision = revision + 1,"
        " saved_at = ? WHERE doc_id = ? AND idx = ?",
        (body, target, status, now, doc_id, current["idx"]),
    )
    return current["revision"] + 1


def write_body(conn, doc_id: str, current, body: str) -> bool:
    """Derived data only (hits, flags, machine translation): target, status and revision stay,
    so this never conflicts with a person's edit in another tab."""
    if current["body"] == body:
        return False
    conn.execute(
        "UPDATE segments SET body = ? WHERE doc_id = ? AND idx = ?", (body, doc_id, current["idx"])
    )
    return True


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
                action="save-document",
                history_limit=history_limit,
            )
        else:
            insert_segment(conn, doc_id, seg, now)
    for row in current.values():  # segments the new version no longer has
        if row["target"]:
            remember(conn, doc_id, row, now, REMOVED, "save-document", history_limit=history_limit)
        conn.execute("DELETE FROM segments WHERE doc_id = ? AND idx = ?", (doc_id, row["idx"]))


def renumber_segments(
    conn,
    doc_id: str,
    current: dict,
    segments: list[dict],
    now: str,
    *,
    action: str,
    history_limit: int,
) -> None:
    """Write a new list of segments matched by stable id (`current`: rows by sid): kept ones
    move and are rewritten, new ones are inserted, the rest removed (text to history)."""
    # Out of the way first: positions are a primary key and the new ones overlap the old.
    conn.execute("UPDATE segments SET idx = -1 - idx WHERE doc_id = ?", (doc_id,))
    wanted = {seg["id"] for seg in segments}
    for sid, row in current.items():
        if sid not in wanted:
            if row["target"]:
                remember(
                    conn,
                    doc_id,
                    {**row, "idx": -1 - row["idx"]},
                    now,
                    REMOVED,
                    action,
                    history_limit=history_limit,
                )
            conn.execute("DELETE FROM segments WHERE doc_id = ? AND sid = ?", (doc_id, sid))
    for seg in segments:
        row = current.get(seg["id"])
        if row is None:
            insert_segment(conn, doc_id, seg, now)
            continue
        conn.execute(
            "UPDATE segments SET idx = ? WHERE doc_id = ? AND sid = ?",
            (seg["index"], doc_id, seg["id"]),
        )
        fresh = {**dict(row), "idx": seg["index"]}
        write_segment(
            conn,
            doc_id,
            fresh,
            seg["target"],
            seg["status"],
            segment_body(seg),
            now,
            action=action,
            history_limit=history_limit,
        )


def insert_segment(conn, doc_id: str, seg: dict, now: str) -> str:
    """Insert a new segment at revision 1; returns its stable id (the segment's own, if any)."""
    from workbench.workspace_schema import new_segment_id

    sid = seg.get("id") or new_segment_id()
    conn.execute(
        "INSERT INTO segments (doc_id, idx, body, target, status, revision, saved_at, sid)"
        " VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
        (doc_id, seg["index"], segment_body(seg), seg["target"], seg["status"], now, sid),
    )
    return sid


def remember(
    conn, doc_id: str, row, now: str, reason: str, action: str, *, history_limit: int
) -> None:
    """Keep a text that stops being the segment's (row: idx, sid, target, status, revision,
    saved_at) in the history, newest `history_limit` per segment."""
    conn.execute(
        "INSERT INTO segment_history (doc_id, idx, sid, target, status, revision, saved_at,"
        " replaced_at, reason, action) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            doc_id,
            row["idx"],
            row["sid"],
            row["target"],
            row["status"],
            row["revision"],
            row["saved_at"],
            now,
            reason,
            action,
        ),
    )
    conn.execute(
        "DELETE FROM segment_history WHERE doc_id = ? AND sid = ? AND id NOT IN (SELECT id FROM"
        " segment_history WHERE doc_id = ? AND sid = ? ORDER BY id DESC LIMIT ?)",
        (doc_id, row["sid"], doc_id, row["sid"], history_limit),
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
    """What the segment row keeps as JSON: everything but the columns of its own."""
    return dumps({k: v for k, v in segment.items() if k not in ("id", "index", "target", "status")})


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


# -- error messages ----------------------------------------------------------------------

_ADVICE = (  # (words in SQLite's message, what to tell the person)
    (
        ("disk is full", "disk full", "no space"),
        "cannot be written: the disk is full ({}). Free some space on that disk and repeat "
        "the change; this change was not saved.",
    ),
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
