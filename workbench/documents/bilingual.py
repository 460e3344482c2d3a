"""Bilingual tables (.csv, .xlsx): one row per segment, for review in Excel or LibreOffice.

Contract:
- Columns, in this order: `COLUMNS` = segment (1-based), paragraph (1-based), source, machine
  translation (Segment.machine), final translation (Segment.target), status, flags
  ("code: message" joined with "; "). Source and final translation carry formatting tags as
  ⟨1⟩…⟨/1⟩ markers (workbench.tags); the machine translation is plain.
- Formula injection: a cell that starts with = + - @ tab or CR would be run as a formula by a
  spreadsheet, so it is written with a leading apostrophe. `restore` undoes it on re-import and
  the rule is reversible: a text that itself starts with apostrophes followed by one of those
  characters gets one more apostrophe, and exactly one is removed when reading back.
- CSV is UTF-8 with BOM (so Excel detects the encoding), comma-separated, CRLF rows.
  XLSX has one sheet "Segments", header frozen, every cell a string (never a formula), text made
  XML-safe (openpyxl refuses control characters such as Word's \\x0b).
- `read_rows(data, filename)` reads such a table back (.csv or .xlsx, possibly re-saved by Excel
  with ";" separators or Windows-1252) into `TableRow`s with spreadsheet row numbers. A formula
  someone typed into a cell is read as the text typed ("=1+1"), never evaluated. A file without
  the needed columns, or not readable at all, raises `DocumentError`. openpyxl only reads the
  clean copy of an .xlsx made by `safety.checked_office_file` (zip bombs refused first).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import openpyxl
from openpyxl.styles import Alignment, Font

from workbench.document import Document, Segment
from workbench.documents.safety import DocumentError, check_size, checked_office_file
from workbench.documents.textfiles import decode_text
from workbench.documents.xmlsafe import xml_text
from workbench.tags import marked_target, tags_from_json, with_markers

COLUMNS = (
    "segment",
    "paragraph",
    "source",
    "machine translation",
    "final translation",
    "status",
    "flags",
)
REQUIRED = ("segment", "source", "final translation")
_RISKY = re.compile(r"^'*[=+\-@\t\r]")
_WIDTHS = {"A": 9, "B": 10, "C": 60, "D": 60, "E": 60, "F": 12, "G": 40}


@dataclass
class TableRow:
    """A segment read back from an edited file; `line` is the row (or XML line) for messages."""

    line: int
    segment: str
    source: str
    target: str


def neutralise(text: str) -> str:
    return "'" + text if _RISKY.match(text) else text


def restore(text: str) -> str:
    return text[1:] if text.startswith("'") and _RISKY.match(text) else text


def flags_text(segment: Segment) -> str:
    return "; ".join(f"{flag.code}: {flag.message}" for flag in segment.flags)


def segment_rows(document: Document) -> list[list]:
    return [
        [
            s.index + 1,
            s.paragraph + 1,
            with_markers(s.source, tags_from_json(s.source_tags)),
            s.machine,
            marked_target(s),
            s.status,
            flags_text(s),
        ]
        for s in document.segments
    ]


def document_to_csv(document: Document) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in segment_rows(document):
        writer.writerow([neutralise(v) if isinstance(v, str) else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def document_to_xlsx(document: Document) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Segments"
    book.properties.title = xml_text(document.name)
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(segment_rows(document), start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, str):
                cell.value = neutralise(xml_text(value))
                cell.data_type = "s"  # never a formula, whatever the text
                cell.alignment = wrap
            else:
                cell.value = value
    sheet.freeze_panes = "A2"
    for column, width in _WIDTHS.items():
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows_from_table(table: list[list], filename: str) -> list[TableRow]:
    """Rows with a header first; `table` rows are lists of cell values."""
    if not table:
        raise DocumentError(f"{filename}: the table is empty.")
    header = [_cell_text(v).strip().lower().lstrip("\ufeff") for v in table[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise DocumentError(
            f"{filename}: row 1 must name the columns {', '.join(COLUMNS)}; missing: {', '.join(missing)}. "
            "Use a table exported by the workbench and keep its header row."
        )
    at = {name: header.index(name) for name in REQUIRED}
    rows = []
    for number, values in enumerate(table[1:], start=2):
        cells = [_cell_text(v) for v in values]
        if not any(c.strip() for c in cells):
            continue

        def get(name: str, cells: list[str] = cells) -> str:
            i = at[name]
            return restore(cells[i].replace("\r\n", "\n")) if i < len(cells) else ""

        rows.append(
            TableRow(number, get("segment").strip(), get("source"), get("final translation"))
        )
    return rows


def _csv_table(data: bytes, filename: str) -> list[list]:
    text = decode_text(data, filename)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise DocumentError(f"{filename}: this CSV file is damaged ({error}).") from None


def _xlsx_table(data: bytes, filename: str) -> list[list]:
    clean = checked_office_file(data, filename, "xl/workbook.xml", "Excel workbook (.xlsx)")
    try:
        book = openpyxl.load_workbook(io.BytesIO(clean), read_only=True, data_only=False)
        try:
            sheet = book["Segments"] if "Segments" in book.sheetnames else book.worksheets[0]
            return [list(row) for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds on damaged files
        raise DocumentError(
            f"{filename}: openpyxl could not read this workbook ({type(error).__name__}: {error}). "
            "Open it in Excel or LibreOffice and save it again as .xlsx."
        ) from None


def read_rows(data: bytes, filename: str) -> list[TableRow]:
    check_size(data, filename)
    if filename.lower().endswith(".xlsx"):
        return _rows_from_table(_xlsx_table(data, filename), filename)
    return _rows_from_table(_csv_table(data, filename), filename)
