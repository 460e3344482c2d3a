"""TMX 1.4b export: the human-approved segments of a document as a translation memory.

Which segments: CONFIRMED and EDITED ones (`TM_STATUSES`). A translation memory should hold
translations a person stands behind; confirmed segments were approved, edited ones were written
by the editor. Untouched machine translation (TRANSLATED) and empty segments (NEW) are left out:
feeding raw MT back into a TM would make the next job look "matched" when nobody checked it.
Pass `statuses=(CONFIRMED,)` to export only approved segments. Identical source/target pairs are
written once.

Contract:
- `document_to_tmx(document, statuses=TM_STATUSES, now=None)` -> bytes: <tmx version="1.4">,
  <header creationtool="workbench" creationtoolversion=... datatype="plaintext"
  segtype="sentence" adminlang="en" srclang=<source lang> o-tmf="workbench" creationdate=...>,
  then one <tu tuid=<segment number>> per segment with <prop type="x-document"> (document name)
  and two <tuv xml:lang=... creationdate=...><seg>, source first. Dates are UTC, "YYYYMMDDThhmmssZ".
- All text is XML-safe (see xmlsafe).
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import metadata

from lxml import etree

from workbench.document import CONFIRMED, EDITED, Document
from workbench.documents.xmlsafe import to_bytes, xml_text

TM_STATUSES = (CONFIRMED, EDITED)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def tool_version() -> str:
    try:
        return metadata.version("workbench")
    except metadata.PackageNotFoundError:  # running from a checkout that is not pip-installed
        return "dev"


def tmx_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _tuv(tu, lang: str, text: str, date: str) -> None:
    tuv = etree.SubElement(tu, "tuv", creationdate=date)
    tuv.set(XML_LANG, lang)
    etree.SubElement(tuv, "seg").text = xml_text(text)


def document_to_tmx(document: Document, statuses=TM_STATUSES, now: datetime | None = None) -> bytes:
    date = tmx_date(now or datetime.now(UTC))
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        creationtool="workbench",
        creationtoolversion=tool_version(),
        datatype="plaintext",
        segtype="sentence",
        adminlang="en",
        srclang=document.source_lang,
        creationdate=date,
        **{"o-tmf": "workbench"},
    )
    body = etree.SubElement(root, "body")
    seen: set[tuple[str, str]] = set()
    for segment in document.segments:
        pair = (xml_text(segment.source), xml_text(segment.target))
        if segment.status not in statuses or not pair[1].strip() or pair in seen:
            continue
        seen.add(pair)
        tu = etree.SubElement(body, "tu", tuid=str(segment.index + 1), creationdate=date)
        etree.SubElement(tu, "prop", type="x-document").text = xml_text(document.name)
        _tuv(tu, document.source_lang, segment.source, date)
        _tuv(tu, document.target_lang, segment.target, date)
    return to_bytes(root)
