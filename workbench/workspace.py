"""The workspace: an SQLite file that keeps every document a translator works on.

Contract:
- `default_workspace_path()` is `$WORKBENCH_WORKSPACE` if set (read at call time), else
  `<platformdirs user data dir>/workbench/workspace.sqlite3`. Nothing happens at import; folders
  and the file are created when a `Workspace` is opened.
- `Workspace(path)` opens (or creates) the file. Each call uses its own short-lived connection
  (WAL journal, busy timeout, synchronous=FULL), so one `Workspace` may be shared by threads
  (Streamlit sessions) and several processes may open the same file.
- `save_document(document)` stores a new document (id = uuid4 hex, revision 1, every segment at
  revision 1). Saving with an existing `doc_id` replaces that document wholesale.
- `load(doc_id)` -> `(Document, DocumentRecord)`: every field exactly as saved.
- `list_documents()` -> `DocumentRecord`s, most recently changed first.
- Every segment has its own revision. `update_segment(..., expected_revision=n)` writes only if
  the stored revision is still n and returns the new one; otherwise it raises `EditConflict`,
  which carries both versions (saved and attempted) so the UI can let the person choose; to keep
  theirs, write again with `expected_revision=conflict.stored_revision`. Writing exactly what
  is stored is never a conflict (two tabs typing the same fix). `replace_segments` does the same
  for many segments at once, all or nothing. Each write is one transaction.
- Nothing a person typed is lost: an overwritten target, a target rejected by a conflict and the
  target of a segment dropped by a wholesale save all go to the segment history
  (`history(doc_id, index)`, newest first, the last `HISTORY_LIMIT` per segment).
- Every problem is a `WorkspaceError` whose message names the file and says what to do
  (`UnknownDocument`, `EditConflict` are subclasses).

Nothing here imports Streamlit.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from workbench.document import CONFIRMED, EDITED, NEW, STATUSES, Document, Segment

ENV_VAR = "WORKBENCH_WORKSPACE"
SCHEMA_VERSION = 1
APPLICATION_ID = 0x576B426E  # "WkBn" in the SQLite header: tells our files from other databases
BUSY_TIMEOUT_SECONDS = 15.0
HISTORY_LIMIT = 50
OVERWRITTEN, CONFLICT, REMOVED = "overwritten", "conflict", "removed"  # history reasons
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")

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


class WorkspaceError(Exception):
    """A problem with the workspace file or a request to it; the message is for people."""


class UnknownDocument(WorkspaceError):
    """No document with that id (never saved, or deleted, perhaps in another tab)."""


@dataclass(frozen=True)
class SegmentConflict:
    """One segment that changed since the writer loaded it: both versions, nothing lost."""

    index: int
    expected_revision: int
    stored_revision: int
    stored_target: str
    stored_status: str
    attempted_target: str
    attempted_status: str


class EditConflict(WorkspaceError):
    """Segments were changed elsewhere (another tab, window or process); nothing was written."""

    def __init__(self, doc_id: str, document_name: str, conflicts: list[SegmentConflict]):
        self.doc_id = doc_id
        self.document_name = document_name
        self.conflicts = conflicts
        super().__init__(_conflict_message(document_name, conflicts))

    @property
    def conflict(self) -> SegmentConflict:
        """The first (for update_segment: the only) conflict."""
        return self.conflicts[0]


@dataclass(frozen=True)
class DocumentRecord:
    """What the documents list shows. edited_count counts edited and confirmed segments (like
    `Segment.edited`); translated_count every segment that is not new."""

    id: str
    name: str
    created: datetime
    updated: datetime
    revision: int  # goes up with every change to the document
    segment_count: int
    translated_count: int
    edited_count: int
    confirmed_count: int
    meta: dict = field(default_factory=dict)


@dataclass(frozen=True)
class HistoryEntry:
    """An earlier target of a segment. saved_at: when that text was saved (or attempted);
    replaced_at: when it stopped being the segment's target; reason: overwritten | conflict
    (a write rejected by EditConflict) | removed (dropped by a wholesale save)."""

    index: int
    target: str
    status: str
    revision: int
    saved_at: datetime
    replaced_at: datetime
    reason: str


def default_workspace_path() -> Path:
    """$WORKBENCH_WORKSPACE, else the per-user data folder. Creates nothing."""
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        return Path(configured).expanduser()
    import platformdirs  # only when needed: importing this module stays cheap

    return platformdirs.user_data_path("workbench", appauthor=False) / "workspace.sqlite3"


class Workspace:
    """All documents in one SQLite file; safe to share between threads and processes."""

    def __init__(self, path: Path | str):
        self.path = Path(path).expanduser()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise WorkspaceError(
                f"Cannot create the folder for the workspace {self.path}: {err.strerror or err}. "
                f"Set {ENV_VAR} to a writable location."
            ) from None
        self._open_schema()

    def __repr__(self) -> str:
        return f"Workspace({str(self.path)!r})"

    # -- documents -------------------------------------------------------------------------

    def save_document(
        self, document: Document, *, doc_id: str | None = None, meta: dict | None = None
    ) -> DocumentRecord:
        """Store a new document, or replace the one with `doc_id` (its meta kept if None)."""
        _check_segments(document.segments)
        doc_id = uuid.uuid4().hex if doc_id is None else _check_id(doc_id)
        data = document.to_dict()
        segments = data.pop("segments")
        head, now = _dumps(data), _now()
        with self._transaction(write=True) as conn:
            exists = conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if exists:
                conn.execute("UPDATE documents SET name = ?, head = ? WHERE id = ?",
                             (document.name, head, doc_id))
                if meta is not None:
                    conn.execute("UPDATE documents SET meta = ? WHERE id = ?",
                                 (_dumps(meta), doc_id))
                _overwrite_segments(conn, doc_id, segments, now)
                _touch(conn, doc_id, now)
            else:
                conn.execute(
                    "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, 1,"
                    " (SELECT COALESCE(MAX(touched), 0) + 1 FROM documents))",
                    (doc_id, document.name, head, _dumps(meta or {}), now, now),
                )
                for seg in segments:
                    _insert_segment(conn, doc_id, seg, now)
            return self._record(conn, doc_id)

    def load(self, doc_id: str) -> tuple[Document, DocumentRecord]:
        with self._transaction(write=False) as conn:
            record = self._record(conn, doc_id)
            head = conn.execute("SELECT head FROM documents WHERE id = ?", (doc_id,)).fetchone()
            rows = conn.execute(
                "SELECT idx, body, target, status FROM segments WHERE doc_id = ? ORDER BY idx",
                (doc_id,),
            ).fetchall()
        data = json.loads(head["head"])
        data["name"] = record.name
        data["segments"] = [
            {**json.loads(r["body"]), "index": r["idx"], "target": r["target"],
             "status": r["status"]}
            for r in rows
        ]
        return Document.from_dict(data), record

    def record(self, doc_id: str) -> DocumentRecord:
        with self._transaction(write=False) as conn:
            return self._record(conn, doc_id)

    def list_documents(self) -> list[DocumentRecord]:
        with self._transaction(write=False) as conn:
            rows = conn.execute(_RECORD_SQL.format(where=""), _COUNT_STATUSES).fetchall()
        return [_to_record(row) for row in rows]

    def rename(self, doc_id: str, name: str) -> DocumentRecord:
        name = name.strip() if isinstance(name, str) else ""
        if not name:
            raise WorkspaceError("A document name cannot be empty.")
        with self._transaction(write=True) as conn:
            self._require(conn, doc_id)
            conn.execute("UPDATE documents SET name = ? WHERE id = ?", (name, doc_id))
            _touch(conn, doc_id, _now())
            return self._record(conn, doc_id)

    def update_meta(self, doc_id: str, meta: dict) -> DocumentRecord:
        """Replace the document's meta (e.g. the glossaries chosen for it)."""
        with self._transaction(write=True) as conn:
            self._require(conn, doc_id)
            conn.execute("UPDATE documents SET meta = ? WHERE id = ?", (_dumps(meta), doc_id))
            _touch(conn, doc_id, _now())
            return self._record(conn, doc_id)

    def delete(self, doc_id: str) -> None:
        """Delete the document with its segments and history."""
        with self._transaction(write=True) as conn:
            self._require(conn, doc_id)
            conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    # -- segments --------------------------------------------------------------------------

    def update_segment(
        self, doc_id: str, index: int, *, target: str, status: str, expected_revision: int
    ) -> int:
        """Write one segment's target and status; returns that segment's new revision."""
        _check_edit(index, target, status)
        now = _now()
        with self._transaction(write=True) as conn:
            name = self._require(conn, doc_id)
            current = _current_segments(conn, doc_id, index).get(index)
            if current is None:
                raise WorkspaceError(f'Document "{name}" has no segment {index}.')
            conflict = _check_conflict(current, target, status, expected_revision)
            if conflict:
                _remember_rejected(conn, doc_id, conflict, now)
            else:
                revision = _write_segment(conn, doc_id, current, target, status, None, now)
                if revision != current["revision"]:
                    _touch(conn, doc_id, now)
        if conflict:  # raised after the commit, so the rejected text stays in the history
            raise EditConflict(doc_id, name, [conflict])
        return revision

    def replace_segments(
        self, doc_id: str, segments: list[Segment], *, expected_revisions: dict[int, int]
    ) -> dict[int, int]:
        """Replace whole segments (target, machine, hits, flags...), all or nothing; returns
        the new revision of each. Every segment needs its expected revision."""
        _check_segments(segments)
        missing = [s.index for s in segments if s.index not in expected_revisions]
        if missing:
            raise WorkspaceError(f"No expected revision given for segments {missing}.")
        now = _now()
        with self._transaction(write=True) as conn:
            name = self._require(conn, doc_id)
            current = _current_segments(conn, doc_id)
            unknown = [s.index for s in segments if s.index not in current]
            if unknown:
                raise WorkspaceError(f'Document "{name}" has no segments {unknown}.')
            conflicts = [c for s in segments if (c := _check_conflict(
                current[s.index], s.target, s.status, expected_revisions[s.index]))]
            for conflict in conflicts:
                _remember_rejected(conn, doc_id, conflict, now)
            if not conflicts:
                revisions = {
                    s.index: _write_segment(conn, doc_id, current[s.index], s.target, s.status,
                                            _body(asdict(s)), now)
                    for s in segments
                }
                if any(revisions[i] != current[i]["revision"] for i in revisions):
                    _touch(conn, doc_id, now)
        if conflicts:
            raise EditConflict(doc_id, name, conflicts)
        return revisions

    def segment_revisions(self, doc_id: str) -> dict[int, int]:
        with self._transaction(write=False) as conn:
            self._require(conn, doc_id)
            rows = conn.execute("SELECT idx, revision FROM segments WHERE doc_id = ?", (doc_id,))
            return {row["idx"]: row["revision"] for row in rows}

    def history(self, doc_id: str, index: int) -> list[HistoryEntry]:
        """Earlier targets of one segment, newest first."""
        with self._transaction(write=False) as conn:
            self._require(conn, doc_id)
            rows = conn.execute(
                "SELECT * FROM segment_history WHERE doc_id = ? AND idx = ? ORDER BY id DESC",
                (doc_id, index),
            ).fetchall()
        return [
            HistoryEntry(r["idx"], r["target"], r["status"], r["revision"],
                         datetime.fromisoformat(r["saved_at"]),
                         datetime.fromisoformat(r["replaced_at"]), r["reason"])
            for r in rows
        ]

    # -- connections -----------------------------------------------------------------------

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[sqlite3.Connection]:
        """One connection, one transaction. IMMEDIATE takes the write lock up front, so the
        revision read and the write that depends on it cannot interleave with another writer."""
        try:
            with closing(self._connect()) as conn:
                conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                try:
                    yield conn
                except BaseException:
                    conn.rollback()
                    raise
                conn.execute("COMMIT")
        except sqlite3.Error as err:
            raise _workspace_error(self.path, err) from None

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")  # an edit acknowledged is an edit on disk
        return conn

    def _open_schema(self) -> None:
        version = self._schema_version(write=False)  # refuses foreign files before any change
        try:
            with closing(self._connect()) as conn:
                if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.Error as err:
            raise _workspace_error(self.path, err) from None
        if version != SCHEMA_VERSION:
            self._schema_version(write=True)  # first open: create under the write lock

    def _schema_version(self, *, write: bool) -> int | None:
        with self._transaction(write=write) as conn:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
            if app_id == 0 and tables == 0:
                if not write:
                    return None
                _create_schema(conn)
                return SCHEMA_VERSION
            if app_id != APPLICATION_ID:
                raise WorkspaceError(
                    f"{self.path} is an SQLite database but not a workbench workspace. "
                    f"Set {ENV_VAR} to another file name; this file was left untouched."
                )
            version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
            if version is None:
                raise WorkspaceError(
                    f"The workspace {self.path} is damaged (no schema version). Restore it from "
                    "a backup, or move it away to start a new workspace."
                )
            if version > SCHEMA_VERSION:
                raise WorkspaceError(
                    f"The workspace {self.path} was written by a newer workbench (schema "
                    f"{version}, this one knows {SCHEMA_VERSION}). Update workbench."
                )
            return version  # older versions: migrations go here when schema 2 exists

    def _require(self, conn: sqlite3.Connection, doc_id: str) -> str:
        row = conn.execute("SELECT name FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise UnknownDocument(
                f"No document with id {doc_id!r} in the workspace {self.path}. It may have been "
                "deleted in another tab; reopen it from the documents list."
            )
        return row["name"]

    def _record(self, conn: sqlite3.Connection, doc_id: str) -> DocumentRecord:
        self._require(conn, doc_id)
        sql = _RECORD_SQL.format(where="WHERE d.id = :id")
        return _to_record(conn.execute(sql, {**_COUNT_STATUSES, "id": doc_id}).fetchone())


