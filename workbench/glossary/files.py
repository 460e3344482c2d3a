"""Glossary files: reading what users bring, saving safely, naming files.

Reading lives in `workbench.glossary.reading`; its public names (`read_glossary`,
`parse_glossary`, `FIELDS`, `STOPWORDS`, ...) are re-exported here, so this module stays the one
to import for everything about glossary files.

Glossary file format (CSV)
--------------------------
One term per row. Columns (header names are case-insensitive; German and CAT-tool names work):

- `source` (required): the German term as it appears in text, base form ("Islamischer Staat",
  "Bündnis"). Also: Quelle, Quelltext, Ausgangstext, Begriff, Deutsch, German, de, de-DE,
  source term, term, src.
- `target` (required unless `keep`): the English rendering to use. Also: Ziel, Zieltext,
  Übersetzung, Englisch, English, en, en-GB, target term, translation, tgt.
- `note`: free text for the translator. Also: Anmerkung, Kommentar, Notiz, Bemerkung, Hinweis,
  comment, description, definition, context.
- `variants`: other accepted English renderings, separated by `|` ("defense minister|Minister
  of Defence"). Also: Varianten, alternatives, synonyms, erlaubt.
- `forbidden`: English renderings that must not be used, `|`-separated ("Nato"). Also:
  verboten, do not use, avoid, deprecated.
- `case_sensitive`: yes / no / empty. Empty = automatic: all-capital terms (NATO, IS) are matched
  exactly, the capitalised words of multi-word names must be capitalised in the text; yes = the
  text must have the same capitals; no = capitals never matter. Also: case, match case,
  Groß/Kleinschreibung.
- `keep`: yes = do not translate, the English is the German ("NATO", "Bundeswehr"); an empty
  target then means "same as source". Also: do not translate, dnt, nicht übersetzen.
Yes/no cells accept yes/no, ja/nein, true/false, 1/0, x.

Without a header row the columns are source, target, note (Google-style two columns work). A
first row counts as a header only if it names both a source and a target column, so a term row
like "Ziel;goal" is never taken for a header.

Reading (`read_glossary`, `parse_glossary`)
- Encoding (`workbench.glossary.decoding`): UTF-8 with or without BOM, UTF-16 with BOM (Excel
  "Unicode text") or without (recognised by its NUL bytes); a UTF-8 file with a few lines in
  another encoding keeps its UTF-8 lines and reads the others as cp1252; else cp1252 (Excel
  "CSV" in Western Europe; Mac Roman when the bytes only make sense that way), else the best
  guess of charset-normalizer. Whenever the encoding is assumed rather than proven, a warning
  names it and the first line concerned, and `detected["encoding_assumed"]` is true.
- Separator: `,`, `;` or tab, chosen by which one gives the most rows with the same number of
  columns (a recognised header decides first); ties prefer tab, then `;`.
- Quoted fields may hold separators and line breaks; a problem's line is the physical line where
  the row starts. Cells are stripped of surrounding whitespace and otherwise kept as written.
- Problems name file and line. Errors (row not loaded): empty source, empty target, a second row
  for the same source with a different target, a source that is a common German word ("die",
  "und") or a single character. Warnings (row loaded): same source and target twice, a cell that
  starts like a spreadsheet formula, a two-letter non-acronym source, a term that is the
  beginning of a longer term's word ("Gipfel" / "Gipfeltreffen"), unknown columns, a line
  break inside source or target (the row is loaded as written). An empty, binary or unreadable
  file gives one problem and no terms.
- `Glossary.detected` records {"encoding", "encoding_assumed": bool, "separator", "header":
  bool, "columns": {column name or number: field}} and, for a UTF-8 file with lines in cp1252,
  "cp1252_lines"; `Glossary.signature` is the SHA-256 of the bytes read.

Saving (`save_glossary`, `glossary_to_csv_bytes`)
- UTF-8 with BOM (Excel then shows umlauts right), `,` separator, CRLF line ends, always our
  header `source,target,note,variants,forbidden,case_sensitive,keep`.
- Cells starting with = + - @ tab or CR get a leading apostrophe so spreadsheets show them as
  text; on reading, an apostrophe directly before one of = + - @ tab CR or before another
  apostrophe is removed again. A cell that really starts that way ("'+49 30 1234") is saved
  with one more apostrophe, so every cell reads back exactly as it was saved.
- Atomic: temp file in the same folder, fsync, os.replace: a save killed at any moment leaves
  the old file or the new one, never a half-written one. The previous version goes to
  `<folder>/.backups/<name>.<timestamp>` (copied under a temp name, then renamed); the newest 3
  backups per glossary are kept. Temp files left by a killed save are removed by the next one.
- If the file's bytes on disk no longer match `glossary.signature` (someone else saved since it
  was loaded, or a new glossary would overwrite an existing file), `GlossaryConflict` is raised
  and nothing is written, unless `force=True`.
- Locked: check, backup and replace run under `glossary_lock(path)`, an OS lock (flock) on the
  hidden file `.<name>.lock` next to the glossary, so two saves of the same version never both
  land (one gets GlossaryConflict), across threads and processes. The OS releases it when a
  process dies; a save that waits longer than LOCK_TIMEOUT gets `GlossaryBusy` (a
  GlossaryConflict). The lock is re-entrant within a thread: read-check-write sequences such as
  `workbench.glossary.adding` hold it around `save_glossary`.
- `write_new_file(path, data)` creates a file whole or not at all and never overwrites one
  (for conversions and exports).
"""

