"""Word documents (.docx) in and out, with python-docx, inline formatting kept.

Contract:
- `docx_tagged_blocks(data, filename)` -> [(Paragraph, text, tags)] in reading order: the
  headers (each distinct header of each section: default, first page, even pages), the body,
  then the footers. Paragraph styles map to Paragraph.style: Title -> title, Heading N ->
  headingN (N capped at 6), Quote/Intense Quote -> quote, List* -> list-item, anything else
  body; header and footer paragraphs get style header / footer. Every table cell becomes one
  block of style table-cell with table/row/col (0-based; a merged cell is read once, at its
  first position); a cell's paragraphs are joined with "\n". `Paragraph.block` numbers each
  block in that walk, so `docx_from_original` finds it again. Comments and text boxes are not
  read. `docx_blocks` is the same without tags.
- Inline formatting becomes tags (workbench.tags): bold (also the "Strong" character style),
  italic (also "Emphasis"), underline, superscript, subscript, one tag per run of characters
  that carry it; a hyperlink becomes an `a` tag with attrs href (its address) and anchor (a
  bookmark inside the document), when present. w:br and w:cr are "\n" in the text, w:tab "\t".
  A run holding a picture (or another object) is a point tag (attrs "object"), so the picture
  moves with the words around it.
- python-docx never sees the uploaded bytes: it reads the clean copy made by
  `safety.checked_office_file` (size caps, zip bombs and members that lie about their size
  refused, word/document.xml present, no DTD/entities in any part). Any failure, and any
  python-docx error, is a `DocumentError` naming the file.
- `docx_from_original(document, data, filename)` -> bytes: the original file with the text of
  each block replaced by its English: the runs of each paragraph are written again from the
  English and its tags, with the first run's character formatting (font, size, colour) and
  bold/italic/underline/superscript/subscript from the tags; hyperlinks are written again
  with their address; paragraph styles, tables, headers, footers, images, sections and
  everything else in the file stay as they were. A cell or block whose English has as many
  lines as it had paragraphs gets one line per paragraph, else all of it in its first
  paragraph. Core properties: language = the target language.
  An original whose blocks are not the document's German (another file, a damaged one)
  raises `DocumentError` (`tags.check_blocks`): English is never written into the wrong place.
- `document_to_docx(document, side="target")` -> bytes, for documents without an original
  (typed text, Markdown, HTML): the paragraphs of the document with the source's structure
  (title and heading levels, quotes, bullet lists, tables rebuilt at their place, header and
  footer blocks in the section's header and footer), runs formatted from the tags, text made
  XML-safe; core properties: title = document name, language = target language.
"""

from __future__ import annotations

import copy
import io
import re
from typing import cast

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.run import CT_R
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph as WordParagraph
from docx.text.run import Run

from workbench.document import Document, Paragraph
from workbench.documents.safety import DocumentError, checked_office_file
from workbench.documents.xmlsafe import xml_text
from workbench.tags import InlineTag, check_blocks, paragraph_tags, runs

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


_STYLE_KINDS = {"strong": "b", "emphasis": "i"}
_RUN_KINDS = ("b", "i", "u", "sup", "sub")
# run properties that come from tags when the runs are written again
_FORMATTING = ("w:b", "w:bCs", "w:i", "w:iCs", "w:u", "w:vertAlign")


def _run_kinds(run: Run) -> set[str]:
    kinds = set()
    style = (run.style.name if run.style is not None else "").strip().lower()
    if style in _STYLE_KINDS:
        kinds.add(_STYLE_KINDS[style])
    if run.bold:
        kinds.add("b")
    if run.italic:
        kinds.add("i")
    if run.underline not in (None, False):
        kinds.add("u")
    if run.font.superscript:
        kinds.add("sup")
    if run.font.subscript:
        kinds.add("sub")
    return kinds


