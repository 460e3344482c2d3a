"""Bringing back a bilingual file edited elsewhere (Excel, LibreOffice, a CAT tool).

Contract:
- `apply_bilingual(document, data, filename)` reads a .csv, .xlsx, .xlf or .xliff file that the
  workbench exported and that someone edited, and MUTATES `document` in place: for every row
  (trans-unit) whose final translation differs from the segment's target, the target is replaced
  and the status set to EDITED. Nothing else changes: not the source, not the machine
  translation, not other segments, not the status of unchanged segments.
- Rows are matched by segment number (1-based, as exported) AND their source must still be the
  segment's source (compared after XML clean-up and whitespace folding, since spreadsheets and
  CAT tools may rewrap lines, and with formatting tag markers left out). A target with tag
  markers (bilingual tables) or XLIFF inline tags places the segment's tags there; it is
  unchanged when text and tags are. Segments joined or split since the export shift the numbers of
  the segments after them: a row whose number no longer fits is matched by its source instead,
  when exactly one segment not yet matched has that source (reported as a warning naming both
  numbers, so nothing is matched silently). A row whose source differs, whose number is unknown or repeated,
  or whose final translation was emptied is not applied and is reported as a `Problem` with the
  row number (spreadsheets) or line number (XLIFF). A segment left untranslated stays so quietly.
- Returns an `ImportReport`: segments changed (0-based indexes), how many rows were unchanged,
  how many segments the file did not mention, and the problems. A file that cannot be read at
  all raises `DocumentError` (nothing is applied then).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from workbench.document import EDITED, Document, Segment
from workbench.documents.bilingual import TableRow, read_rows
from workbench.documents.safety import DocumentError
from workbench.documents.xliff import read_xliff
from workbench.documents.xmlsafe import xml_text
from workbench.glossary.model import ERROR, WARNING, Problem
from workbench.tags import marked_target, set_target, strip_markers, tags_from_json

BILINGUAL_EXTENSIONS = (".csv", ".xlsx", ".xlf", ".xliff")


@dataclass
class ImportReport:
    filename: str
    changed: list[int] = field(default_factory=list)
    unchanged: int = 0
    not_in_file: int = 0
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        numbers = ", ".join(str(i + 1) for i in self.changed) or "none"
        text = f"{self.filename}: {len(self.changed)} segment(s) changed ({numbers}), {self.unchanged} unchanged"
        if self.not_in_file:
            text += f", {self.not_in_file} not in the file (left as they were)"
        if self.problems:
            text += f"; {len(self.problems)} row(s) not applied"
        return text + "."


def _folded(text: str) -> str:
    return " ".join(xml_text(strip_markers(text)).split())


def _read(data: bytes, filename: str) -> list[TableRow]:
    extension = PurePath(filename).suffix.lower()
    if extension in (".xlf", ".xliff"):
        return read_xliff(data, filename)
    if extension in (".csv", ".xlsx"):
        return read_rows(data, filename)
    raise DocumentError(
        f"{filename}: cannot bring back translations from a '{extension or '(no extension)'}' file. "
        f"Use a file exported by the workbench: {', '.join(BILINGUAL_EXTENSIONS)}."
    )


def _check(row: TableRow, segments: dict[int, Segment], seen: dict[int, int]) -> str | None:
    """Why this row cannot be applied, or None."""
    try:
        number = int(row.segment)
    except ValueError:
        return f"'{row.segment}' is not a segment number"
    if number not in segments:
        return f"segment {number} does not exist (the document has {len(segments)} segments)"
    if number in seen:
        return f"segment {number} appears twice (also at row/line {seen[number]}); this one was ignored"
    seen[number] = row.line
    if _folded(row.source) != _folded(segments[number].source):
        return (
            f"the source of segment {number} differs from the document's "
            f"('{row.source[:60]}' vs '{segments[number].source[:60]}'): "
            "the file belongs to another version of the text"
        )
    target = row.target.strip()
    if not target and segments[number].target.strip():
        return f"the final translation of segment {number} is empty; the current one was kept"
    return None


def _renumbered(
    row: TableRow, segments: dict[int, Segment], seen: dict[int, int]
) -> tuple[TableRow, str]:
    """The row under the number of the one unmatched segment with its source, if its own number
    no longer fits (segments joined or split since the export), with a note saying so; else
    the row as it is."""
    if row.segment.strip().isdigit():
        number = int(row.segment)
        if number in segments and _folded(segments[number].source) == _folded(row.source):
            return row, ""
    same = [
        n for n, s in segments.items() if n not in seen and _folded(s.source) == _folded(row.source)
    ]
    if len(same) != 1:
        return row, ""
    note = (
        f"segment '{row.segment}' of the file is segment {same[0]} now (segments were joined or "
        "split since the export); matched by its German"
    )
    return TableRow(row.line, str(same[0]), row.source, row.target), note


def apply_bilingual(document: Document, data: bytes, filename: str) -> ImportReport:
    rows = _read(data, filename)
    report = ImportReport(filename)
    segments = {s.index + 1: s for s in document.segments}
    seen: dict[int, int] = {}
    for row in rows:
        row, note = _renumbered(row, segments, seen)
        if note:
            report.problems.append(Problem(filename, row.line, note, WARNING))
        problem = _check(row, segments, seen)
        if problem:
            report.problems.append(Problem(filename, row.line, problem, ERROR))
            continue
        segment = segments[int(row.segment)]
        target = row.target.replace("\r\n", "\n").strip()
        # tags a CAT tool added around words of a segment without them are not ours to keep
        target = strip_markers(target, {t.id for t in tags_from_json(segment.source_tags)})
        marked = marked_target(segment)
        if target in (marked.strip(), xml_text(marked).strip()):
            report.unchanged += 1
            continue
        set_target(segment, target)  # tag markers (⟨1⟩…⟨/1⟩, XLIFF <g>) become tags again
        segment.status = EDITED
        report.changed.append(segment.index)
    report.not_in_file = len(segments) - len(seen)
    return report
