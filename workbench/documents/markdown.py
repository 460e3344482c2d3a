"""Markdown with its inline formatting as tags, and the original file written out in English.

Contract:
- `markdown_tagged_blocks(text)` -> [Block]: the blocks of `textfiles.markdown_blocks` (ATX
  headings, "- "/"* "/"+ " list items, "> " quote lines, body paragraphs between blank lines),
  each with its inline formatting as tags (workbench.tags) and where its text is in the
  file. Fenced code blocks (``` or ~~~ up to the closing fence) are no block at all: never
  translated, and left exactly as they are by `markdown_from_original`.
- Inline syntax read (a subset of CommonMark, chosen for news copy): `**strong**` and
  `__strong__` -> b, `*emphasis*` and `_emphasis_` (underscores only at word edges) -> i,
  `[text](destination)` -> a (attrs href, and "md" the destination as written), `` `code` ``
  -> code (its text is put back verbatim in the English, see `tags.carry`), `![alt](src)`
  -> a point holding the image exactly as written. Each tag remembers its delimiter (attrs
  "md"), so the English is written with the same ones. Backslash escapes stay in the text as
  written; everything else (HTML, autolinks) is text.
- `markdown_inline(text, tags)` writes text with its tags as Markdown again (tags Markdown has
  no syntax for, such as underline, write their text only).
- `markdown_from_original(document, text)` -> str: the original Markdown with each block's text
  replaced by its English (heading, list and quote markers, blank lines, code fences and
  everything between blocks unchanged). A file whose blocks are not the document's German
  raises `DocumentError` (`tags.check_blocks`); the same holds for .docx and .html.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.document import Document, Paragraph
from workbench.tags import InlineTag, check_blocks, paragraph_tags

_HEADING = re.compile(r"^( {0,3}#{1,6}[ \t]+)(.*?)(?:[ \t]+#+)?[ \t]*$")
_LIST = re.compile(r"^( {0,3}[-*+][ \t]+)(.*?)[ \t]*$")
_QUOTE = re.compile(r"^( {0,3}>[ \t]?)(.*?)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_LINK = re.compile(
    r"\[((?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\](\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\))"
)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)
_EMPHASIS = re.compile(r"(\*|_)(?=[^\s*_])(.+?)(?<=[^\s*_])\1", re.DOTALL)


@dataclass
class Block:
    paragraph: Paragraph
    text: str
    tags: list[InlineTag]
    span: tuple[int, int]  # where the block's text is in the file


def _word_edge(text: str, start: int, end: int) -> bool:
    """Underscore emphasis only at word edges ("snake_case_name" is not emphasis)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def parse_inline(source: str) -> tuple[str, list[InlineTag]]:
    """Plain text and tags of one block's Markdown."""
    out: list[str] = []
    tags: list[InlineTag] = []
    length = 0
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\" and i + 1 < len(source):
            out.append(source[i : i + 2])
            length += 2
            i += 2
            continue
        match = None
        if ch == "`":
            match = _CODE.match(source, i)
            if match:
                code = match.group(2)
                tags.append(
                    InlineTag(0, "code", length, length + len(code), {"md": match.group(1)})
                )
                out.append(code)
                length += len(code)
                i = match.end()
                continue
        if ch == "!" and (match := _IMAGE.match(source, i)):
            tags.append(InlineTag(0, "span", length, length, {"md": match.group()}))
            i = match.end()
            continue
        if ch == "[" and (match := _LINK.match(source, i)):
            inner, inner_tags = parse_inline(match.group(1))
            if not inner:  # a linked image and no text: kept whole, as written
                tags.append(InlineTag(0, "span", length, length, {"md": match.group()}))
                i = match.end()
                continue
            destination = match.group(2)
            href = destination[1:-1].strip().split()[0] if destination[1:-1].strip() else ""
            tags.append(
                InlineTag(0, "a", length, length + len(inner), {"href": href, "md": destination})
            )
            tags.extend(t.moved(t.start + length, t.end + length) for t in inner_tags)
            out.append(inner)
            length += len(inner)
            i = match.end()
            continue
        if ch in "*_":
            for pattern, kind in ((_STRONG, "b"), (_EMPHASIS, "i")):
                match = pattern.match(source, i)
                if match and (ch == "*" or _word_edge(source, i, match.end())):
                    inner, inner_tags = parse_inline(match.group(2))
                    tags.append(
                        InlineTag(0, kind, length, length + len(inner), {"md": match.group(1)})
                    )
                    tags.extend(t.moved(t.start + length, t.end + length) for t in inner_tags)
                    out.append(inner)
                    length += len(inner)
                    i = match.end()
                    break
            else:
                match = None
            if match:
                continue
        out.append(ch)
        length += 1
        i += 1
    return "".join(out), tags


def markdown_tagged_blocks(text: str) -> list[Block]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[Block] = []
    body: list[tuple[int, int]] = []  # (start, end) of each body line's text
    fence: str | None = None

    def add(style: str, start: int, end: int) -> None:
        plain, tags = parse_inline(text[start:end])
        paragraph = Paragraph(index=len(blocks), style=style, block=len(blocks))
        blocks.append(Block(paragraph, plain, tags, (start, end)))

    def flush() -> None:
        if body:
            add("body", body[0][0], body[-1][1])
            body.clear()

    position = 0
    for line in text.split("\n"):
        start, end = position, position + len(line)
        position = end + 1
        if fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            continue
        if opening := _FENCE.match(line):
            flush()
            fence = opening.group(1)
            continue
        single = next(
            (
                (style, m)
                for pattern, style in (
                    (_HEADING, "heading"),
                    (_LIST, "list-item"),
                    (_QUOTE, "quote"),
                )
                if (m := pattern.match(line))
            ),
            None,
        )
        if single is not None:
            flush()
            style, match = single
            if style == "heading":
                style = f"heading{match.group(1).count('#')}"
            if match.group(2).strip():
                add(style, start + match.start(2), start + match.end(2))
        elif line.strip():
            lead = len(line) - len(line.lstrip())
            body.append((start + lead, start + len(line.rstrip())))
        else:
            flush()
    flush()
    return blocks


def _delimiters(tag: InlineTag) -> tuple[str, str]:
    md = tag.attrs.get("md", "")
    if tag.kind == "a":
        href = tag.attrs.get("href", "")
        return "[", "]" + (md if md.startswith("(") else f"({href})")
    if tag.kind == "b":
        return (md, md) if md in ("**", "__") else ("**", "**")
    if tag.kind == "i":
        return (md, md) if md in ("*", "_") else ("_", "_")
    if tag.kind == "code":
        return (md, md) if md and set(md) == {"`"} else ("`", "`")
    return "", ""


def markdown_inline(text: str, tags: list[InlineTag]) -> str:
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
    for position in sorted(events):
        out.append(text[last:position])
        last = position
        for order, _, tag in sorted(
            events[position], key=lambda e: (e[0], e[1], -e[2].id if e[0] == 0 else e[2].id)
        ):
            if order == 0:
                if tag not in stack:
                    continue
                inner = stack[stack.index(tag) + 1 :]
                out.extend(_delimiters(t)[1] for t in reversed(inner))
                out.append(_delimiters(tag)[1])
                stack.remove(tag)
                out.extend(_delimiters(t)[0] for t in inner)
            elif order == 1:
                out.append(tag.attrs.get("md", "") if tag.kind == "span" else "")
            else:
                out.append(_delimiters(tag)[0])
                stack.append(tag)
    out.append(text[last:])
    out.extend(_delimiters(t)[1] for t in reversed(stack))
    return "".join(out)


def markdown_from_original(
    document: Document, text: str, filename: str = "the Markdown file"
) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    english = {
        p.block: markdown_inline(target, tags)
        for p, target, tags in paragraph_tags(document, "target")
        if p.block is not None
    }
    blocks = markdown_tagged_blocks(text)
    check_blocks(document, {b.paragraph.block or 0: b.text for b in blocks}, filename)
    out, last = [], 0
    for block in blocks:
        start, end = block.span
        if block.paragraph.block not in english or start < last:
            continue
        out.append(text[last:start])
        out.append(english[block.paragraph.block])
        last = end
    out.append(text[last:])
    return "".join(out)