from __future__ import annotations

import codecs
import csv
import glob
import hashlib
import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from workbench.glossary.decoding import MAX_BYTES
from workbench.glossary.model import Glossary, Term
from workbench.glossary.reading import (  # re-exported: reading is part of this module's contract
    FIELDS,
    FORMULA_START,
    SEPARATORS,
    STOPWORDS,
    escape_cell,
    parse_glossary,
    read_glossary,
)

BACKUPS_KEPT = 3
BACKUP_FOLDER = ".backups"
LOCK_TIMEOUT = 30.0  # seconds a save waits while another save of the same glossary runs

__all__ = [
    "BACKUPS_KEPT",
    "BACKUP_FOLDER",
    "FIELDS",
    "FORMULA_START",
    "LOCK_TIMEOUT",
    "MAX_BYTES",
    "SEPARATORS",
    "STOPWORDS",
    "GlossaryBusy",
    "GlossaryConflict",
    "file_signature",
    "glossary_lock",
    "glossary_to_csv_bytes",
    "list_glossaries",
    "parse_glossary",
    "read_glossary",
    "safe_glossary_path",
    "save_glossary",
    "term_cells",
    "write_new_file",
]


class GlossaryConflict(Exception):
    """The glossary file changed on disk since it was loaded; saving would lose that change."""


class GlossaryBusy(GlossaryConflict):
    """Another save of the same glossary held its lock for longer than LOCK_TIMEOUT."""


def lock_file(path: Path) -> Path:
    """The lock file of a glossary: hidden, next to it (so not listed, never a glossary)."""
    return path.parent / f".{path.name}.lock"


@contextmanager
def glossary_lock(path: str | Path) -> Iterator[None]:
    """Hold the glossary's OS file lock (flock): exclusive between processes and threads,
    re-entrant within a thread, released by the OS when a process dies. Raises GlossaryBusy
    after LOCK_TIMEOUT seconds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # One lock object per lock file (is_singleton) is what makes it re-entrant in a thread.
    lock = FileLock(str(lock_file(path.resolve())), is_singleton=True)
    try:
        lock.acquire(timeout=LOCK_TIMEOUT)
    except Timeout:
        raise GlossaryBusy(
            f"{path.name} is being saved by someone else and has been for {LOCK_TIMEOUT:.0f} s. "
            "Nothing was saved: try again in a moment."
        ) from None
    try:
        yield
    finally:
        lock.release()


def file_signature(path: Path) -> str | None:
    """SHA-256 of the file's bytes, or None if there is no such file."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


# ---------------------------------------------------------------- saving


def term_cells(term: Term) -> tuple[str, ...]:
    """The term's cells in FIELDS order, as saving writes them (before formula escaping)."""
    return (
        term.source,
        term.target,
        term.note,
        "|".join(term.variants),
        "|".join(term.forbidden),
        {None: "", True: "yes", False: "no"}[term.case_sensitive],
        "yes" if term.keep else "",
        term.plural,
    )


