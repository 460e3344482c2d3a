"""Finding saved documents by their name and by the text of their segments.

Contract (no Streamlit here):
- `find_documents(workspace, query)` -> one `DocumentMatch` per document whose name, German
  (segment source) or English (segment target, as the person left it) contains `query`,
  newest change first (the order of `Workspace.list_documents`). Matching ignores case
  (Unicode case folding: "STRASSE" finds "Straße") and Unicode normalisation form; an empty
  query matches nothing (the caller shows every document then).
- Each match says where it was found first (`NAME`, `GERMAN`, `ENGLISH`: name before text,
  then segment order) and gives an excerpt of that text around the match.
- One read transaction through `workbench.workspace_db.transaction`: the name and target
  columns and the source inside each segment's JSON body (`json_extract`), compared by a
  function registered on that connection. Problems are the workspace's `WorkspaceError`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from workbench import workspace_db as db
from workbench.workspace import Workspace

NAME, GERMAN, ENGLISH = "Name", "German", "English"
EXCERPT_CHARS = 40  # shown on each side of the match

_SQL = """
SELECT d.id, d.name, s.target, json_extract(s.body, '$.source') AS source
FROM documents d LEFT JOIN segments s ON s.doc_id = d.id
WHERE wb_contains(d.name) OR wb_contains(s.target) OR wb_contains(json_extract(s.body, '$.source'))
ORDER BY d.touched DESC, s.idx
"""


@dataclass(frozen=True)
class DocumentMatch:
    doc_id: str
    where: str  # NAME, GERMAN or ENGLISH
    excerpt: str


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def find_documents(workspace: Workspace, query: str) -> list[DocumentMatch]:
    needle = _fold(query.strip())
    if not needle:
        return []

    def contains(text: str | None) -> bool:
        return text is not None and needle in _fold(text)

    with db.transaction(workspace.path, write=False) as conn:
        conn.create_function("wb_contains", 1, contains, deterministic=True)
        rows = conn.execute(_SQL).fetchall()
    found: dict[str, DocumentMatch] = {}
    for row in rows:
        if row["id"] in found:
            continue
        for where, text in ((NAME, row["name"]), (GERMAN, row["source"]), (ENGLISH, row["target"])):
            if contains(text):
                found[row["id"]] = DocumentMatch(row["id"], where, excerpt(text, needle))
                break
    return list(found.values())


def excerpt(text: str, needle: str) -> str:
    """The text around the first match of `needle` (already folded), with … where cut."""
    folded = _fold(text)
    # Folding can change lengths ("ß" -> "ss"); then positions differ: show the start.
    start = folded.find(needle) if len(folded) == len(text) else 0
    start = max(start, 0)
    begin = max(0, start - EXCERPT_CHARS)
    end = min(len(text), start + len(needle) + EXCERPT_CHARS)
    return ("…" if begin else "") + text[begin:end] + ("…" if end < len(text) else "")