# -- helpers (all run inside a transaction opened by Workspace) ---------------------------


def _create_schema(conn: sqlite3.Connection) -> None:
    # executescript would COMMIT our transaction; run the statements one by one instead.
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _current_segments(conn: sqlite3.Connection, doc_id: str, index: int | None = None) -> dict:
    """The stored rows of one segment, or of all (index None), by index."""
    sql = "SELECT idx, body, target, status, revision, saved_at FROM segments WHERE doc_id = ?"
    args: tuple = (doc_id,)
    if index is not None:
        sql, args = sql + " AND idx = ?", (doc_id, index)
    return {row["idx"]: row for row in conn.execute(sql, args)}


def _check_conflict(current, target: str, status: str, expected: int) -> SegmentConflict | None:
    """A conflict: the segment moved on since `expected` and holds something else."""
    if current["revision"] == expected:
        return None
    if (current["target"], current["status"]) == (target, status):
        return None
    return SegmentConflict(current["idx"], expected, current["revision"], current["target"],
                           current["status"], target, status)


def _write_segment(conn, doc_id: str, current, target: str, status: str,
                   body: str | None, now: str) -> int:
    """Write one segment (body None: keep it); returns its revision, unchanged if nothing is."""
    body = current["body"] if body is None else body
    if (current["target"], current["status"], current["body"]) == (target, status, body):
        return current["revision"]
    if current["target"] and current["target"] != target:
        _remember(conn, doc_id, current["idx"], current["target"], current["status"],
                  current["revision"], current["saved_at"], now, OVERWRITTEN)
    conn.execute(
        "UPDATE segments SET body = ?, target = ?, status = ?, revision = revision + 1,"
        " saved_at = ? WHERE doc_id = ? AND idx = ?",
        (body, target, status, now, doc_id, current["idx"]),
    )
    return current["revision"] + 1