def _paragraph_pieces(paragraph: WordParagraph):
    """(text, kinds, link, object) for each run: link = (number, attrs) of its hyperlink or
    None; object = the number of a run holding a picture or other object (else None)."""
    objects = 0
    for number, item in enumerate(paragraph.iter_inner_content()):
        if isinstance(item, Hyperlink):
            attrs = {k: v for k, v in (("href", item.address), ("anchor", item.fragment)) if v}
            for run in item.runs:
                yield run.text, _run_kinds(run), (number, attrs), None
        else:
            if not _is_text_run(item._r):
                yield "", set(), None, objects
                objects += 1
            yield item.text, _run_kinds(item), None, None


def _block(paragraphs: list[WordParagraph]) -> tuple[str, list[InlineTag]]:
    """The text of these paragraphs (joined with "\n") and their formatting as tags."""
    text: list[str] = []
    length = 0
    tags: list[InlineTag] = []
    open_kinds: dict[str, InlineTag] = {}
    open_link: tuple[object, InlineTag] | None = None
    for n, paragraph in enumerate(paragraphs):
        if n:
            text.append("\n")
            length += 1
            open_kinds, open_link = {}, None
        for piece, kinds, link, picture in _paragraph_pieces(paragraph):
            if picture is not None:  # a point: the picture moves with the words around it
                tags.append(InlineTag(0, "span", length, length, {"object": f"{n}:{picture}"}))
            if not piece:
                continue
            end = length + len(piece)
            for kind in _RUN_KINDS:
                if kind in kinds:
                    if kind in open_kinds and open_kinds[kind].end == length:
                        open_kinds[kind].end = end
                    else:
                        open_kinds[kind] = InlineTag(0, kind, length, end)
                        tags.append(open_kinds[kind])
            if link is not None:
                if open_link is not None and open_link[0] == (n, link[0]):
                    open_link[1].end = end
                else:
                    open_link = ((n, link[0]), InlineTag(0, "a", length, end, dict(link[1])))
                    tags.append(open_link[1])
            text.append(piece)
            length = end
    return "".join(text), tags


def _table_blocks(table: Table, number: int) -> list[tuple[Paragraph, list[WordParagraph]]]:
    blocks = []
    seen = set()  # the <w:tc> elements themselves: holding them keeps lxml's proxies stable
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if cell._tc in seen:  # merged cells repeat: read the text once
                continue
            seen.add(cell._tc)
            blocks.append((Paragraph(0, "table-cell", number, r, c), list(cell.paragraphs)))
    return blocks


def _content(container, margin: str | None, tables: list[int]):
    blocks: list[tuple[Paragraph, list[WordParagraph]]] = []
    for item in container.iter_inner_content():
        if isinstance(item, Table):
            blocks.extend(_table_blocks(item, tables[0]))
            tables[0] += 1
        else:
            style = item.style.name if item.style is not None else ""
            blocks.append((Paragraph(0, margin or style_of(style)), [item]))
    return blocks


def _margins(word, kind: str) -> list:
    """The distinct headers (or footers) of all sections, in section order."""
    found, seen = [], set()
    for section in word.sections:
        names = (kind, f"first_page_{kind}", f"even_page_{kind}")
        for name in names:
            if name != kind and not (
                section.different_first_page_header_footer
                if name.startswith("first")
                else word.settings.odd_and_even_pages_header_footer
            ):
                continue
            margin = getattr(section, name)
            if margin.is_linked_to_previous:
                continue
            part = margin.part
            if id(part) in seen:
                continue
            seen.add(id(part))
            found.append(margin)
    return found


def _walk(word) -> list[tuple[Paragraph, list[WordParagraph]]]:
    """Every block of the document in reading order (see the module contract)."""
    tables = [0]
    blocks = []
    for header in _margins(word, "header"):
        blocks.extend(_content(header, "header", tables))
    blocks.extend(_content(word, None, tables))
    for footer in _margins(word, "footer"):
        blocks.extend(_content(footer, "footer", tables))
    for number, (paragraph, _) in enumerate(blocks):
        paragraph.block = number
    return blocks


def _open(data: bytes, filename: str):
    clean = checked_office_file(data, filename, "word/document.xml", KIND)
    return docx.Document(io.BytesIO(clean))


def _failed(filename: str, error: Exception) -> DocumentError:
    return DocumentError(
        f"{filename}: python-docx could not read this {KIND} ({type(error).__name__}: {error}). "
        "Open it in Word or LibreOffice and save it again as .docx."
    )


