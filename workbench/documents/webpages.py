"""HTML pages: the translatable text of block elements in reading order, with inline markup as
tags, and the page written out again with its text in English.

Contract:
- `html_tagged_blocks(data, filename)` -> [(Paragraph, text, tags)]. The text of each block
  element (p, h1-h6, li, blockquote, dt/dd, figcaption, pre, and loose text in
  div/section/article...) becomes one block: h1-h6 -> heading1..6, li -> list-item, blockquote
  -> quote, table cells (td/th) -> table-cell with table/row/col, everything else body. Runs of
  whitespace become one space, <br> a line break ("\\n"). `html_blocks` is the same without
  tags. `Paragraph.block` numbers the blocks in this walk.
- Inline markup inside a block becomes tags (workbench.tags): b/strong -> b, i/em -> i,
  u/ins -> u, sup, sub, a -> a (attrs href), code/kbd/samp/tt -> code, every other inline element
  (span, mark, abbr, q, s...) -> span. Every tag keeps its element's name and its original start
  tag, byte for byte (attrs "element", "html"), so the page is written with the same
  attributes. An image or other empty element inside a block, and an ignored element inside
  one (an inline <script>, <svg> icon, <button>), is a point tag holding its exact HTML, so it
  is written back where it was (moving with the words around it); so is an element with no
  text but such contents (a linked image), whole.
- Never read: script, style, nav, noscript, template, head, svg, iframe, forms, comments.
- Entity tricks: a page that declares entities (`<!ENTITY`, billion laughs, external entities)
  is refused with `DocumentError`; the parser (Python's html.parser, which records where every
  element starts and ends) never loads DTDs or network resources.
- The encoding comes from a BOM or <meta charset>, else UTF-8, else a guess (bs4 UnicodeDammit).
- A page nested thousands of levels deep is refused with `DocumentError`, not a RecursionError.
- `html_from_original(document, data, filename)` -> bytes: the original page with the inner
  HTML of each translated block replaced by its English and tags; everything outside those
  blocks (head, script, style, nav, comments, attributes, images, whitespace) is byte-identical
  to the input; <html lang> becomes the target language. Encoded as the original was (a
  character the encoding lacks becomes a character reference). A block made of several
  elements (a table cell with paragraphs) gets one line of the English per element when the
  line counts match, else all of it in the first.
  An original whose blocks are not the document's German (another file, a damaged one)
  raises `DocumentError` (`tags.check_blocks`): English is never written into the wrong place.
- `document_to_html(document)` -> bytes, for documents without an HTML original: a plain UTF-8
  page with the paragraphs as h1-h6, p, ul/li, blockquote and tables, tags as elements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from bs4.dammit import UnicodeDammit

from workbench.document import Document, Paragraph
from workbench.documents.safety import DocumentError
from workbench.documents.textfiles import looks_binary
from workbench.tags import InlineTag, check_blocks, paragraph_tags

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
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip
KIND_OF = {
    "b": "b", "strong": "b", "i": "i", "em": "i", "u": "u", "ins": "u", "sup": "sup",
    "sub": "sub", "a": "a", "code": "code", "kbd": "code", "samp": "code", "tt": "code",
}  # fmt: skip
_BLOCKY = set(BLOCK_STYLES) | CONTAINERS | {"tr", "td", "th", "tbody", "thead", "tfoot"}
_CLOSES_P = _BLOCKY | {"hr", "form", "nav"}
_SPACES = re.compile(r"[ \t\n\r\f]+")
_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)
MAX_DEPTH = 800


class _TooDeep(Exception):
    pass


@dataclass
class Text:
    text: str
    start: int
    end: int = -1


@dataclass
class Node:
    name: str
    attrs: dict[str, str]
    raw: str  # the start tag as written
    start: int  # where the start tag begins
    inner_start: int
    inner_end: int = -1
    end: int = -1  # after the end tag (inner_end when it has none)
    children: list = field(default_factory=list)

    def has_block(self) -> bool:
        stack = list(self.children)
        while stack:
            child = stack.pop()
            if isinstance(child, Node):
                if child.name in _BLOCKY:
                    return True
                stack.extend(child.children)
        return False

    def text(self) -> str:
        out: list[str] = []
        stack: list[Node | Text] = [self]
        while stack:
            node = stack.pop()
            if isinstance(node, Text):
                out.append(node.text)
            else:
                stack.extend(reversed(node.children))
        return "".join(out)


class _TreeBuilder(HTMLParser):
    """A tree of the page where every element knows where it starts and ends in the text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.source = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.root = Node("#root", {}, "", 0, 0)
        self.stack = [self.root]
        self.pending: Text | None = None

    def _at(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _settle(self, position: int) -> None:
        if self.pending is not None:
            self.pending.end = position
            self.pending = None

    def _close(self, node: Node, inner_end: int, end: int) -> None:
        node.inner_end, node.end = inner_end, end

    def _close_open(self, names: set[str], limit: set[str], position: int) -> None:
        """Implicitly close the innermost open element named in `names` (not past `limit`)."""
        for depth in range(len(self.stack) - 1, 0, -1):
            name = self.stack[depth].name
            if name in names:
                for node in self.stack[depth:]:
                    self._close(node, position, position)
                del self.stack[depth:]
                return
            if name in limit:
                return

    def handle_starttag(self, tag, attrs):
        position = self._at()
        self._settle(position)
        raw = self.get_starttag_text() or f"<{tag}>"
        if tag in _CLOSES_P:
            self._close_open({"p"}, _BLOCKY - {"p"}, position)
        if tag == "li":
            self._close_open({"li"}, {"ul", "ol"}, position)
        elif tag in ("dt", "dd"):
            self._close_open({"dt", "dd"}, {"dl"}, position)
        elif tag == "tr":
            self._close_open({"tr"}, {"table"}, position)
        elif tag in ("td", "th"):
            self._close_open({"td", "th"}, {"tr", "table"}, position)
        node = Node(tag, {k: v or "" for k, v in attrs}, raw, position, position + len(raw))
        self.stack[-1].children.append(node)
        if tag in VOID:
            self._close(node, node.inner_start, node.inner_start)
            return
        self.stack.append(node)
        if len(self.stack) > MAX_DEPTH:
            raise _TooDeep

    def handle_startendtag(self, tag, attrs):
        position = self._at()
        self._settle(position)
        raw = self.get_starttag_text() or f"<{tag}/>"
        node = Node(tag, {k: v or "" for k, v in attrs}, raw, position, position + len(raw))
        self._close(node, node.inner_start, node.inner_start)
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag):
        position = self._at()
        self._settle(position)
        end = self.source.find(">", position)
        end = len(self.source) if end < 0 else end + 1
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].name == tag:
                for node in self.stack[depth + 1 :]:
                    self._close(node, position, position)
                self._close(self.stack[depth], position, end)
                del self.stack[depth:]
                return
        # an end tag without its start: browsers ignore it, so do we

    def handle_data(self, data):
        position = self._at()
        self._settle(position)
        self.pending = Text(data, position)
        self.stack[-1].children.append(self.pending)

    def finish(self) -> Node:
        self.close()
        self._settle(len(self.source))
        for node in self.stack[1:]:
            self._close(node, len(self.source), len(self.source))
        self.root.inner_end = self.root.end = len(self.source)
        return self.root


