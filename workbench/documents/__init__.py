"""Documents in and out: the file formats translators and newsrooms exchange.

Import from here: `read_document` (txt, md, docx, html -> Document), `export_document` and
`EXPORT_FORMATS` (txt, md, docx, csv, xlsx, xlf, tmx), `apply_bilingual` (edited csv/xlsx/xliff
back into a Document), `glossary_to_tbx` / `glossary_from_tbx`, and `DocumentError`, the one
exception raised for a file that cannot be read or written (its message is for the translator).
Each concept lives in its own module; see their docstrings for the contracts.
"""

from workbench.documents.exporting import EXPORT_FORMATS, export_document, format_of
from workbench.documents.importing import SUPPORTED_EXTENSIONS, read_document
from workbench.documents.roundtrip import BILINGUAL_EXTENSIONS, ImportReport, apply_bilingual
from workbench.documents.safety import DocumentError
from workbench.documents.tbx import glossary_from_tbx, glossary_to_tbx

__all__ = [
    "BILINGUAL_EXTENSIONS",
    "EXPORT_FORMATS",
    "SUPPORTED_EXTENSIONS",
    "DocumentError",
    "ImportReport",
    "apply_bilingual",
    "export_document",
    "format_of",
    "glossary_from_tbx",
    "glossary_to_tbx",
    "read_document",
]
