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
- The SQLite layer (schema, connections, transactions, row writes, error messages) is
  `workbench.workspace_db`; the constants and `WorkspaceError` defined there are re-exported here.

Nothing here imports Streamlit.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from workbench import workspace_db as db
from workbench.document import NEW, STATUSES, Document, Segment
from workbench.workspace_db import (  # re-exported: part of this module's contract
    BUSY_TIMEOUT_SECONDS,
    CONFLICT,
    ENV_VAR,
    OVERWRITTEN,
    REMOVED,
    WorkspaceError,
)
from workbench.workspace_schema import APPLICATION_ID, SCHEMA_VERSION, new_segment_id, open_schema

HISTORY_LIMIT = 50  # read at each write (not bound at import), so it can be changed at run time
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")

__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT_SECONDS",
    "CONFLICT",
    "ENV_VAR",
    "HISTORY_LIMIT",
    "OVERWRITTEN",
    "REMOVED",
    "SCHEMA_VERSION",
    "DocumentRecord",
    "EditConflict",
    "HistoryEntry",
    "SegmentConflict",
    "UnknownDocument",
    "Workspace",
    "WorkspaceError",
    "default_workspace_path",
]


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
    (a write rejected by EditConflict) | removed (dropped by a wholesale save); action: the
    gesture that replaced it (edit, confirm, reset, alternative, retranslate, add-term, import,
    replace, undo, machine...; empty for history kept before schema 2)."""

    index: int
    target: str
    status: str
    revision: int
    saved_at: datetime
    replaced_at: datetime
    reason: str
    action: str = ""


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
        open_schema(self.path)

    def __repr__(self) -> str:
        return f"Workspace({str(self.path)!r})"

    # -- documents -------------------------------------------------------------------------

    def save_document(
        self, document: Document, *, doc_id: str | None = None, meta: dict | None = None
    ) -> DocumentRecord:
        """Store a new document, or replace the one with `doc_id` (its meta kept if None)."""
        _check_segments(document.segments)
        doc_id = uuid.uuid4().hex if doc_id is None else _check_id(doc_id)
        for segment in document.segments:  # the identity a segment keeps through joins/splits
            segment.id = segment.id or new_segment_id()
        data = document.to_dict()
        segments = data.pop("segments")
        head, now = db.dumps(data), db.utc_now()
        with db.transaction(self.path, write=True) as conn:
            exists = conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if exists:
                conn.execute(
                    "UPDATE documents SET name = ?, head = ? WHERE id = ?",
                    (document.name, head, doc_id),
                )
                if meta is not None:
                    conn.execute(
                        "UPDATE documents SET meta = ? WHERE id = ?", (db.dumps(meta), doc_id)
                    )
                db.overwrite_segments(conn, doc_id, segments, now, history_limit=HISTORY_LIMIT)
                db.touch(conn, doc_id, now)
            else:
                conn.execute(
                    "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, 1,"
                    " (SELECT COALESCE(MAX(touched), 0) + 1 FROM documents))",
                    (doc_id, document.name, head, db.dumps(meta or {}), now, now),
                )
                for seg in segments:
                    db.insert_segment(conn, doc_id, seg, now)
            return self._record(conn, doc_id)

    def load(self, doc_id: str) -> tuple[Document, DocumentRecord]:
        with db.transaction(self.path, write=False) as conn:
            record = self._record(conn, doc_id)
            head = conn.execute("SELECT head FROM documents WHERE id = ?", (doc_id,)).fetchone()
            rows = conn.execute(
                "SELECT idx, sid, body, target, status FROM segments WHERE doc_id = ? ORDER BY idx",
                (doc_id,),
            ).fetchall()
        data = json.loads(head["head"])
        data["name"] = record.name
        data["segments"] = [
            {
                **json.loads(r["body"]),
                "id": r["sid"],
                "index": r["idx"],
                "target": r["target"],
                "status": r["status"],
            }
            for r in rows
        ]
        return Document.from_dict(data), record

    def record(self, doc_id: str) -> DocumentRecord:
        with db.transaction(self.path, write=False) as conn:
            return self._record(conn, doc_id)

    def list_documents(self) -> list[DocumentRecord]:
        with db.transaction(self.path, write=False) as conn:
            rows = db.record_rows(conn)
        return [_to_record(row) for row in rows]

    def rename(self, doc_id: str, name: str) -> DocumentRecord:
        name = name.strip() if isinstance(name, str) else ""
        if not name:
            raise WorkspaceError("A document name cannot be empty.")
        with db.transaction(self.path, write=True) as conn:
            self._require(conn, doc_id)
            conn.execute("UPDATE documents SET name = ? WHERE id = ?", (name, doc_id))
            db.touch(conn, doc_id, db.utc_now())
            return self._record(conn, doc_id)

    def update_meta(self, doc_id: str, meta: dict) -> DocumentRecord:
        """Replace the document's meta (e.g. the glossaries chosen for it)."""
        with db.transaction(self.path, write=True) as conn:
            self._require(conn, doc_id)
            conn.execute("UPDATE documents SET meta = ? WHERE id = ?", (db.dumps(meta), doc_id))
            db.touch(conn, doc_id, db.utc_now())
            return self._record(conn, doc_id)

    def save_original(self, doc_id: str, name: str, data: bytes) -> None:
        """Keep the file the document was imported from, to write it out again later."""
        with db.transaction(self.path, write=True) as conn:
            self._require(conn, doc_id)
            conn.execute("INSERT OR REPLACE INTO originals VALUES (?, ?, ?)", (doc_id, name, data))

    def original(self, doc_id: str) -> tuple[str, bytes] | None:
        """(file name, bytes) of the imported file, or None (text typed in, older documents)."""
        with db.transaction(self.path, write=False) as conn:
            self._require(conn, doc_id)
            row = conn.execute(
                "SELECT name, data FROM originals WHERE doc_id = ?", (doc_id,)
            ).fetchone()
        return (row["name"], bytes(row["data"])) if row else None

    def delete(self, doc_id: str) -> None:
        """Delete the document with its segments and history."""
        with db.transaction(self.path, write=True) as conn:
            self._require(conn, doc_id)
            conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    # -- segments --------------------------------------------------------------------------

    def update_segment(
        self,
        doc_id: str,
        index: int,
        *,
        target: str,
        status: str,
        expected_revision: int,
        segment: Segment | None = None,
        derived: Sequence[Segment] = (),
        action: str = "edit",
    ) -> int:
        """Write one segment's target and status (and, given `segment`, its hits, flags and
        the rest of it); returns that segment's new revision. `action` names the gesture in
        the history of the text it replaces. `derived`: other segments whose hits and flags
        changed with it, written in the same transaction (see `update_derived`)."""
        _check_edit(index, target, status)
        body = None if segment is None else db.segment_body(asdict(segment))
        now = db.utc_now()
        with db.transaction(self.path, write=True) as conn:
            name = self._require(conn, doc_id)
            current = db.current_segments(conn, doc_id, index).get(index)
            if current is None:
                raise WorkspaceError(f'Document "{name}" has no segment {index}.')
            conflict = _check_conflict(current, target, status, expected_revision)
            if conflict:
                _remember_rejected(conn, doc_id, conflict, current, now, action)
            else:
                revision = db.write_segment(
                    conn,
                    doc_id,
                    current,
                    target,
                    status,
                    body,
                    now,
                    action=action,
                    history_limit=HISTORY_LIMIT,
                )
                _write_derived(conn, doc_id, derived)
                if revision != current["revision"]:
                    db.touch(conn, doc_id, now)
        if conflict:  # raised after the commit, so the rejected text stays in the history
            raise EditConflict(doc_id, name, [conflict])
        return revision

    def replace_segments(
        self,
        doc_id: str,
        segments: list[Segment],
        *,
        expected_revisions: dict[int, int],
        action: str = "machine",
    ) -> dict[int, int]:
        """Replace whole segments (target, machine, hits, flags...), all or nothing; returns
        the new revision of each. Every segment needs its expected revision."""
        _check_segments(segments)
        missing = [s.index for s in segments if s.index not in expected_revisions]
        if missing:
            raise WorkspaceError(f"No expected revision given for segments {missing}.")
        now = db.utc_now()
        with db.transaction(self.path, write=True) as conn:
            name = self._require(conn, doc_id)
            current = db.current_segments(conn, doc_id)
            unknown = [s.index for s in segments if s.index not in current]
            if unknown:
                raise WorkspaceError(f'Document "{name}" has no segments {unknown}.')
            conflicts = [
                c
                for s in segments
                if (
                    c := _check_conflict(
                        current[s.index], s.target, s.status, expected_revisions[s.index]
                    )
                )
            ]
            for conflict in conflicts:
                _remember_rejected(conn, doc_id, conflict, current[conflict.index], now, action)
            if not conflicts:
                revisions = {
                    s.index: db.write_segment(
                        conn,
                        doc_id,
                        current[s.index],
                        s.target,
                        s.status,
                        db.segment_body(asdict(s)),
                        now,
                        action=action,
                        history_limit=HISTORY_LIMIT,
                    )
                    for s in segments
                }
                if any(revisions[i] != current[i]["revision"] for i in revisions):
                    db.touch(conn, doc_id, now)
        if conflicts:
            raise EditConflict(doc_id, name, conflicts)
        return revisions

    def store_machine(self, doc_id: str, segments: Sequence[Segment]) -> list[int]:
        """Machine translations arriving for segments a person may be editing meanwhile:
        a segment still untranslated ("new") when the write lock is taken is written whole (a
        new revision, as any edit); one a person wrote in meanwhile keeps their target and
        status and only gains the rest (machine translation, alternatives, hits). Returns
        the indexes written whole."""
        now = db.utc_now()
        written = []
        with db.transaction(self.path, write=True) as conn:
            self._require(conn, doc_id)
            current = db.current_segments(conn, doc_id)
            for segment in segments:
                row = current.get(segment.index)
                if row is None:
                    continue  # removed meanwhile (a join): nothing to add to
                body = db.segment_body(asdict(segment))
                if row["status"] == NEW:
                    db.write_segment(
                        conn,
                        doc_id,
                        row,
                        segment.target,
                        segment.status,
                        body,
                        now,
                        action="machine",
                        history_limit=HISTORY_LIMIT,
                    )
                    written.append(segment.index)
                else:
                    db.write_body(conn, doc_id, row, body)
            db.touch(conn, doc_id, now)
        return written

    def update_derived(self, doc_id: str, segments: Sequence[Segment]) -> None:
        """Store what is derived from a segment's text (hits with their statuses, flags,
        machine translation, alternatives) without touching its target, status or revision:
        never a conflict with a person's edit in another tab."""
        with db.transaction(self.path, write=True) as conn:
            self._require(conn, doc_id)
            _write_derived(conn, doc_id, segments)

    def restructure(
        self,
        doc_id: str,
        segments: list[Segment],
        *,
        expected_revisions: dict[str, int],
        action: str,
    ) -> dict[int, int]:
        """Replace the document's list of segments after a join or split, all or nothing.

        Segments are matched by their stable `id`: a kept one moves to its new position (its
        revision goes up if its text, status or body changed), one with a new id is inserted,
        one whose id is gone is removed (its text goes to the history). `expected_revisions`
        (by segment id) names the segments the change is built on: if any moved on meanwhile,
        nothing is written (`EditConflict`). Returns every segment's revision by position."""
        _check_segments(segments)
        if sorted(s.index for s in segments) != list(range(len(segments))):
            raise WorkspaceError("A restructured document needs positions 0, 1, 2, ... in order.")
        now = db.utc_now()
        with db.transaction(self.path, write=True) as conn:
            name = self._require(conn, doc_id)
            current = {row["sid"]: row for row in db.current_segments(conn, doc_id).values()}
            if any(sid not in current for sid in expected_revisions):
                raise WorkspaceError(
                    f'Document "{name}" no longer has the segments this change was built on; '
                    "reopen it and try again."
                )
            conflicts = [
                SegmentConflict(
                    row["idx"],
                    expected,
                    row["revision"],
                    row["target"],
                    row["status"],
                    row["target"],
                    row["status"],
                )
                for sid, expected in expected_revisions.items()
                if (row := current[sid])["revision"] != expected
            ]
            if not conflicts:
                db.renumber_segments(
                    conn,
                    doc_id,
                    current,
                    [asdict(s) for s in segments],
                    now,
                    action=action,
                    history_limit=HISTORY_LIMIT,
                )
                db.touch(conn, doc_id, now)
        if conflicts:
            raise EditConflict(doc_id, name, conflicts)
        return self.segment_revisions(doc_id)

    def segment_revisions(self, doc_id: str) -> dict[int, int]:
        with db.transaction(self.path, write=False) as conn:
            self._require(conn, doc_id)
            rows = conn.execute("SELECT idx, revision FROM segments WHERE doc_id = ?", (doc_id,))
            return {row["idx"]: row["revision"] for row in rows}

    def history(self, doc_id: str, index: int) -> list[HistoryEntry]:
        """Earlier targets of one segment, newest first."""
        with db.transaction(self.path, write=False) as conn:
            self._require(conn, doc_id)
            # The history of the segment now at `index` (followed by its stable id), and that of
            # a segment removed from that position.
            rows = conn.execute(
                "SELECT h.* FROM segment_history h WHERE h.doc_id = :doc AND (h.sid = (SELECT"
                " sid FROM segments WHERE doc_id = :doc AND idx = :idx) OR (h.idx = :idx AND"
                " NOT EXISTS (SELECT 1 FROM segments s WHERE s.doc_id = :doc AND s.sid = h.sid)))"
                " ORDER BY h.id DESC",
                {"doc": doc_id, "idx": index},
            ).fetchall()
        return [
            HistoryEntry(
                r["idx"],
                r["target"],
                r["status"],
                r["revision"],
                datetime.fromisoformat(r["saved_at"]),
                datetime.fromisoformat(r["replaced_at"]),
                r["reason"],
                r["action"],
            )
            for r in rows
        ]

    # -- lookups ---------------------------------------------------------------------------

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
        return _to_record(db.record_rows(conn, doc_id)[0])