@dataclass
class Block:
    paragraph: Paragraph
    text: str
    tags: list[InlineTag]
    ranges: list[tuple[int, int]]  # where its inner HTML is in the page


class _Collector:
    def __init__(self, source: str) -> None:
        self.source = source
        self.blocks: list[Block] = []
        self.tables = 0

    # -- inline content: text and tags --------------------------------------------------
    def inline(self, node, pieces: list[str], tags: list[InlineTag], length: list[int]) -> None:
        if isinstance(node, Text):
            text = _SPACES.sub(" ", node.text)
            pieces.append(text)
            length[0] += len(text)
            return
        if node.name == "br":
            pieces.append("\n")
            length[0] += 1
            return
        if node.name in IGNORED or node.name in VOID:  # kept as it is, at its place
            html = self.source[node.start : max(node.end, node.inner_start)]
            tags.append(
                InlineTag(0, "span", length[0], length[0], {"element": node.name, "html": html})
            )
            return
        attrs = {"element": node.name, "html": node.raw}
        if node.name == "a" and "href" in node.attrs:
            attrs["href"] = node.attrs["href"]
        tag = InlineTag(0, KIND_OF.get(node.name, "span"), length[0], length[0], attrs)
        tags.append(tag)
        first = len(tags)
        for child in node.children:
            self.inline(child, pieces, tags, length)
        tag.end = length[0]
        if tag.end == tag.start and len(tags) > first:
            # no text, only images or kept HTML inside (a linked picture): one point that
            # writes the element back exactly as it was, its contents included
            del tags[first:]
            tag.attrs["outer"] = self.source[node.start : max(node.end, node.inner_end)]

    def flush(self, items: list, paragraph: Paragraph, pre: bool = False) -> None:
        if not items:
            return
        pieces: list[str] = []
        tags: list[InlineTag] = []
        length = [0]
        if pre:
            pieces = [node.text() if isinstance(node, Node) else node.text for node in items]
        else:
            for item in items:
                self.inline(item, pieces, tags, length)
        text, tags = _tidy("".join(pieces), tags)
        first, last = items[0], items[-1]
        start = first.start
        end = last.end if isinstance(last, Text) else max(last.end, last.inner_start)
        # whitespace around the block's text stays as it was in the page
        while start < end and self.source[start] in " \t\n\r\f":
            start += 1
        while end > start and self.source[end - 1] in " \t\n\r\f":
            end -= 1
        items.clear()
        if text:
            self._add(paragraph, text, tags, [(start, end)])

    def _add(self, paragraph: Paragraph, text: str, tags, ranges) -> None:
        copy = Paragraph(0, paragraph.style, paragraph.table, paragraph.row, paragraph.col)
        self.blocks.append(Block(copy, text, tags, ranges))

    def walk(self, node: Node, paragraph: Paragraph) -> None:
        items: list = []
        for child in node.children:
            if isinstance(child, Text):
                items.append(child)
                continue
            name = child.name
            if name in IGNORED:  # kept where it is: a point in the text around it
                items.append(child)
                continue
            if name == "br":
                items.append(child)
            elif name == "table":
                self.flush(items, paragraph)
                self.table(child)
            elif name == "pre":
                self.flush(items, paragraph)
                self.flush(
                    [Text(child.text(), child.inner_start, child.inner_end)],
                    Paragraph(0, "body"),
                    pre=True,
                )
            elif name in BLOCK_STYLES or name in CONTAINERS or child.has_block():
                self.flush(items, paragraph)
                style = BLOCK_STYLES.get(name)  # a plain <p> inside <li> keeps the li's style
                self.walk(child, Paragraph(0, style) if style not in (None, "body") else paragraph)
            else:
                items.append(child)
        self.flush(items, paragraph)

    def table(self, table: Node) -> None:
        number = self.tables
        self.tables += 1
        caption = next(
            (c for c in table.children if isinstance(c, Node) and c.name == "caption"), None
        )
        if caption is not None:
            self.walk(caption, Paragraph(0, "body"))
        for r, row in enumerate(_rows(table)):
            cells = [c for c in row.children if isinstance(c, Node) and c.name in ("td", "th")]
            for c, cell in enumerate(cells):
                inner = _Collector(self.source)
                inner.tables = self.tables
                inner.walk(cell, Paragraph(0, "body"))
                self.tables = inner.tables
                if not inner.blocks:
                    continue
                text, tags, ranges = "", [], []
                for block in inner.blocks:
                    if text:
                        text += "\n"
                    tags += [t.moved(t.start + len(text), t.end + len(text)) for t in block.tags]
                    text += block.text
                    ranges += block.ranges
                self._add(Paragraph(0, "table-cell", number, r, c), text, tags, ranges)