def _overwrite_segments(conn, doc_id: str, segments: list[dict], now: str) -> None:
    current = _current_segments(conn, doc_id)
    for seg in segments:
        if seg["index"] in current:
            _write_segment(conn, doc_id, current.pop(seg["index"]), seg["target"],
                           seg["status"], _body(seg), now)
        else:
            _insert_segment(conn, doc_id, seg, now)
    for index, row in current.items():  # segments the new version no longer has
        if row["target"]:
            _remember(conn, doc_id, index, row["target"], row["status"], row["revision"],
                      row["saved_at"], now, REMOVED)
        conn.execute("DELETE FROM segments WHERE doc_id = ? AND idx = ?", (doc_id, index))


def _insert_segment(conn, doc_id: str, seg: dict, now: str) -> None:
    conn.execute("INSERT INTO segments VALUES (?, ?, ?, ?, ?, 1, ?)",
                 (doc_id, seg["index"], _body(seg), seg["target"], seg["status"], now))


def _remember_rejected(conn, doc_id: str, conflict: SegmentConflict, now: str) -> None:
    if conflict.attempted_target:
        _remember(conn, doc_id, conflict.index, conflict.attempted_target,
                  conflict.attempted_status, conflict.expected_revision, now, now, CONFLICT)


def _remember(conn, doc_id, index, target, status, revision, saved_at, now, reason) -> None:
    conn.execute("INSERT INTO segment_history (doc_id, idx, target, status, revision, saved_at,"
                 " replaced_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (doc_id, index, target, status, revision, saved_at, now, reason))
    conn.execute(  # keep the history small: the newest HISTORY_LIMIT entries per segment
        "DELETE FROM segment_history WHERE doc_id = ? AND idx = ? AND id NOT IN (SELECT id FROM"
        " segment_history WHERE doc_id = ? AND idx = ? ORDER BY id DESC LIMIT ?)",
        (doc_id, index, doc_id, index, HISTORY_LIMIT),
    )


def _touch(conn: sqlite3.Connection, doc_id: str, now: str) -> None:
    conn.execute(
        "UPDATE documents SET revision = revision + 1, updated = ?,"
        " touched = (SELECT MAX(touched) + 1 FROM documents) WHERE id = ?",
        (now, doc_id),
    )


def _to_record(row: sqlite3.Row) -> DocumentRecord:
    return DocumentRecord(
        row["id"], row["name"], datetime.fromisoformat(row["created"]),
        datetime.fromisoformat(row["updated"]), row["revision"], row["segment_count"],
        row["translated_count"], row["edited_count"], row["confirmed_count"],
        json.loads(row["meta"]),
    )


def _body(segment: dict) -> str:
    return _dumps({k: v for k, v in segment.items() if k not in ("index", "target", "status")})


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _check_id(doc_id: str) -> str:
    if not isinstance(doc_id, str) or not _ID.fullmatch(doc_id):
        raise WorkspaceError(f"Invalid document id {doc_id!r}: use 1-64 letters, digits, - or _.")
    return doc_id


def _check_edit(index: int, target: str, status: str) -> None:
    if not isinstance(index, int) or isinstance(index, bool):
        raise WorkspaceError(f"A segment index must be a whole number, not {index!r}.")
    if not isinstance(target, str):
        raise WorkspaceError(
            f"Segment {index}: the target must be text, not {type(target).__name__}."
        )
    if status not in STATUSES:
        raise WorkspaceError(
            f"Segment {index}: unknown status {status!r} (use one of {', '.join(STATUSES)})."
        )


def _check_segments(segments: list[Segment]) -> None:
    seen: set[int] = set()
    for seg in segments:
        _check_edit(seg.index, seg.target, seg.status)
        if seg.index in seen:
            raise WorkspaceError(f"Segment index {seg.index} appears twice.")
        seen.add(seg.index)


def _conflict_message(name: str, conflicts: list[SegmentConflict]) -> str:
    lines = [
        f'{len(conflicts)} segment(s) of "{name}" were changed in another tab, window or '
        "process after you loaded them. Nothing was overwritten; choose the version to keep "
        "and save it again with the revision shown."
    ]
    for c in conflicts[:5]:
        lines.append(
            f"Segment {c.index} (you started from revision {c.expected_revision}, it is now at "
            f"revision {c.stored_revision}):"
            f"\n  saved: {_quote(c.stored_target)} [{c.stored_status}]"
            f"\n  yours: {_quote(c.attempted_target)} [{c.attempted_status}]"
        )
    if len(conflicts) > 5:
        lines.append(f"...and {len(conflicts) - 5} more segment(s).")
    return "\n".join(lines)


def _quote(text: str, limit: int = 300) -> str:
    return json.dumps(text if len(text) <= limit else text[:limit] + "…", ensure_ascii=False)


_ADVICE = (  # (words in SQLite's message, what to tell the person)
    (("file is not a database",), "is not a workbench workspace (not an SQLite database). Set "
     f"{ENV_VAR} to another file name, or move this file away; it was left untouched."),
    (("malformed", "corrupt"), "is damaged ({}). Restore it from a backup, or move it away to "
     "start a new workspace."),
    (("readonly", "read-only"), "is read-only ({}). Make the file and its folder writable, or set "
     f"{ENV_VAR} to a writable location."),
    (("locked", "busy"), f"stayed locked by another process for over {BUSY_TIMEOUT_SECONDS:.0f} s "
     "({}). Close other workbench instances and try again."),
    (("unable to open",), "cannot be opened ({}). Check that it is a file in a folder you can "
     f"write to, or set {ENV_VAR} to another location."),
)


def _workspace_error(path: Path, err: sqlite3.Error) -> WorkspaceError:
    """Turn SQLite's terse errors into a message naming the file and what to do."""
    text = str(err)
    advice = next((a for words, a in _ADVICE if any(w in text for w in words)), "failed ({}).")
    return WorkspaceError(f"The workspace {path} {advice.format(text)}")
