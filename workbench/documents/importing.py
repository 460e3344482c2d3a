"""Reading a file a translator brings into a `Document`, whatever it is.

Contract:
- `read_document(data, filename)` chooses by extension (case-insensitive):
  .txt -> `segment_text` (the original layout is kept exactly);
  .md/.markdown -> Markdown blocks, "#" heading markers kept as style heading1..6 only,
  inline formatting as tags, code fences left out (see `markdown.py`);
  .docx -> Word paragraphs, tables, headers and footers with inline formatting as tags
  (see `word.py`, `workbench.tags`); .html/.htm -> block elements with inline markup as tags
  (see `webpages.py`). The Document is named after the file (its base name, without folders).
- Every problem is a `DocumentError` whose message names the file, the problem and what to do:
  unsupported extension (with advice for .doc/.odt/.pdf/.rtf), empty file, file over
  `safety.MAX_DOCUMENT_BYTES`, undecodable or binary text, a .docx that is not one, zip bombs,
  XML entity tricks, and a file without any text. No other exception escapes for bad input.
- `SUPPORTED_EXTENSIONS` lists what can be read, for file pickers.
"""

from __future__ import annotations

from pathlib import PurePath

from workbench.document import Document
from workbench.documents.markdown import markdown_tagged_blocks
from workbench.documents.safety import DocumentError, check_size
from workbench.documents.textfiles import decode_text
from workbench.documents.webpages import html_tagged_blocks
from workbench.documents.word import docx_tagged_blocks
from workbench.segmenting import segment_text
from workbench.tags import segment_tagged_blocks

SUPPORTED_EXTENSIONS = (".txt", ".md", ".markdown", ".docx", ".html", ".htm")
_ADVICE = {
    ".doc": "Open it in Word or LibreOffice and save it as .docx.",
    ".odt": "Open it in LibreOffice and save it as Word (.docx).",
    ".rtf": "Open it in Word or LibreOffice and save it as .docx.",
    ".pdf": "Copy the text into a .txt file, or convert the PDF to .docx first.",
    ".pages": "Export it from Pages as Word (.docx).",
}


def _extension(filename: str) -> str:
    return PurePath(filename).suffix.lower()


def _read(data: bytes, filename: str, extension: str) -> Document:
    name = PurePath(filename).name or filename
    if extension == ".txt":
        return segment_text(decode_text(data, filename), name)
    if extension in (".md", ".markdown"):
        blocks = markdown_tagged_blocks(decode_text(data, filename))
        return segment_tagged_blocks([(b.paragraph, b.text, b.tags) for b in blocks], name)
    if extension == ".docx":
        return segment_tagged_blocks(docx_tagged_blocks(data, filename), name)
    return segment_tagged_blocks(html_tagged_blocks(data, filename), name)


def read_document(data: bytes, filename: str) -> Document:
    extension = _extension(filename)
    if extension not in SUPPORTED_EXTENSIONS:
        advice = _ADVICE.get(extension, "Save it as .txt, .md, .docx or .html.")
        raise DocumentError(
            f"{filename}: files of type '{extension or '(no extension)'}' cannot be read. {advice} "
            f"Supported: {', '.join(SUPPORTED_EXTENSIONS)}."
        )
    check_size(data, filename)
    document = _read(data, filename, extension)
    if not document.segments:
        raise DocumentError(f"{filename}: the file contains no text to translate.")
    return document
