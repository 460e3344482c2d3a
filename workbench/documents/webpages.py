"""HTML pages: the translatable text of block elements, in reading order.

Contract:
- `html_blocks(data, filename)` -> [(Paragraph, text)]. The text of each block element
  (p, h1-h6, li, blockquote, dt/dd, figcaption, pre, and loose text in div/section/article...)
  becomes one block: h1-h6 -> heading1..6, li -> list-item, blockquote -> quote, table cells
  (td/th) -> table-cell with table/row/col, everything else body. Inline markup (a, em, span)
  is flattened to its text, <br> becomes a line break, runs of whitespace one space.
- Never read: script, style, nav, noscript, template, head, svg, iframe, forms, comments.
- Entity tricks: a page that declares entities (`<!ENTITY`, billion laughs, external entities)
  is refused with `DocumentError`; the HTML parser (lxml via BeautifulSoup) never loads DTDs
  or network resources.
- The encoding comes from a BOM or <meta charset>, else UTF-8, else a guess (bs4 UnicodeDammit).
- A page nested thousands of levels deep is refused with `DocumentError`, not a RecursionError.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.dammit import UnicodeDammit

from workbench.document import Paragraph
from workbench.documents.safety import DocumentError
from workbench.documents.textfiles import looks_binary

IGNORED = {
    "script", "style", "nav", "noscript", "template", "head", "svg", "math", "iframe", "object",
    "form", "button", "select", "textarea", "canvas", "audio", "video",
}  # fmt: skip
BLOCK_STYLES = {f"h{n}": f"heading{n}" for n in range(1, 7)} | {
    "p": "body", "li": "list-item", "blockquote": "quote", "dt": "body", "dd": "body",
    "figcaption": "body", "caption": "body", "address": "body", "summary": "body", "pre": "body",
}  # fmt: skip
CONTAINERS = {
    "html", "body", "div", "section", "article", "main", "header", "footer", "aside", "figure",
    "ul", "ol", "dl", "details", "center", "fieldset", "hgroup", "table",
}  # fmt: skip
_BLOCKY = sorted(set(BLOCK_STYLES) | CONTAINERS)
_SPACES = re.compile(r"[ \t\n\r\f]+")
_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)


def _plain(node) -> bool:
    """Text nodes to read: not comments, CDATA, doctypes or processing instructions."""
    return type(node) is NavigableString


class _Collector:
    def __init__(self) -> None:
        self.blocks: list[tuple[Paragraph, str]] = []
        self.tables = 0

    def inline(self, tag: Tag) -> str:
        pieces = []
        for child in tag.children:
            if isinstance(child, Tag):
                if child.name == "br":
                    pieces.append("\n")
                elif child.name not in IGNORED:
                    pieces.append(self.inline(child))
            elif _plain(child):
                pieces.append(_SPACES.sub(" ", str(child)))
        return "".join(pieces)

    def flush(self, pieces: list[str], paragraph: Paragraph) -> None:
        lines = (line.strip() for line in "".join(pieces).split("\n"))
        text = "\n".join(line for line in lines if line)
        pieces.clear()
        if text:
            self.blocks.append(
                (Paragraph(0, paragraph.style, paragraph.table, paragraph.row, paragraph.col), text)
            )

    def walk(self, node: Tag, paragraph: Paragraph) -> None:
        pieces: list[str] = []
        for child in node.children:
            if not isinstance(child, Tag):
                if _plain(child):
                    pieces.append(_SPACES.sub(" ", str(child)))
                continue
            name = child.name
            if name in IGNORED:
                continue
            if name == "br":
                pieces.append("\n")
            elif name == "table":
                self.flush(pieces, paragraph)
                self.table(child)
            elif name == "pre":
                self.flush(pieces, paragraph)
                self.flush([child.get_text()], Paragraph(0, "body"))
            elif name in BLOCK_STYLES or name in CONTAINERS or child.find(_BLOCKY):
                self.flush(pieces, paragraph)
                style = BLOCK_STYLES.get(
                    name
                )  # a plain <p> inside <li> or <blockquote> keeps their style
                self.walk(child, Paragraph(0, style) if style not in (None, "body") else paragraph)
            else:
                pieces.append(self.inline(child))
        self.flush(pieces, paragraph)

    def table(self, table: Tag) -> None:
        number = self.tables
        self.tables += 1
        caption = table.find("caption", recursive=False)
        if caption is not None:
            self.walk(caption, Paragraph(0, "body"))
        rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
        for r, tr in enumerate(rows):
            for c, cell in enumerate(tr.find_all(["td", "th"], recursive=False)):
                inner = _Collector()
                inner.tables = self.tables
                inner.walk(cell, Paragraph(0, "body"))
                text = "\n".join(text for _, text in inner.blocks)
                self.flush([text], Paragraph(0, "table-cell", number, r, c))


def html_blocks(data: bytes, filename: str) -> list[tuple[Paragraph, str]]:
    text = UnicodeDammit(data, is_html=True).unicode_markup
    if text is None or looks_binary(text):
        raise DocumentError(
            f"{filename}: this does not look like a web page (binary data or an unknown encoding). "
            "Save the page again as HTML in UTF-8."
        )
    if _ENTITY_DECLARATION.search(text):
        raise DocumentError(
            f"{filename}: this page declares XML entities (<!ENTITY ...>), which web pages never need "
            "and attacks use (billion laughs, reading local files). It was not read."
        )
    collector = _Collector()
    try:
        collector.walk(BeautifulSoup(text, "lxml"), Paragraph(0, "body"))
    except RecursionError:  # thousands of nested tags: no real page, possibly an attack
        raise DocumentError(
            f"{filename}: the page nests its elements too deeply to be read. Save it again from a browser "
            "or copy its text into a .txt file."
        ) from None
    return collector.blocks
