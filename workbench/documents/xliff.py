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
- `read_xliff(data, filename)` -> [TableRow]: id, source and target text of every trans-unit
  (inline tags such as <g>/<mrk> flattened to their text), with line numbers; a file that is
  not XLIFF 1.x, or declares entities, raises `DocumentError`.
"""

from __future__ import annotations

from lxml import etree

from workbench.document import CONFIRMED, EDITED, MEMORY, NEW, TRANSLATED, Document
from workbench.documents.bilingual import TableRow
from workbench.documents.safety import DocumentError
from workbench.documents.tmx import tool_version
from workbench.documents.xmlsafe import local_name, parse_xml, to_bytes, xml_text

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
    _element(unit, "source", segment.source).set(XML_LANG, document.source_lang)
    target = _element(unit, "target", segment.target, state=STATES.get(segment.status, "new"))
    target.set(XML_LANG, document.target_lang)
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


def _text(element) -> str:
    return "" if element is None else "".join(element.itertext())


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
            TableRow(unit.sourceline or 0, unit.get("id", ""), _text(source), _text(target))
        )
    return rows