def _check_conflict(current, target: str, status: str, expected: int) -> SegmentConflict | None:
    """A conflict: the segment moved on since `expected` and holds something else."""
    if current["revision"] == expected:
        return None
    if (current["target"], current["status"]) == (target, status):
        return None
    return SegmentConflict(
        current["idx"],
        expected,
        current["revision"],
        current["target"],
        current["status"],
        target,
        status,
    )


# -- helpers (all run inside a transaction opened by Workspace) ---------------------------


def _remember_rejected(
    conn, doc_id: str, conflict: SegmentConflict, current, now: str, action: str
) -> None:
    """The text a conflict kept from being written goes to the segment's history."""
    if conflict.attempted_target:
        row = {
            "idx": conflict.index,
            "sid": current["sid"],
            "target": conflict.attempted_target,
            "status": conflict.attempted_status,
            "revision": conflict.expected_revision,
            "saved_at": now,
        }
        db.remember(conn, doc_id, row, now, CONFLICT, action, history_limit=HISTORY_LIMIT)


def _write_derived(conn, doc_id: str, segments: Sequence[Segment]) -> None:
    if not segments:
        return
    current = db.current_segments(conn, doc_id)
    for segment in segments:
        if segment.index in current:
            db.write_body(conn, doc_id, current[segment.index], db.segment_body(asdict(segment)))


def _to_record(row: sqlite3.Row) -> DocumentRecord:
    return DocumentRecord(
        row["id"],
        row["name"],
        datetime.fromisoformat(row["created"]),
        datetime.fromisoformat(row["updated"]),
        row["revision"],
        row["segment_count"],
        row["translated_count"],
        row["edited_count"],
        row["confirmed_count"],
        json.loads(row["meta"]),
    )


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
