"""Plain text and Markdown: decoding untrusted bytes, Markdown blocks in and out.

Contract:
- `decode_text(data, filename)` -> str. Tries, in order: UTF-16 if the file starts with its BOM,
  UTF-8 (with or without BOM), Windows-1252 (what Word and Excel on Windows save as "ANSI"),
  then charset-normalizer's best guess. NUL bytes without a UTF-16 BOM, or text that still looks
  binary (more than 2% control or unassigned characters in its first 100,000), raise
  `DocumentError`: a renamed PDF or image is not an article.
- `markdown_blocks(text)` -> [(Paragraph, text)]: ATX headings ("## Title") become one block of
  style heading1..6 with the "#" markers removed (they are layout, not words to translate);
  "- ", "* ", "+ " list lines become list-item blocks and "> " lines quote blocks, markers
  removed; other lines group into body paragraphs separated by blank lines. Code fences and
  inline markup (**bold**, [links](...)) stay in the text as they are here; the importer uses
  `markdown.markdown_tagged_blocks`, which reads them as tags and leaves fences out.
- `markdown_from_document(document)` writes the paragraphs back with their markers: headings
  "#"*n, list items "- ", quotes "> ", titles "# ", and docx tables as pipe tables; inline
  formatting tags as Markdown (`markdown.markdown_inline`). A document imported from Markdown
  is written from its original file instead (`markdown.markdown_from_original`).
"""

from __future__ import annotations

import re
import unicodedata

from charset_normalizer import from_bytes

from workbench.document import Document, Paragraph
from workbench.documents.markdown import markdown_inline
from workbench.documents.safety import DocumentError
from workbench.tags import paragraph_tags

BINARY_SHARE = 0.02  # more than 2% control/unassigned characters: not a text file
BINARY_SAMPLE = 100_000  # characters checked for that
_ALLOWED_CONTROLS = set("\t\n\r\x0b\x0c")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_LIST = re.compile(r"^ {0,3}[-*+][ \t]+(.*)$")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?(.*)$")


def looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:BINARY_SAMPLE]  # binary junk shows at once; checking 10 MB would take seconds
    odd = sum(
        1
        for ch in sample
        if (ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs"))
    )
    return odd > BINARY_SHARE * len(sample)


def _candidates(data: bytes):
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        yield "utf-16"
    elif b"\x00" in data:  # NUL without a UTF-16 BOM: binary, whatever a guesser may say
        return
    yield "utf-8-sig"
    yield "cp1252"
    best = from_bytes(data).best()
    if best is not None:
        yield best.encoding


def decode_text(data: bytes, filename: str) -> str:
    for encoding in _candidates(data):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if not looks_binary(text):
            return text.lstrip("\ufeff")
    raise DocumentError(
        f"{filename}: this does not look like text (binary data or an unknown encoding). "
        "If it is a Word file or a PDF, save it as .docx or copy the text into a UTF-8 .txt file."
    )


def _block_of_line(line: str) -> tuple[str, str] | None:
    """(style, text) for a line that is a block by itself, else None."""
    if match := _HEADING.match(line):
        return f"heading{len(match.group(1))}", match.group(2)
    if match := _LIST.match(line):
        return "list-item", match.group(1)
    if match := _QUOTE.match(line):
        return "quote", match.group(1)
    return None


def markdown_blocks(text: str) -> list[tuple[Paragraph, str]]:
    blocks: list[tuple[Paragraph, str]] = []
    body: list[str] = []

    def flush() -> None:
        if body:
            blocks.append((Paragraph(index=len(blocks), style="body"), "\n".join(body)))
            body.clear()

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        single = _block_of_line(line)
        if single is not None:
            flush()
            blocks.append((Paragraph(index=len(blocks), style=single[0]), single[1]))
        elif line.strip():
            body.append(line)
        else:
            flush()
    flush()
    return blocks


def _marker(style: str) -> str:
    if style.startswith("heading") and style[7:].isdigit():
        return "#" * min(max(int(style[7:]), 1), 6) + " "
    return {"title": "# ", "heading": "## ", "list-item": "- ", "quote": "> "}.get(style, "")


def _markdown_block(style: str, text: str) -> str:
    marker = _marker(style)
    if marker.startswith("#"):
        return marker + " ".join(text.split())  # a heading is one line in Markdown
    if style == "quote":
        return "> " + text.replace("\n", "\n> ")
    return marker + text.replace("\n", "\n" + " " * len(marker))


def _pipe_table(cells: list[tuple[Paragraph, str]]) -> str:
    rows = max(p.row or 0 for p, _ in cells) + 1
    cols = max(p.col or 0 for p, _ in cells) + 1
    grid = [[""] * cols for _ in range(rows)]
    for paragraph, text in cells:
        grid[paragraph.row or 0][paragraph.col or 0] = " ".join(text.split()).replace("|", "\\|")
    lines = ["| " + " | ".join(grid[0]) + " |", "|" + "---|" * cols]
    lines += ["| " + " | ".join(row) + " |" for row in grid[1:]]
    return "\n".join(lines)


def markdown_from_document(document: Document, side: str = "target") -> str:
    chunks: list[str] = []
    previous = ""
    table: list[tuple[Paragraph, str]] = []
    formatted = [
        (p, markdown_inline(text, tags)) for p, text, tags in paragraph_tags(document, side)
    ]
    for paragraph, text in [*formatted, (Paragraph(index=-1, style="end"), "")]:
        if table and (paragraph.style != "table-cell" or paragraph.table != table[0][0].table):
            chunks.append(("\n\n" if chunks else "") + _pipe_table(table))
            table = []
        if paragraph.style == "table-cell":
            table.append((paragraph, text))
        elif paragraph.style != "end":
            joiner = "\n" if paragraph.style == previous == "list-item" else "\n\n"
            chunks.append((joiner if chunks else "") + _markdown_block(paragraph.style, text))
        previous = paragraph.style
    return "".join(chunks) + "\n"