def _rows(table: Node) -> list[Node]:
    """The table's own rows (not those of tables nested in its cells)."""
    rows, stack = [], list(reversed(table.children))
    while stack:
        node = stack.pop()
        if not isinstance(node, Node):
            continue
        if node.name == "tr":
            rows.append(node)
        elif node.name in ("thead", "tbody", "tfoot"):
            stack.extend(reversed(node.children))
    return rows


def _tidy(text: str, tags: list[InlineTag]) -> tuple[str, list[InlineTag]]:
    """Each line stripped, empty lines dropped (as a browser shows them), tags moved along."""
    keep = [True] * len(text)
    position = 0
    for line in text.split("\n"):
        end = position + len(line)
        stripped = line.strip()
        if not stripped:
            for i in range(position, min(end + 1, len(text))):
                keep[i] = False
        else:
            lead = len(line) - len(line.lstrip())
            trail = len(line) - len(line.rstrip())
            for i in range(position, position + lead):
                keep[i] = False
            for i in range(end - trail, end):
                keep[i] = False
        position = end + 1
    new_at = [0] * (len(text) + 1)
    count = 0
    for i, kept in enumerate(keep):
        new_at[i] = count
        count += kept
    new_at[len(text)] = count
    tidy = "".join(ch for ch, kept in zip(text, keep, strict=True) if kept)
    if tidy.endswith("\n"):
        tidy = tidy.rstrip("\n")
    limit = len(tidy)
    return tidy, [t.moved(min(new_at[t.start], limit), min(new_at[t.end], limit)) for t in tags]