def glossary_to_csv_bytes(glossary: Glossary) -> bytes:
    """The glossary as CSV bytes in our format (for downloads and saving)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for term in glossary.terms:
        writer.writerow([escape_cell(c) for c in term_cells(term)])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def save_glossary(
    glossary: Glossary,
    path: str | Path | None = None,
    *,
    force: bool = False,
    data: bytes | None = None,
) -> Path:
    """Write the glossary atomically (to `path`, else `glossary.path`), keeping backups.

    `data` are the exact bytes to write (an edit of the file that keeps its other rows as they
    are); by default the glossary in our CSV format. The check that the file on disk is the one
    the glossary was loaded from, the backup and the replace happen under the glossary's lock,
    so of two saves of the same version one lands and the other gets GlossaryConflict.
    On success `glossary.path` and `glossary.signature` describe the new file."""
    if path is None and glossary.path is None:
        raise ValueError(f"glossary '{glossary.name}' has no file yet: give a path to save it")
    path = Path(path) if path is not None else Path(glossary.path)  # type: ignore[arg-type]
    data = glossary_to_csv_bytes(glossary) if data is None else data
    with glossary_lock(path):
        on_disk = file_signature(path)
        same_file = glossary.path is not None and Path(glossary.path).resolve() == path.resolve()
        expected = glossary.signature if same_file else None
        if not force and on_disk is not None and on_disk != expected:
            raise GlossaryConflict(_conflict_message(path, same_file))
        _remove_stale_temp_files(path)
        if on_disk is not None:
            _backup(path)
        _write_atomically(path, data)
    glossary.path, glossary.signature = path, hashlib.sha256(data).hexdigest()
    return path


def write_new_file(path: str | Path, data: bytes) -> Path:
    """Create `path` with `data`, whole or not at all; FileExistsError if it exists already
    (checked by the file system at the moment of creation, not before)."""
    path = Path(path)
    _write_atomically(path, data, replace=False)
    return path


def _conflict_message(path: Path, same_file: bool) -> str:
    if not same_file:
        return (
            f"{path.name} already exists. Nothing was saved. Choose another name, or load "
            f"{path.name} and add your terms to it."
        )
    return (
        f"{path.name} changed on disk since you loaded it (someone else saved it, or it was "
        "edited outside the workbench). Nothing was saved: the version on disk wins. To "
        f"merge, reload {path.name} and re-apply your change, or save your version under a "
        "new name and compare the two. Overwriting anyway (force) keeps the other version "
        f"in {BACKUP_FOLDER}/."
    )


def _temp_file(folder: Path, name: str) -> tuple[int, str]:
    return tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")


def _remove_stale_temp_files(path: Path) -> None:
    """Temp files of this glossary left by a save that was killed: under the lock, no save is
    writing one."""
    for folder in (path.parent, path.parent / BACKUP_FOLDER):
        for stale in folder.glob(f".{glob.escape(path.name)}.*.tmp"):
            stale.unlink(missing_ok=True)


def _write_atomically(path: Path, data: bytes, *, replace: bool = True) -> None:
    descriptor, temp_name = _temp_file(path.parent, path.name)
    try:
        with os.fdopen(descriptor, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, 0o644)  # mkstemp makes 0600; a glossary is shared in the team
        if replace:
            os.replace(temp_name, path)
        else:
            os.link(temp_name, path)  # FileExistsError if it exists: never overwrites
            os.unlink(temp_name)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except OSError:
        pass  # not every file system lets a folder be fsynced


_BACKUP_STAMP = re.compile(r"\.\d{8}T\d{12}$")


def _backup(path: Path) -> Path:
    folder = path.parent / BACKUP_FOLDER
    folder.mkdir(exist_ok=True)
    backup = folder / f"{path.name}.{datetime.now().strftime('%Y%m%dT%H%M%S%f')}"
    descriptor, temp_name = _temp_file(folder, path.name)
    os.close(descriptor)
    try:  # copied under a temp name, then renamed: a killed save leaves no half backup
        shutil.copy2(path, temp_name)
        os.replace(temp_name, backup)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    ours = sorted(
        p
        for p in folder.iterdir()
        if p.name.startswith(path.name + ".") and _BACKUP_STAMP.fullmatch(p.name[len(path.name) :])
    )
    for old in ours[:-BACKUPS_KEPT]:
        old.unlink(missing_ok=True)
    return backup


def list_glossaries(folder: str | Path) -> list[Path]:
    """The glossary files (*.csv) in `folder`, sorted by name; backups and temp files excluded."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.csv") if p.is_file() and not p.name.startswith("."))


_SAFE_NAME = re.compile(r"[\w\- .]+")
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}


def safe_glossary_path(folder: str | Path, filename: str) -> Path:
    """A path inside `folder` for a typed or uploaded glossary name, ending in .csv.

    Raises ValueError with a message for the user if the name cannot be used as it is."""
    name = (filename or "").strip()
    reason = None
    control = next((c for c in name if ord(c) < 32 or ord(c) == 127), None)
    if not name:
        reason = "the name is empty"
    elif control is not None:
        reason = f"it contains a forbidden character (the control character U+{ord(control):04X})"
    elif "/" in name or "\\" in name:
        reason = "it contains a folder separator"
    elif ".." in name or name.startswith("."):
        reason = "it starts with '.' or contains '..'"
    elif not _SAFE_NAME.fullmatch(name):
        reason = "it contains characters other than letters, digits, space, '-', '_' and '.'"
    elif len(name) > 100:
        reason = "it is longer than 100 characters"
    elif name.split(".")[0].strip().lower() in _RESERVED:
        reason = "it is a reserved device name on Windows"
    if reason:
        shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in filename or "")
        raise ValueError(
            f"'{shown}' cannot be used as a glossary file name: {reason}. Use "
            "letters, digits, spaces, '-', '_' and '.', e.g. 'news-de-en.csv'."
        )
    stem = name[:-4] if name.lower().endswith(".csv") else name
    folder = Path(folder)
    path = folder / f"{stem}.csv"
    if path.resolve().parent != folder.resolve():
        raise ValueError(f"'{filename}' would point outside the glossary folder.")
    return path
