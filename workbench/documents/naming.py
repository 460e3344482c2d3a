"""File names for downloads: short, safe on every system, recognisably the document's.

Contract: `download_name(document_name, fmt)` -> "<stem>-en.<fmt>", where the stem is the
document's name without a known extension, reduced to letters, digits and single hyphens
(umlauts and other letters kept; slashes, quotes, colons, control characters and spaces
become hyphens), at most `MAX_STEM` characters cut at a word boundary, and "translation"
when nothing is left. Never a path, never hidden (no leading dot), never a reserved Windows
device name.
"""

from __future__ import annotations

import re
import unicodedata

MAX_STEM = 40
_KNOWN = re.compile(r"\.(txt|md|markdown|docx|html?|xlf|xliff|csv|xlsx|tmx)$", re.IGNORECASE)
_NOT_WORD = re.compile(r"[^\w]+")
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{n}" for n in range(10)),
    *(f"lpt{n}" for n in range(10)),
}


def download_name(document_name: str, fmt: str) -> str:
    stem = _KNOWN.sub("", unicodedata.normalize("NFC", document_name.strip()))
    stem = _NOT_WORD.sub("-", stem.replace("_", "-")).strip("-")
    if len(stem) > MAX_STEM:
        cut = stem[: MAX_STEM + 1]
        stem = cut[: cut.rfind("-")] if "-" in cut[10:] else stem[:MAX_STEM]
        stem = stem.strip("-")
    if not stem or stem.lower() in _RESERVED:
        stem = f"translation-{stem}" if stem else "translation"
    return f"{stem}-en.{fmt}"