def _decode(data: bytes, filename: str) -> tuple[str, str]:
    dammit = UnicodeDammit(data, is_html=True)
    text = dammit.unicode_markup
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
    return text, dammit.original_encoding or "utf-8"


def _blocks(text: str, filename: str) -> list[Block]:
    collector = _Collector(text)
    try:
        builder = _TreeBuilder(text)
        builder.feed(text)
        collector.walk(builder.finish(), Paragraph(0, "body"))
    except (RecursionError, _TooDeep):  # thousands of nested tags: no real page
        raise DocumentError(
            f"{filename}: the page nests its elements too deeply to be read. Save it again from a browser "
            "or copy its text into a .txt file."
        ) from None
    for number, block in enumerate(collector.blocks):
        block.paragraph.block = number
    return collector.blocks


def html_tagged_blocks(data: bytes, filename: str) -> list[tuple[Paragraph, str, list[InlineTag]]]:
    text, _ = _decode(data, filename)
    return [(b.paragraph, b.text, b.tags) for b in _blocks(text, filename)]


def html_blocks(data: bytes, filename: str) -> list[tuple[Paragraph, str]]:
    return [(p, text) for p, text, _ in html_tagged_blocks(data, filename)]


# ---------------------------------------------------------------- writing


def _start_tag(tag: InlineTag) -> str:
    if "html" in tag.attrs:
        return tag.attrs["html"]
    element = _element(tag)
    href = tag.attrs.get("href")
    return f'<{element} href="{escape(href)}">' if href is not None else f"<{element}>"


def _element(tag: InlineTag) -> str:
    element = tag.attrs.get("element") or {"b": "strong", "i": "em"}.get(tag.kind, tag.kind)
    return element if re.fullmatch(r"[a-zA-Z][a-zA-Z0-9-]*", element) else "span"


def inline_html(text: str, tags: list[InlineTag]) -> str:
    """Text (escaped) with its tags as HTML elements, properly nested: a tag that crosses
    another is closed and opened again around it; "\\n" is <br>."""
    events: dict[int, list[tuple[int, int, InlineTag]]] = {}
    for tag in tags:
        start, end = min(max(tag.start, 0), len(text)), min(max(tag.end, 0), len(text))
        if start >= end:
            events.setdefault(start, []).append((1, 0, tag))
        else:
            events.setdefault(end, []).append((0, end - start, tag))  # inner closes first
            events.setdefault(start, []).append((2, -(end - start), tag))
    out: list[str] = []
    stack: list[InlineTag] = []
    last = 0

    def write_text(piece: str) -> None:
        out.append("<br>".join(escape(line, quote=False) for line in piece.split("\n")))

    for position in sorted(events):
        write_text(text[last:position])
        last = position
        for order, _, tag in sorted(
            events[position], key=lambda e: (e[0], e[1], -e[2].id if e[0] == 0 else e[2].id)
        ):
            if order == 0:  # close: close what was opened inside it, then reopen those
                if tag not in stack:
                    continue
                inner = stack[stack.index(tag) + 1 :]
                for other in reversed(inner):
                    out.append(f"</{_element(other)}>")
                out.append(f"</{_element(tag)}>")
                stack.remove(tag)
                for other in inner:
                    out.append(_start_tag(other))
            elif order == 1:  # a point: an image, kept HTML, or an emptied element
                html = tag.attrs.get("html", "")
                if "outer" in tag.attrs:
                    out.append(tag.attrs["outer"])
                elif tag.attrs.get("element") in IGNORED | VOID:
                    out.append(html)
                else:
                    out.append(_start_tag(tag) + f"</{_element(tag)}>")
            else:
                out.append(_start_tag(tag))
                stack.append(tag)
    write_text(text[last:])
    for tag in reversed(stack):
        out.append(f"</{_element(tag)}>")
    return "".join(out)