def docx_tagged_blocks(data: bytes, filename: str) -> list[tuple[Paragraph, str, list[InlineTag]]]:
    try:
        word = _open(data, filename)
        return [(p, *_block(paragraphs)) for p, paragraphs in _walk(word)]
    except DocumentError:
        raise
    except Exception as error:  # noqa: BLE001 - python-docx raises many kinds on damaged files
        raise _failed(filename, error) from None


def docx_blocks(data: bytes, filename: str) -> list[tuple[Paragraph, str]]:
    return [(p, text) for p, text, _ in docx_tagged_blocks(data, filename)]


# ---------------------------------------------------------------- writing


def _is_text_run(element) -> bool:
    """A run that only holds text (no picture, field or embedded object): written again."""
    if element.tag != qn("w:r"):
        return False
    allowed = {
        qn("w:rPr"),
        qn("w:t"),
        qn("w:br"),
        qn("w:cr"),
        qn("w:tab"),
        qn("w:lastRenderedPageBreak"),
    }
    return all(child.tag in allowed for child in element)


def _template(p, inside_link: bool):
    """A copy of the character formatting of the paragraph's first text run (in a hyperlink,
    when `inside_link`), without what the tags decide."""
    for r in p.iter(qn("w:r")):
        parent_is_link = r.getparent().tag == qn("w:hyperlink")
        if parent_is_link != inside_link or not _is_text_run(r):
            continue
        rpr = r.find(qn("w:rPr"))
        if rpr is None:
            return None
        rpr = copy.deepcopy(rpr)
        for name in _FORMATTING:
            for child in rpr.findall(qn(name)):
                rpr.remove(child)
        return rpr
    return None


def _hyperlink_style(paragraph: WordParagraph) -> str | None:
    try:
        styles = paragraph.part.document.styles  # type: ignore[attr-defined]
        return "Hyperlink" if "Hyperlink" in [s.name for s in styles] else None
    except Exception:  # noqa: BLE001 - a header part or a document without styles
        return None


def _new_run(paragraph: WordParagraph, piece: str, kinds: set[str], rpr) -> CT_R:
    r = cast(CT_R, OxmlElement("w:r"))
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    run = Run(r, paragraph)
    if "b" in kinds:
        run.bold = True
    if "i" in kinds:
        run.italic = True
    if "u" in kinds:
        run.underline = True
    if "sup" in kinds:
        run.font.superscript = True
    elif "sub" in kinds:
        run.font.subscript = True
    run.text = xml_text(piece)
    return r


def write_paragraph(paragraph: WordParagraph, text: str, tags: list[InlineTag]) -> None:
    """Replace the paragraph's text runs and hyperlinks with `text` formatted by `tags`."""
    p = paragraph._p
    plain_rpr, link_rpr = _template(p, False), _template(p, True)
    link_style = None
    if link_rpr is None:
        link_rpr = copy.deepcopy(plain_rpr) if plain_rpr is not None else None
        link_style = _hyperlink_style(paragraph)
    removable = [
        child
        for child in p
        if _is_text_run(child) or child.tag in (qn("w:hyperlink"), qn("w:proofErr"))
    ]
    objects = [child for child in p if child.tag == qn("w:r") and not _is_text_run(child)]
    for child in objects:  # a run with a picture and text: the picture stays, the text is rewritten
        for text in child.findall(qn("w:t")):
            child.remove(text)
    position = list(p).index(removable[0]) if removable else len(p)
    for child in removable:
        p.remove(child)
    new_elements = []
    link_element, link_tag = None, None
    for piece, active in runs(text, tags):
        if not piece:
            for point in active:  # a picture's place: the run holding it moves there
                number = point.attrs.get("object", "").partition(":")[2]
                if number.isdigit() and int(number) < len(objects):
                    element = objects[int(number)]
                    if element.getparent() is p:
                        if list(p).index(element) < position:
                            position -= 1
                        p.remove(element)
                    new_elements.append(element)
                    link_element, link_tag = None, None
            continue
        kinds = {t.kind for t in active}
        link = next((t for t in active if t.kind == "a"), None)
        if link is None:
            link_element, link_tag = None, None
            new_elements.append(_new_run(paragraph, piece, kinds, plain_rpr))
            continue
        if link is not link_tag:
            link_element = OxmlElement("w:hyperlink")
            href, anchor = link.attrs.get("href", ""), link.attrs.get("anchor", "")
            if href:
                link_element.set(
                    qn("r:id"), paragraph.part.relate_to(href, RT.HYPERLINK, is_external=True)
                )
            if anchor:
                link_element.set(qn("w:anchor"), anchor)
            link_tag = link
            new_elements.append(link_element)
        r = _new_run(paragraph, piece, kinds, link_rpr)
        if link_style:
            Run(r, paragraph).style = link_style
        assert link_element is not None
        link_element.append(r)
    for offset, element in enumerate(new_elements):
        p.insert(position + offset, element)


