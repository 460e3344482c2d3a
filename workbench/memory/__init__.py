"""The translation memory: yesterday's confirmed English comes back today.

Contract (each module states its own in detail):
- `store`: memories and units in the workspace database (schema 4). `TranslationMemory`
  records confirmed and edited segments (one unit per segment, replaced as it changes),
  imports memories, looks units up exactly (normalised German) and fuzzily (FTS5 prefilter,
  rapidfuzz scores), and searches them (concordance).
- `text`: normalisation, tokens, OmegaT-like scores, number differences, word diffs.
- `tmx`: TMX 1.1-1.4b read as a stream (entities refused, DTD never loaded, size cap, bad
  units reported and skipped) and TMX 1.4b written.
- `lookup`: a document's segments filled from memory before the model (exact and context
  matches), fuzzy matches offered, repetitions, earlier versions of an article.
- `import_tmx_file(memory, path, name, replace)`: a TMX file on disk as a memory of its own.

Nothing here imports Streamlit.
"""

from __future__ import annotations

from pathlib import Path

from workbench.memory.store import WORKSPACE_MEMORY, TranslationMemory
from workbench.memory.tmx import MAX_TMX_BYTES, TmxError, TmxReport, read_tmx

__all__ = [
    "WORKSPACE_MEMORY",
    "TmxError",
    "TmxReport",
    "TranslationMemory",
    "import_tmx_file",
    "import_tmx_stream",
]


def import_tmx_stream(
    memory: TranslationMemory,
    stream,
    filename: str,
    name: str,
    *,
    replace: bool = False,
    max_bytes: int = MAX_TMX_BYTES,
) -> TmxReport:
    """Import a TMX stream as the memory `name`: all good units or, on a fatal problem
    (TmxError, WorkspaceError), nothing."""
    report = TmxReport(filename)
    units = read_tmx(stream, filename, report, max_bytes=max_bytes)
    memory.add_memory(name, units, origin=filename, replace=replace)
    return report


def import_tmx_file(
    memory: TranslationMemory, path: Path, name: str | None = None, *, replace: bool = False
) -> TmxReport:
    try:
        size = path.stat().st_size
        if size > MAX_TMX_BYTES:
            raise TmxError(
                f"{path.name} is larger than {MAX_TMX_BYTES // (1024 * 1024)} MB, the limit for "
                "memory files; split it in your CAT tool."
            )
        with path.open("rb") as stream:
            return import_tmx_stream(memory, stream, path.name, name or path.stem, replace=replace)
    except OSError as error:
        raise TmxError(f"Cannot read {path}: {error.strerror or error}.") from None
