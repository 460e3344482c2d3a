"""Many articles in one process: one model load, segments batched across documents.

Contract:
- `article_files(paths)` expands the command line's paths: a file is taken as given, a folder
  gives its article files (SUPPORTED_EXTENSIONS, not hidden, sorted by name, not recursive).
  A path that does not exist is returned as well, so it is reported as that file's failure.
- `output_path(article, out_dir, fmt, taken)` is where an article's English goes: OUTDIR/stem
  with the format's extension (`fmt`, else the article's own extension when it can be
  written, else .txt); a name already taken in this run gets "-2", "-3"...
- `translate_files(articles, out_dir, engine, glossaries, fmt=None, progress=None)` (out_dir
  exists) reads
  every article, translates them together in chunks of about `CHUNK_SEGMENTS` segments (the
  engine sorts and batches the segments of all documents of a chunk at once, so short
  articles fill each other's batches), writes each English file atomically (a temporary file
  renamed into place), and returns one `FileResult` per article, in the order given. A file
  that cannot be read (over the documents' size limit too: at most that much is read),
  translated or written is reported in its result (`error`, a message
  naming the file) and the others still finish. Each document's flags are its own (checked
  per article, as for a single translation). `progress(done, total)` counts the segments of
  all articles together. With `memory` (a `workbench.memory.lookup.MemoryLookup`), segments
  the translation memory knows are filled from it first, as for a single article.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from workbench import pipeline
from workbench.document import Document
from workbench.documents import (
    EXPORT_FORMATS,
    SUPPORTED_EXTENSIONS,
    DocumentError,
    export_document,
    read_document,
    safety,
)

CHUNK_SEGMENTS = 2000  # segments translated together: bounds memory for a folder of thousands

Progress = Callable[[int, int], None]


@dataclass
class FileResult:
    article: Path
    output: Path | None = None
    segments: int = 0
    flagged: int = 0
    flags: dict[str, int] = field(default_factory=dict)
    error: str = ""
    # the article's file (name, bytes): .docx, .html and .md are written out from it
    original: tuple[str, bytes] | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.error


def article_files(paths: Sequence[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.iterdir()
                if p.is_file()
                and not p.name.startswith(".")
                and p.suffix.lower() in SUPPORTED_EXTENSIONS
            )
        else:
            found.append(path)
    return found


def output_path(article: Path, out_dir: Path, fmt: str | None, taken: set[Path]) -> Path:
    extension = fmt or article.suffix.lower().lstrip(".")
    extension = {"markdown": "md", "htm": "html"}.get(extension, extension)
    if extension not in EXPORT_FORMATS:
        extension = "txt"
    path = out_dir / f"{article.stem}.{extension}"
    number = 2
    while path in taken:
        path = out_dir / f"{article.stem}-{number}.{extension}"
        number += 1
    taken.add(path)
    return path


def _read(article: Path) -> tuple[Document, tuple[str, bytes]]:
    try:
        with article.open("rb") as handle:  # never more than the size limit into memory
            data = handle.read(safety.MAX_DOCUMENT_BYTES + 1)
    except FileNotFoundError:
        raise DocumentError(f"{article}: no such file") from None
    except IsADirectoryError:
        raise DocumentError(f"{article}: is a folder") from None
    except OSError as exc:
        raise DocumentError(f"{article}: cannot be read ({exc.strerror})") from None
    return read_document(data, article.name), (article.name, data)


def _write(document: Document, path: Path, original: tuple[str, bytes] | None) -> None:
    data = export_document(document, path.suffix, original)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _chunks(items: list[tuple[FileResult, Document]]) -> list[list[tuple[FileResult, Document]]]:
    chunks: list[list[tuple[FileResult, Document]]] = [[]]
    size = 0
    for item in items:
        if chunks[-1] and size + len(item[1].segments) > CHUNK_SEGMENTS:
            chunks.append([])
            size = 0
        chunks[-1].append(item)
        size += len(item[1].segments)
    return [c for c in chunks if c]


def translate_files(
    articles: Sequence[Path],
    out_dir: Path,
    engine,
    glossaries=(),
    *,
    fmt: str | None = None,
    progress: Progress | None = None,
    memory=None,
) -> list[FileResult]:
    terminology = pipeline.Terminology(glossaries)
    results = [FileResult(article) for article in articles]
    readable: list[tuple[FileResult, Document]] = []
    taken: set[Path] = set()
    for result in results:
        try:
            document, result.original = _read(result.article)
        except DocumentError as exc:
            result.error = str(exc)
            continue
        result.output = output_path(result.article, out_dir, fmt, taken)
        result.segments = len(document.segments)
        readable.append((result, document))
    total = sum(len(d.segments) for _, d in readable)
    done = 0
    for chunk in _chunks(readable):
        offset = done

        def report(finished: int, _total: int, offset: int = offset) -> None:
            if progress:
                progress(offset + finished, total)

        _translate_chunk(chunk, engine, terminology, report, memory)
        for result, document in chunk:
            done += len(document.segments)
            if result.ok:
                _finish(result, document, terminology)
        if progress:
            progress(done, total)
    return results


def _translate_chunk(chunk, engine, terminology, report: Progress, memory=None) -> None:
    """All segments of the chunk's documents that the memory does not fill (looked up per
    document: context matches need each article's own neighbours) in one call to the model;
    if that fails, each document on its own, so one bad article fails alone."""
    waiting: list = []
    for result, document in chunk:
        chosen = [s for s in document.segments if not s.edited]
        try:
            waiting += (
                pipeline._from_memory(document, chosen, memory, terminology) if memory else chosen
            )
        except Exception as exc:  # noqa: BLE001 - reported in this file's summary
            result.error = f"{result.article}: the translation memory failed ({exc})"
    together = Document("batch", paragraphs=[], segments=waiting)
    try:
        pipeline.translate_document(together, engine, terminology, progress=report)
        return
    except Exception:  # noqa: BLE001 - find the document that fails; the others go on
        pass
    for result, document in chunk:
        if not result.ok:
            continue
        try:
            pipeline.translate_document(document, engine, terminology, memory=memory)
        except Exception as exc:  # noqa: BLE001 - reported in this file's summary
            result.error = (
                f"{result.article}: could not be translated ({type(exc).__name__}: {exc})"
            )


def _finish(result: FileResult, document: Document, terminology) -> None:
    pipeline.refresh_flags(document, terminology)  # flags of this article, not the chunk
    for segment in document.segments:
        for flag in segment.flags:
            result.flags[flag.code] = result.flags.get(flag.code, 0) + 1
    result.flagged = sum(1 for s in document.segments if s.flags)
    assert result.output is not None
    try:
        _write(document, result.output, result.original)
        result.original = None  # written: its bytes are not needed any more
    except DocumentError as exc:
        result.error = f"{result.output}: {exc}"
    except OSError as exc:
        result.error = f"{result.output}: cannot be written ({exc.strerror})"