def _lines(text: str, tags: list[InlineTag], count: int) -> list[tuple[str, list[InlineTag]]]:
    """The block's English cut into `count` lines (one per paragraph) when it has that many,
    else all of it for the first paragraph and nothing for the others."""
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


def docx_from_original(document: Document, data: bytes, filename: str) -> bytes:
    try:
        word = _open(data, filename)
        blocks = _walk(word)
        check_blocks(
            document, {p.block or 0: _block(paragraphs)[0] for p, paragraphs in blocks}, filename
        )
        english = {
            p.block: (text, tags)
            for p, text, tags in paragraph_tags(document, "target")
            if p.block is not None
        }
        for paragraph, paragraphs in blocks:
            if paragraph.block not in english:
                continue
            text, tags = english[paragraph.block]
            for target, (line, own) in zip(
                paragraphs, _lines(text, tags, len(paragraphs)), strict=True
            ):
                write_paragraph(target, line, own)
        word.core_properties.language = document.target_lang
        out = io.BytesIO()
        word.save(out)
        return out.getvalue()
    except DocumentError:
        raise
    except Exception as error:  # noqa: BLE001 - python-docx raises many kinds on damaged files
        raise _failed(filename, error) from None


def _table_sizes(paragraphs: list[Paragraph]) -> dict[int, tuple[int, int]]:
    sizes: dict[int, tuple[int, int]] = {}
    for p in paragraphs:
        if p.style == "table-cell" and p.table is not None:
            rows, cols = sizes.get(p.table, (0, 0))
            sizes[p.table] = (max(rows, (p.row or 0) + 1), max(cols, (p.col or 0) + 1))
    return sizes


def _add_paragraph(word, style: str, started: set[str]) -> WordParagraph:
    if style == "title":
        return word.add_heading("", 0)
    if style.startswith("heading"):
        level = style[7:]
        return word.add_heading("", min(int(level), 9) if level.isdigit() else 1)
    if style == "quote":
        return word.add_paragraph("", style="Quote")
    if style == "list-item":
        return word.add_paragraph("", style="List Bullet")
    if style in ("header", "footer"):
        margin = getattr(word.sections[0], style)
        if style not in started and margin.paragraphs:  # a new header has one empty paragraph
            started.add(style)
            return margin.paragraphs[0]
        return margin.add_paragraph("")
    return word.add_paragraph("")


def document_to_docx(document: Document, side: str = "target") -> bytes:
    word = docx.Document()
    word.core_properties.title = xml_text(document.name)
    word.core_properties.language = (
        document.target_lang if side == "target" else document.source_lang
    )
    blocks = paragraph_tags(document, side)
    sizes = _table_sizes([p for p, _, _ in blocks])
    tables = {}
    started: set[str] = set()
    for paragraph, text, tags in blocks:
        if paragraph.style == "table-cell" and paragraph.table is not None:
            if paragraph.table not in tables:
                rows, cols = sizes[paragraph.table]
                tables[paragraph.table] = word.add_table(rows=rows, cols=cols)
                tables[paragraph.table].style = "Table Grid"
            cell = tables[paragraph.table].cell(paragraph.row or 0, paragraph.col or 0)
            write_paragraph(cell.paragraphs[0], text, tags)
        else:
            write_paragraph(_add_paragraph(word, paragraph.style, started), text, tags)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
