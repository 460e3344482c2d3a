"""Writing an edited Document in the formats translators and newsrooms exchange.

Contract:
- Every writer takes a `Document` and returns bytes. `export_document(document, fmt,
  original=(file name, bytes))` gives the writers of .docx, .html and .md the file the
  document was imported from (kept in the workspace, see `Workspace.original`): then the
  output is that file with its text translated, everything else kept (see `word.py`,
  `webpages.py`, `markdown.py`). Without an original of that kind (typed text, documents
  stored before originals were kept, another format), or with one that can no longer be
  read, they build a new file from the paragraphs and their tags. The translation is `Segment.target` (what
  the editor left there; a segment never translated exports empty), `Segment.machine` is the
  machine translation shown beside it in bilingual formats.
- `EXPORT_FORMATS`: extension (without dot) -> (label, MIME type), for download buttons and the
  CLI's `-o out.EXT`. `export_document(document, fmt)` accepts "docx", ".docx", "DOCX" and the
  alias "xliff" for "xlf"; an unknown format raises `DocumentError` listing the known ones.
- txt: `document.target_text()` (the original layout), UTF-8.
  md: paragraphs with their Markdown markers again (headings, list items, quotes, tables).
  docx: see `word.py`. html: see `webpages.py`. csv/xlsx: see `bilingual.py`.
  xlf: XLIFF 1.2, see `xliff.py`.
  tmx: TMX 1.4b of confirmed and edited segments, see `tmx.py`.
"""

from __future__ import annotations

from collections.abc import Callable

from workbench.document import Document
from workbench.documents.bilingual import document_to_csv, document_to_xlsx
from workbench.documents.markdown import markdown_from_original
from workbench.documents.safety import DocumentError
from workbench.documents.textfiles import decode_text, markdown_from_document
from workbench.documents.tmx import document_to_tmx
from workbench.documents.webpages import document_to_html, html_from_original
from workbench.documents.word import document_to_docx, docx_from_original
from workbench.documents.xliff import document_to_xliff

EXPORT_FORMATS: dict[str, tuple[str, str]] = {  # labels are short: they go on buttons side by side
    "txt": ("Text (.txt)", "text/plain; charset=utf-8"),
    "md": ("Markdown (.md)", "text/markdown; charset=utf-8"),
    "docx": (
        "Word (.docx)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "html": ("Web page (.html)", "text/html; charset=utf-8"),
    "csv": ("Bilingual CSV (.csv)", "text/csv; charset=utf-8"),
    "xlsx": (
        "Bilingual Excel (.xlsx)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "xlf": ("XLIFF 1.2 (.xlf)", "application/x-xliff+xml"),
    "tmx": ("TMX memory (.tmx)", "application/x-tmx+xml"),
}
_ALIASES = {"xliff": "xlf", "markdown": "md", "text": "txt", "htm": "html"}


def document_to_txt(document: Document) -> bytes:
    return document.target_text().encode("utf-8")


def document_to_md(document: Document) -> bytes:
    return markdown_from_document(document).encode("utf-8")


Original = tuple[str, bytes] | None


def _from_original(
    write: Callable[[Document, bytes, str], bytes],
    fallback: Callable[[Document], bytes],
    document: Document,
    original: Original,
    extensions: tuple[str, ...],
) -> bytes:
    """The original file in English; a new file when there is none of this kind, or when the
    stored original can no longer be read (the translation is never withheld)."""
    if original is not None and original[0].lower().endswith(extensions):
        try:
            return write(document, original[1], original[0])
        except DocumentError:
            pass
    return fallback(document)


def _markdown_from_original(document: Document, data: bytes, filename: str) -> bytes:
    return markdown_from_original(document, decode_text(data, filename), filename).encode("utf-8")


_WRITERS: dict[str, Callable[[Document], bytes]] = {
    "txt": document_to_txt,
    "md": document_to_md,
    "csv": document_to_csv,
    "xlsx": document_to_xlsx,
    "xlf": document_to_xliff,
    "tmx": document_to_tmx,
}


def format_of(fmt: str) -> str:
    """The EXPORT_FORMATS key for "docx", ".DOCX", "out.xliff"... or DocumentError."""
    key = fmt.strip().lower().rsplit(".", 1)[-1]
    key = _ALIASES.get(key, key)
    if key not in EXPORT_FORMATS:
        raise DocumentError(
            f"'{fmt}': cannot export to this format. Choose one of: {', '.join('.' + k for k in EXPORT_FORMATS)}."
        )
    return key


def export_document(document: Document, fmt: str, original: Original = None) -> bytes:
    key = format_of(fmt)
    if key == "docx":
        return _from_original(docx_from_original, document_to_docx, document, original, (".docx",))
    if key == "html":
        return _from_original(
            html_from_original, document_to_html, document, original, (".html", ".htm")
        )
    if key == "md":
        return _from_original(
            _markdown_from_original, document_to_md, document, original, (".md", ".markdown")
        )
    return _WRITERS[key](document)
