"""XML that always parses, and XML parsing that never expands entities.

Contract:
- `xml_text(text)` returns text every XML 1.0 parser accepts: Word's vertical tab (manual line
  break) and form feed (page break) become "\\n"; other characters XML 1.0 forbids (NUL and the
  other C0 controls except tab, newline, carriage return; lone surrogates; U+FFFE/U+FFFF) are
  dropped. Every XML, docx and xlsx export passes its text through it.
- `parse_xml(data, filename, kind)` parses untrusted XML (XLIFF, TBX) and returns the lxml root.
  Entity declarations (billion laughs) and external entities are refused with a `DocumentError`
  before lxml sees the file (defusedxml), and lxml itself runs with entities unresolved and no
  network. A plain `<!DOCTYPE martif SYSTEM "...dtd">`, common in TBX files, is allowed: the
  DTD is never loaded.
- `to_bytes(root)` serialises with an XML declaration, UTF-8, indented.
"""

from __future__ import annotations

import re

import defusedxml
import defusedxml.ElementTree as defused_tree
from lxml import etree

from workbench.documents.safety import DocumentError, check_size

_BREAKS = re.compile(r"[\x0b\x0c]")
_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return _FORBIDDEN.sub("", _BREAKS.sub("\n", text or ""))


def local_name(element) -> str:
    """Tag without namespace; "" for comments and processing instructions."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def parse_xml(data: bytes, filename: str, kind: str):
    check_size(data, filename)
    try:
        defused_tree.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException:
        raise DocumentError(
            f"{filename}: this {kind} declares XML entities (a billion-laughs or external-entity "
            "attack, or a file from an unusual tool). It was not read; export it again from your CAT tool."
        ) from None
    except defused_tree.ParseError as error:
        raise DocumentError(f"{filename}: this is not a well-formed {kind}: {error}.") from None
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise DocumentError(f"{filename}: this is not a well-formed {kind}: {error}.") from None


def to_bytes(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
