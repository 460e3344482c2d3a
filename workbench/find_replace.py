"""Find and replace across a document: in the German or the English, with a preview.

Contract:
- `find(document, text, *, side="target", case_sensitive=False)` -> the `Match`es, in document
  order: segment index and character spans. An empty search finds nothing.
- `preview(document, text, replacement, *, case_sensitive=False, include_confirmed=False)`
  -> one `Replacement` per English segment that would change (before, after, the spans in the
  before text). Confirmed segments are skipped unless `include_confirmed`; so are segments with
  no English yet. Replacement text is literal (no patterns), and so is the search.
- `replace_all(doc, replacements)` writes them through the editing model, one gesture
  ("replace") per segment: each is one undoable step in that segment's history, and a
  segment another tab changed meanwhile is left as a conflict, never overwritten. Returns the
  indexes written. Nothing here imports Streamlit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.document import CONFIRMED, NEW, Document
from workbench.editing import OpenDocument

SIDES = ("target", "source")


@dataclass(frozen=True)
class Match:
    index: int
    spans: list[tuple[int, int]]


@dataclass(frozen=True)
class Replacement:
    index: int
    before: str
    after: str
    spans: list[tuple[int, int]]  # where the search text is in `before`


def _pattern(text: str, case_sensitive: bool) -> re.Pattern[str]:
    return re.compile(re.escape(text), 0 if case_sensitive else re.IGNORECASE)


def find(
    document: Document, text: str, *, side: str = "target", case_sensitive: bool = False
) -> list[Match]:
    if side not in SIDES:
        raise ValueError(f"side must be one of {SIDES}, not {side!r}")
    if not text:
        return []
    pattern = _pattern(text, case_sensitive)
    found = []
    for segment in document.segments:
        spans = [m.span() for m in pattern.finditer(getattr(segment, side))]
        if spans:
            found.append(Match(segment.index, spans))
    return found


def preview(
    document: Document,
    text: str,
    replacement: str,
    *,
    case_sensitive: bool = False,
    include_confirmed: bool = False,
) -> list[Replacement]:
    if not text:
        return []
    pattern = _pattern(text, case_sensitive)
    changes = []
    for match in find(document, text, case_sensitive=case_sensitive):
        segment = document.segments[match.index]
        if segment.status == NEW or (segment.status == CONFIRMED and not include_confirmed):
            continue
        after = pattern.sub(lambda _: replacement, segment.target)
        if after != segment.target:
            changes.append(Replacement(match.index, segment.target, after, match.spans))
    return changes


def replace_all(doc: OpenDocument, replacements: list[Replacement]) -> list[int]:
    written = []
    for change in replacements:
        if doc.segment(change.index).target != change.before:
            continue  # changed since the preview: the person sees the new text first
        if doc.replace_text(change.index, change.after):
            written.append(change.index)
    return written
