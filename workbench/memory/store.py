"""The translation memory's storage: memories and units in the workspace database (schema 4).

Contract:
- `TranslationMemory(workspace)` reads and writes the memory tables of a workspace file
  (`workbench.workspace_schema`); each call is one short transaction, like the workspace's.
- The workspace's own memory is called "workspace" (`WORKSPACE_MEMORY`). `record(doc_id,
  document, index)` keeps exactly one unit per segment in it: a confirmed or edited segment
  (`RECORDED`) is inserted or replaced (its German, English, the normalised German of its
  neighbours, the document's name, the date, the status); any other status removes the unit.
  So an edit replaces the unit, never appends one.
- Imported memories (`add_memory(name, units, origin=...)`) hold units of their own; a name is
  unique, and `replace=True` swaps an existing memory for the new units in one transaction
  (all or nothing).
- `exact(norms)` finds units by normalised German (workbench.memory.text.normalise); the best
  first: context matches are chosen by the caller, then confirmed and imported units before
  merely edited ones, then the newest.
- `fuzzy(text, threshold, limit)` returns (Scores, Unit) pairs scoring at least `threshold`
  (OmegaT-like, see text.scores), best first. Candidates come from the FTS5 index: the
  sentence's rarest tokens, as many as a match at the threshold must share at least one of
  (it may lose at most (100 - threshold)% of its tokens), ranked by bm25, at most
  `CANDIDATES`; rapidfuzz scores those.
- `search(text)` is concordance search: units whose German or English contain the words of
  `text` as a phrase (FTS5, case and accents ignored), newest first.
- Every SQLite problem is a `WorkspaceError` naming the file (workspace_db.transaction).
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from workbench import workspace_db as db
from workbench.document import CONFIRMED, EDITED, Document
from workbench.glossary.vocabulary import STOPWORDS
from workbench.memory.text import Scores, normalise, scores, similarity, tokens
from workbench.workspace import Workspace, WorkspaceError

WORKSPACE_MEMORY = "workspace"
WORKSPACE_KIND, TMX_KIND = "workspace", "tmx"
RECORDED = (CONFIRMED, EDITED)
CANDIDATES = 60  # units scored per sentence at most (the prefilter's best by bm25)
STRONG = 90  # a match this good, found among the rarest tokens' units, ends the search
_UNIT_COLUMNS = (
    "u.id, u.source, u.target, m.name AS memory, u.document, u.status, u.changed,"
    " u.prev_norm, u.next_norm, u.norm"
)
_FTS_WORD = re.compile(r"\w+")  # how FTS5's unicode61 tokenizer cuts text
_STATUS_RANK = {CONFIRMED: 0, "": 0, EDITED: 1}


@dataclass(frozen=True)
class MemoryInfo:
    name: str
    kind: str  # workspace | tmx
    created: str
    origin: str  # the imported file's name
    units: int


@dataclass(frozen=True)
class Unit:
    id: int
    source: str
    target: str
    memory: str
    document: str
    status: str  # confirmed | edited (recorded from a segment); "" imported
    changed: str
    prev_norm: str = ""
    next_norm: str = ""
    norm: str = ""


@dataclass(frozen=True)
class NewUnit:
    """A unit to import: German, English and what is known about it."""

    source: str
    target: str
    document: str = ""
    changed: str = ""
    prev_source: str = ""
    next_source: str = ""


class TranslationMemory:
    def __init__(self, workspace: Workspace | Path | str):
        self.workspace = workspace if isinstance(workspace, Workspace) else Workspace(workspace)
        self.path = self.workspace.path

    # -- memories ----------------------------------------------------------------------------
    def memories(self) -> list[MemoryInfo]:
        with db.transaction(self.path, write=False) as conn:
            rows = conn.execute(
                "SELECT m.name, m.kind, m.created, m.origin, (SELECT COUNT(*) FROM memory_units u"
                " WHERE u.memory_id = m.id) AS units FROM memories m ORDER BY m.kind DESC, m.name"
            ).fetchall()
        return [
            MemoryInfo(r["name"], r["kind"], r["created"], r["origin"], r["units"]) for r in rows
        ]

    def add_memory(
        self, name: str, units: Iterable[NewUnit], *, origin: str = "", replace: bool = False
    ) -> int:
        """Import `units` as the memory `name`; returns how many were stored. Raises
        WorkspaceError if the name is taken (and not `replace`) or is the workspace's own."""
        name = " ".join(name.split())
        if not name:
            raise WorkspaceError("A memory needs a name.")
        if name == WORKSPACE_MEMORY:
            raise WorkspaceError(
                f'"{WORKSPACE_MEMORY}" is the memory of your own confirmed segments; '
                "give the imported memory another name."
            )
        now = db.utc_now()
        with db.transaction(self.path, write=True) as conn:
            old = conn.execute("SELECT id FROM memories WHERE name = ?", (name,)).fetchone()
            if old is not None and not replace:
                raise WorkspaceError(
                    f'A memory named "{name}" exists already. Choose another name, or replace '
                    "it (tm import --replace)."
                )
            if old is not None:
                conn.execute("DELETE FROM memory_units WHERE memory_id = ?", (old["id"],))
                conn.execute("DELETE FROM memories WHERE id = ?", (old["id"],))
            memory_id = conn.execute(
                "INSERT INTO memories (name, kind, created, origin) VALUES (?, ?, ?, ?)",
                (name, TMX_KIND, now, origin),
            ).lastrowid
            count = 0
            batch: list[tuple] = []
            for unit in units:
                batch.append(
                    (
                        memory_id,
                        unit.source,
                        unit.target,
                        normalise(unit.source),
                        normalise(unit.prev_source),
                        normalise(unit.next_source),
                        unit.document,
                        unit.changed or now,
                    )
                )
                if len(batch) >= 2000:
                    count += _insert_units(conn, batch)
                    batch = []
            count += _insert_units(conn, batch)
        return count

    def delete_memory(self, name: str) -> None:
        with db.transaction(self.path, write=True) as conn:
            row = conn.execute("SELECT id FROM memories WHERE name = ?", (name,)).fetchone()
            if row is None:
                raise WorkspaceError(f'There is no memory named "{name}".')
            conn.execute("DELETE FROM memory_units WHERE memory_id = ?", (row["id"],))
            conn.execute("DELETE FROM memories WHERE id = ?", (row["id"],))

    def units(self, memory: str | None = None) -> Iterator[Unit]:
        """Every unit (of one memory, or of all), oldest first: for exports."""
        where, args = ("WHERE m.name = ?", (memory,)) if memory else ("", ())
        with db.transaction(self.path, write=False) as conn:
            if (
                memory
                and not conn.execute("SELECT 1 FROM memories WHERE name = ?", (memory,)).fetchone()
            ):
                raise WorkspaceError(f'There is no memory named "{memory}".')
            cursor = conn.execute(
                f"SELECT {_UNIT_COLUMNS} FROM memory_units u JOIN memories m ON m.id = u.memory_id"
                f" {where} ORDER BY u.id",
                args,
            )
            for row in cursor:
                yield _unit(row)

    # -- recording segments --------------------------------------------------------------------
    def record(self, doc_id: str, document: Document, index: int) -> None:
        """The segment's unit in the workspace memory follows the segment (see the contract)."""
        segment = document.segments[index]
        if not segment.id:
            return
        with db.transaction(self.path, write=True) as conn:
            if segment.status not in RECORDED or not segment.target.strip():
                conn.execute(
                    "DELETE FROM memory_units WHERE doc_id = ? AND sid = ?", (doc_id, segment.id)
                )
                return
            segments = document.segments
            before = segments[index - 1].source if index > 0 else ""
            after = segments[index + 1].source if index + 1 < len(segments) else ""
            values = (
                segment.source,
                segment.target,
                normalise(segment.source),
                normalise(before),
                normalise(after),
                document.name,
                segment.status,
                db.utc_now(),
            )
            updated = conn.execute(
                "UPDATE memory_units SET source = ?, target = ?, norm = ?, prev_norm = ?,"
                " next_norm = ?, document = ?, status = ?, changed = ? WHERE doc_id = ? AND sid = ?",
                (*values, doc_id, segment.id),
            ).rowcount
            if not updated:
                conn.execute(
                    "INSERT INTO memory_units (memory_id, source, target, norm, prev_norm,"
                    " next_norm, document, status, changed, doc_id, sid)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (_workspace_memory(conn), *values, doc_id, segment.id),
                )

    # -- lookups -------------------------------------------------------------------------------
    def exact(self, norms: Sequence[str]) -> dict[str, list[Unit]]:
        """Units by normalised German, best first (confirmed/imported, then edited; newest)."""
        wanted = sorted({n for n in norms if n})
        found: dict[str, list[Unit]] = {}
        with db.transaction(self.path, write=False) as conn:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                rows = conn.execute(
                    f"SELECT {_UNIT_COLUMNS} FROM memory_units u JOIN memories m"
                    f" ON m.id = u.memory_id WHERE u.norm IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
                for row in rows:
                    found.setdefault(row["norm"], []).append(_unit(row))
        for units in found.values():
            units.sort(key=lambda u: u.changed, reverse=True)
            units.sort(key=lambda u: _STATUS_RANK.get(u.status, 1))
        return found

    def fuzzy(self, text: str, threshold: int = 75, limit: int = 3) -> list[tuple[Scores, Unit]]:
        return self.fuzzy_many([text], threshold, limit)[0]

    def fuzzy_many(
        self, texts: Sequence[str], threshold: int = 75, limit: int = 3
    ) -> list[list[tuple[Scores, Unit]]]:
        """`fuzzy` for several sentences in one read transaction."""
        results: list[list[tuple[Scores, Unit]]] = []
        with db.transaction(self.path, write=False) as conn:
            for text in texts:
                results.append(_fuzzy(conn, text, threshold, limit))
        return results

    def search(self, text: str, limit: int = 50) -> list[Unit]:
        """Concordance: units with the words of `text` as a phrase in their German or English."""
        words = [w for w in tokens(text) if not w.startswith(("<", "{"))]
        if not words:
            return []
        phrase = '"' + " ".join(words).replace('"', '""') + '"'
        with db.transaction(self.path, write=False) as conn:
            rows = conn.execute(
                f"SELECT {_UNIT_COLUMNS} FROM memory_fts f JOIN memory_units u ON u.id = f.rowid"
                " JOIN memories m ON m.id = u.memory_id WHERE memory_fts MATCH ?"
                " ORDER BY u.changed DESC, u.id DESC LIMIT ?",
                (phrase, limit),
            ).fetchall()
        return [_unit(row) for row in rows]


def _fuzzy(conn: sqlite3.Connection, text: str, threshold: int, limit: int):
    query = list(dict.fromkeys(_fts_term(w) for w in _FTS_WORD.findall(normalise(text))))
    if not query:
        return []
    frequency = {}
    for token in query:
        if token in _COMMON:  # never among the rarest; counting them is the costly part
            frequency[token] = _COUNT_CAP + 1
            continue
        # counted up to a cap: which tokens are rarest is all the prefilter needs
        found = conn.execute(
            "SELECT COUNT(*) FROM (SELECT rowid FROM memory_fts WHERE memory_fts MATCH ? LIMIT ?)",
            ('source : "' + token.replace('"', '""') + '"', _COUNT_CAP),
        ).fetchone()[0]
        if found:
            frequency[token] = found
    if not frequency:
        return []
    rarity = sorted(frequency, key=lambda t: (frequency[t], -len(t)))
    mine = tokens(text)
    scored: list[tuple[Scores, Unit]] = []
    for level in (STRONG, threshold) if threshold < STRONG else (threshold,):
        # A match at `level` keeps at least level% of the sentence's tokens, so it has at
        # least one of the `needed` rarest ones: first look for strong matches among the few
        # rarest tokens' units; only when there is none, among the many of the threshold.
        needed = len(query) * (100 - level) // max(level, 1) + 1
        scored = _scored(conn, text, mine, rarity[:needed], threshold)
        if any(found.full >= level for found, _ in scored):
            break
    scored.sort(key=lambda pair: pair[1].changed, reverse=True)
    scored.sort(key=lambda pair: (pair[0].full, pair[0].lemmas, pair[0].words), reverse=True)
    best: list[tuple[Scores, Unit]] = []
    seen = set()
    for pair in scored:  # the same pair from two memories once
        key = (pair[1].norm, pair[1].target)
        if key not in seen:
            seen.add(key)
            best.append(pair)
    return best[:limit]


def _scored(conn, text: str, mine: list[str], rarest: list[str], threshold: int):
    match = "source : (" + " OR ".join('"' + t.replace('"', '""') + '"' for t in rarest) + ")"
    rows = conn.execute(
        f"SELECT {_UNIT_COLUMNS} FROM memory_units u JOIN memories m ON m.id = u.memory_id"
        " WHERE u.id IN (SELECT rowid FROM memory_fts WHERE memory_fts MATCH ?"
        " ORDER BY rank LIMIT ?)",
        (match, CANDIDATES),
    ).fetchall()
    scored = []
    for row in rows:
        # the shown score first (cheap); lemma and word scores only for the units kept
        if similarity(mine, tokens(row["source"])) >= threshold:
            unit = _unit(row)
            scored.append((scores(text, unit.source), unit))
    return scored


_COUNT_CAP = 2000  # units per token counted at most (beyond that a token is common anyway)


def _fts_term(token: str) -> str:
    """A token as FTS5's unicode61 tokenizer stores it (case-folded, accents removed)."""
    decomposed = unicodedata.normalize("NFD", token.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_COMMON = frozenset(_fts_term(word) for word in STOPWORDS)  # German function words


def _insert_units(conn: sqlite3.Connection, batch: list[tuple]) -> int:
    conn.executemany(
        "INSERT INTO memory_units (memory_id, source, target, norm, prev_norm, next_norm,"
        " document, changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        batch,
    )
    return len(batch)


def _workspace_memory(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT id FROM memories WHERE name = ?", (WORKSPACE_MEMORY,)).fetchone()
    if row is not None:
        return row["id"]
    conn.execute(
        "INSERT INTO memories (name, kind, created) VALUES (?, ?, ?)",
        (WORKSPACE_MEMORY, WORKSPACE_KIND, db.utc_now()),
    )
    return _workspace_memory(conn)


def _unit(row: sqlite3.Row) -> Unit:
    return Unit(
        row["id"],
        row["source"],
        row["target"],
        row["memory"],
        row["document"],
        row["status"],
        row["changed"],
        row["prev_norm"],
        row["next_norm"],
        row["norm"],
    )


def format_date(iso: str) -> str:
    """A stored date for people: "2026-12-01 17:44"."""
    try:
        return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso
