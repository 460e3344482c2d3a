"""XLIFF 1.2 export and re-import, for CAT tools (OmegaT, MateCat, Trados, memoQ, Phrase).

Why 1.2 and not 2.1: XLIFF 1.2 is what CAT tools actually exchange. OmegaT's XLIFF filter,
Trados Studio (whose own SDLXLIFF is 1.2 underneath), memoQ, MateCat and Okapi all read 1.2,
and translate-toolkit's `translate.storage.xliff` (used by Pootle/Weblate pipelines and by our
tests as an independent parser) is a 1.2 reader. XLIFF 2.x support is newer and partial in
several of these tools (OmegaT reads 2.0 only through Okapi plugins), so 1.2 loses nothing we
need: units, states, notes and machine suggestions all have 1.2 elements.

Contract:
- `document_to_xliff(document)` -> bytes: one <file> (original = document name,
  source-language/target-language from the document, datatype plaintext), one <group> per
  paragraph (restype x-<style>), one <trans-unit> per segment with id = segment number
  (1-based, as in the bilingual tables), <source>, <target state=...> and, when there is
  machine translation, <alt-trans origin="workbench-mt">. Flags become <note from="workbench">.
  States: new -> "new" (empty target), translated (MT untouched) -> "needs-review-translation",
  edited -> "translated", confirmed -> "final" with approved="yes".
- Inline formatting (workbench.tags) goes into <source> and <target> as XLIFF inline elements,
  so CAT tools show them as tags: a tag around words is <g id="n" ctype="bold|italic|
  underlined|link|superscript|subscript|x-code|x-span">, a point <x id="n"/>, and a tag
  that crosses another (not nestable) <bx id="n" rid="n"/> … <ex id="n-end" rid="n"/>. The
  id is the tag's number in the segment (as in the editor's ⟨n⟩ markers).
- `read_xliff(data, filename)` -> [TableRow]: id, source and target of every trans-unit, with
  line numbers: the source as plain text, the target with its <g>/<x>/<bx>/<ex> (and a CAT
  tool's <bpt>/<ept>/<ph>/<it>, whose native code is not text) as ⟨n⟩ markers (<mrk> and other
  inline elements flattened to their text; markers of numbers the segment has no tag for are
  dropped on import); a file that is not XLIFF 1.x, or
  declares entities, raises `DocumentError`.
"""

from __future__ import annotations

from lxml import etree

from workbench.document import CONFIRMED, EDITED, MEMORY, NEW, TRANSLATED, Document
from workbench.documents.bilingual import TableRow
from workbench.documents.safety import DocumentError
from workbench.documents.tmx import tool_version
from workbench.documents.xmlsafe import local_name, parse_xml, to_bytes, xml_text
from workbench.tags import CLOSE, OPEN, InlineTag, current_target_tags, tags_from_json

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
STATES = {
    NEW: "new",
    TRANSLATED: "needs-review-translation",
    MEMORY: "translated",
    EDITED: "translated",
    CONFIRMED: "final",
}


def _element(parent, tag: str, text: str | None = None, **attributes):
    element = etree.SubElement(
        parent, f"{{{NS}}}{tag}", {k.replace("_", "-"): v for k, v in attributes.items()}
    )
    if text is not None:
        element.text = xml_text(text)
    return element


def _unit(group, segment, document: Document) -> None:
    unit = _element(group, "trans-unit", id=str(segment.index + 1))
    unit.set(XML_SPACE, "preserve")
    if segment.status == CONFIRMED:
        unit.set("approved", "yes")
    source = _element(unit, "source")
    source.set(XML_LANG, document.source_lang)
    _inline(source, segment.source, tags_from_json(segment.source_tags))
    target = _element(unit, "target", state=STATES.get(segment.status, "new"))
    target.set(XML_LANG, document.target_lang)
    _inline(target, segment.target, current_target_tags(segment))
    for flag in segment.flags:
        _element(unit, "note", f"{flag.code}: {flag.message}", **{"from": "workbench"})
    if segment.machine:
        alt = _element(unit, "alt-trans", origin="workbench-mt")
        _element(alt, "target", segment.machine).set(XML_LANG, document.target_lang)


def document_to_xliff(document: Document) -> bytes:
    root = etree.Element(f"{{{NS}}}xliff", {"version": "1.2"}, nsmap={None: NS})
    file = _element(
        root,
        "file",
        original=xml_text(document.name),
        source_language=document.source_lang,
        target_language=document.target_lang,
        datatype="plaintext",
    )
    header = _element(file, "header")
    _element(
        header, "tool", tool_id="workbench", tool_name="workbench", tool_version=tool_version()
    )
    body = _element(file, "body")
    groups = {}
    for paragraph in document.paragraphs:
        groups[paragraph.index] = _element(
            body, "group", id=f"p{paragraph.index + 1}", restype=f"x-{paragraph.style}"
        )
    for segment in document.segments:
        group = groups.get(segment.paragraph)
        _unit(group if group is not None else body, segment, document)
    return to_bytes(root)


CTYPES = {
    "b": "bold", "i": "italic", "u": "underlined", "a": "link", "sup": "superscript",
    "sub": "subscript", "code": "x-code", "span": "x-span",
}  # fmt: skip


def _crossing(tags: list[InlineTag]) -> set[int]:
    """Positions (in `tags`) of tags that cross another one, so cannot nest as <g>."""
    crossing: set[int] = set()
    spans = [(t.start, t.end) for t in tags]
    for i, (a1, b1) in enumerate(spans):
        for j, (a2, b2) in enumerate(spans):
            if a1 < a2 < b1 < b2 and a2 < b1:
                crossing.update((i, j))
    return crossing


def _inline(element, text: str, tags: list[InlineTag]) -> None:
    """`text` into `element` with the tags as XLIFF inline elements."""
    if not tags:
        element.text = xml_text(text)
        return
    crossing = _crossing(tags)
    events: dict[int, list[tuple[int, int, int]]] = {}
    for n, tag in enumerate(tags):
        start, end = min(max(tag.start, 0), len(text)), min(max(tag.end, 0), len(text))
        if start >= end:
            events.setdefault(start, []).append((1, 0, n))
        else:
            events.setdefault(end, []).append((0, end - start, n))
            events.setdefault(start, []).append((2, -(end - start), n))
    stack = [element]
    last_child: list = [None]

    def write(piece: str) -> None:
        if not piece:
            return
        piece = xml_text(piece)
        child = last_child[0]
        if child is not None:
            child.tail = (child.tail or "") + piece
        else:
            stack[-1].text = (stack[-1].text or "") + piece

    def add(tag_name: str, **attributes):
        child = _element(stack[-1], tag_name, **attributes)
        last_child[0] = child
        return child

    last = 0
    for position in sorted(events):
        write(text[last:position])
        last = position
        for order, _, n in sorted(
            events[position],
            key=lambda e: (e[0], e[1], -tags[e[2]].id if e[0] == 0 else tags[e[2]].id),
        ):
            tag, number = tags[n], str(tags[n].id)
            ctype = CTYPES.get(tag.kind, "x-" + tag.kind)
            if tag.attrs.get("element") == "img":
                ctype = "image"
            if order == 1:
                add("x", id=number, ctype=ctype)
            elif n in crossing:
                if order == 2:
                    add("bx", id=number, rid=number, ctype=ctype)
                else:
                    add("ex", id=f"{number}-end", rid=number)
            elif order == 2:
                stack.append(add("g", id=number, ctype=ctype))
                last_child[0] = None
            else:
                last_child[0] = stack.pop()
    write(text[last:])


def _text(element) -> str:
    return "" if element is None else "".join(element.itertext())


def _marked(element) -> str:
    """The element's text with <g>/<x>/<bx>/<ex> as ⟨n⟩ markers."""
    if element is None:
        return ""
    out = [element.text or ""]
    for child in element:
        name = local_name(child)
        number = child.get("rid") or child.get("id") or ""
        if name == "g":
            out.append(f"{OPEN}{number}{CLOSE}{_marked(child)}{OPEN}/{number}{CLOSE}")
        elif name == "x":
            out.append(f"{OPEN}{number}/{CLOSE}")
        elif name in ("bx", "bpt"):  # bpt/ept/ph/it hold native code, never text
            out.append(f"{OPEN}{number}{CLOSE}")
        elif name in ("ex", "ept"):
            out.append(f"{OPEN}/{number}{CLOSE}")
        elif name in ("ph", "it"):
            out.append(f"{OPEN}{number}/{CLOSE}")
        else:
            out.append(_marked(child))
        out.append(child.tail or "")
    return "".join(out)


def _child(element, name: str):
    return next((c for c in element if local_name(c) == name), None)


def read_xliff(data: bytes, filename: str) -> list[TableRow]:
    root = parse_xml(data, filename, "XLIFF file")
    version = root.get("version", "")
    if local_name(root) != "xliff" or not version.startswith("1."):
        raise DocumentError(
            f"{filename}: this is not an XLIFF 1.2 file (root <{local_name(root)}> version '{version}'). "
            "Export XLIFF 1.2 from your CAT tool, or use the file the workbench exported."
        )
    rows = []
    for unit in root.iter():
        if local_name(unit) != "trans-unit":
            continue
        source = _child(unit, "source")
        target = _child(unit, "target")
        rows.append(
            TableRow(unit.sourceline or 0, unit.get("id", ""), _text(source), _marked(target))
        )
    return rows
