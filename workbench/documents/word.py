"""Word documents (.docx) in and out, with python-docx.

Contract:
- `docx_blocks(data, filename)` -> [(Paragraph, text)] in document order. Paragraph styles map
  to Paragraph.style: Title -> title, Heading N -> headingN (N capped at 6), Quote/Intense Quote
  -> quote, List* -> list-item, anything else body. Every table cell becomes one block of style
  table-cell with table/row/col (0-based; a merged cell is read once, at its first position);
  a cell's paragraphs are joined with "\\n". Headers, footers, comments and text boxes are not
  read.
- python-docx never sees the uploaded bytes: it reads the clean copy made by
  `safety.checked_office_file` (size caps, zip bombs and members that lie about their size
  refused, word/document.xml present, no DTD/entities in any part). Any failure, and any
  python-docx error, is a `DocumentError` naming the file.
- `document_to_docx(document, side="target")` -> bytes: the paragraphs of the document with the
  source's structure (title and heading levels, quotes, bullet lists, tables rebuilt at their
  place with the translated cells), text made XML-safe; core properties: title = document name,
  language = target language.
"""

from __future__ import annotations

import io
import re

import docx
from docx.table import Table

from workbench.document import Document, Paragraph
from workbench.documents.safety import DocumentError, checked_office_file
from workbench.documents.xmlsafe import xml_text

KIND = "Word document (.docx)"
_HEADING = re.compile(r"heading\s*(\d+)$")


def style_of(style_name: str) -> str:
    name = (style_name or "").strip().lower()
    if name == "title":
        return "title"
    if match := _HEADING.match(name):
        return f"heading{min(max(int(match.group(1)), 1), 6)}"
    if name in ("quote", "intense quote"):
        return "quote"
    if name.startswith("list"):
        return "list-item"
    return "body"


def _table_blocks(table: Table, number: int) -> list[tuple[Paragraph, str]]:
    blocks = []
    seen = set()  # the <w:tc> elements themselves: holding them keeps lxml's proxies stable
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if cell._tc in seen:  # merged cells repeat: read the text once
                continue
            seen.add(cell._tc)
            text = "\n".join(p.text for p in cell.paragraphs)
            blocks.append((Paragraph(0, "table-cell", number, r, c), text))
    return blocks


def docx_blocks(data: bytes, filename: str) -> list[tuple[Paragraph, str]]:
    clean = checked_office_file(data, filename, "word/document.xml", KIND)
    try:
        word = docx.Document(io.BytesIO(clean))
        blocks: list[tuple[Paragraph, str]] = []
        tables = 0
        for item in word.iter_inner_content():
            if isinstance(item, Table):
                blocks.extend(_table_blocks(item, tables))
                tables += 1
            else:
                style = item.style.name if item.style is not None else ""
                blocks.append((Paragraph(0, style_of(style)), item.text))
        return blocks
    except DocumentError:
        raise
    except Exception as error:  # noqa: BLE001 - python-docx raises many kinds on damaged files
        raise DocumentError(
            f"{filename}: python-docx could not read this {KIND} ({type(error).__name__}: {error}). "
            "Open it in Word or LibreOffice and save it again as .docx."
        ) from None


def _table_sizes(paragraphs: list[Paragraph]) -> dict[int, tuple[int, int]]:
    sizes: dict[int, tuple[int, int]] = {}
    for p in paragraphs:
        if p.style == "table-cell" and p.table is not None:
            rows, cols = sizes.get(p.table, (0, 0))
            sizes[p.table] = (max(rows, (p.row or 0) + 1), max(cols, (p.col or 0) + 1))
    return sizes


def _add_paragraph(word, style: str, text: str) -> None:
    if style == "title":
        word.add_heading(text, 0)
    elif style.startswith("heading"):
        level = style[7:]
        word.add_heading(text, min(int(level), 9) if level.isdigit() else 1)
    elif style == "quote":
        word.add_paragraph(text, style="Quote")
    elif style == "list-item":
        word.add_paragraph(text, style="List Bullet")
    else:
        word.add_paragraph(text)


def document_to_docx(document: Document, side: str = "target") -> bytes:
    word = docx.Document()
    word.core_properties.title = xml_text(document.name)
    word.core_properties.language = (
        document.target_lang if side == "target" else document.source_lang
    )
    pairs = document.paragraph_texts(side)
    sizes = _table_sizes([p for p, _ in pairs])
    tables = {}
    for paragraph, text in pairs:
        text = xml_text(text)
        if paragraph.style == "table-cell" and paragraph.table is not None:
            if paragraph.table not in tables:
                rows, cols = sizes[paragraph.table]
                tables[paragraph.table] = word.add_table(rows=rows, cols=cols)
                tables[paragraph.table].style = "Table Grid"
            tables[paragraph.table].cell(paragraph.row or 0, paragraph.col or 0).text = text
        else:
            _add_paragraph(word, paragraph.style, text)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