def _lines(text: str, tags: list[InlineTag], count: int):
    if count <= 1 or text.count("\n") != count - 1:
        return [(text, tags)] + [("", [])] * (count - 1)
    result, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        own = [
            t.moved(max(t.start, start) - start, min(t.end, end) - start)
            for t in tags
            if (t.start < end and t.end > start) or (t.start == t.end and start <= t.start <= end)
        ]
        result.append((line, own))
        start = end + 1
    return result


_HTML_START = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_LANG = re.compile(r"""(\s(?:xml:)?lang\s*=\s*)(["']?)[^"'\s>]*\2""", re.IGNORECASE)


def _quoted(match: re.Match, value: str) -> str:
    quote = match.group(2) or '"'
    return quote + value + quote


def _with_language(page: str, language: str) -> str:
    match = _HTML_START.search(page)
    if match is None:
        return page
    start_tag = match.group()
    if _LANG.search(start_tag):
        new = _LANG.sub(lambda m: m.group(1) + _quoted(m, language), start_tag)
    else:
        new = start_tag[:5] + f' lang="{language}"' + start_tag[5:]
    return page[: match.start()] + new + page[match.end() :]


def html_from_original(document: Document, data: bytes, filename: str) -> bytes:
    text, encoding = _decode(data, filename)
    blocks = _blocks(text, filename)
    check_blocks(document, {b.paragraph.block or 0: b.text for b in blocks}, filename)
    english = {
        p.block: (target, tags)
        for p, target, tags in paragraph_tags(document, "target")
        if p.block is not None
    }
    replacements: list[tuple[int, int, str]] = []
    for block in blocks:
        if block.paragraph.block not in english:
            continue
        target, tags = english[block.paragraph.block]
        for (start, end), (line, own) in zip(
            block.ranges, _lines(target, tags, len(block.ranges)), strict=True
        ):
            replacements.append((start, end, inline_html(line, own)))
    out, last = [], 0
    for start, end, html in sorted(replacements):
        if start < last:  # never overlaps for a page we read ourselves; be safe anyway
            continue
        out.append(text[last:start])
        out.append(html)
        last = end
    out.append(text[last:])
    page = _with_language("".join(out), document.target_lang)
    try:
        return page.encode(encoding, errors="xmlcharrefreplace")
    except LookupError:
        return page.encode("utf-8")


def document_to_html(document: Document) -> bytes:
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(document.target_lang)}">',
        f'<head><meta charset="utf-8"><title>{escape(document.name)}</title></head>',
        "<body>",
    ]
    open_list = False
    table: int | None = None
    row: int | None = None
    for paragraph, text, tags in paragraph_tags(document, "target"):
        html = inline_html(text, tags)
        style = paragraph.style
        if open_list and style != "list-item":
            lines.append("</ul>")
            open_list = False
        if table is not None and (style != "table-cell" or paragraph.table != table):
            lines.append("</tr></table>")
            table, row = None, None
        if style == "list-item":
            if not open_list:
                lines.append("<ul>")
                open_list = True
            lines.append(f"<li>{html}</li>")
        elif style == "table-cell":
            if table is None:
                lines.append("<table>")
                table, row = paragraph.table, None
            if paragraph.row != row:
                lines.append(("</tr>" if row is not None else "") + "<tr>")
                row = paragraph.row
            lines.append(f"<td>{html}</td>")
        elif style.startswith("heading") and style[7:].isdigit():
            level = min(max(int(style[7:]), 1), 6)
            lines.append(f"<h{level}>{html}</h{level}>")
        elif style == "title":
            lines.append(f"<h1>{html}</h1>")
        elif style == "quote":
            lines.append(f"<blockquote><p>{html}</p></blockquote>")
        elif style in ("header", "footer"):
            lines.append(f"<{style}><p>{html}</p></{style}>")
        else:
            lines.append(f"<p>{html}</p>")
    if open_list:
        lines.append("</ul>")
    if table is not None:
        lines.append("</tr></table>")
    lines += ["</body>", "</html>", ""]
    return "\n".join(lines).encode("utf-8")
