"""Adding a term to a glossary file without ever destroying a row.

Contract:
- `add_term(path, term) -> AddResult`. If the glossary already has the term's source, or a
  spelling of it that glossary matching treats as the same (same lemma keys, capitals ignored:
  "peschmerga", "Peschmergas", "Terror-Miliz" for "Terrormiliz"), nothing is written and
  `AddResult.existing` is that entry, so the caller can offer the choices: keep it (do
  nothing), `update_term` (new target), or `add_term` to another glossary. Otherwise the term
  is appended as a new row and `AddResult.added` is true. A term that would not load back
  (a stopword, no target...) raises ValueError with the reader's message; nothing is written.
- `update_term(path, shown, target, old_target=AS_VARIANT) -> Glossary` gives the entry `shown`
  (as `add_term` returned it) a new target and keeps its note, variants, forbidden renderings
  and its place in the file; the old target becomes a variant (AS_VARIANT) or a forbidden
  rendering (AS_FORBIDDEN). If the entry changed on disk since it was shown, GlossaryConflict.
- Both edit the file in place: the new or changed row is written in the file's own encoding,
  separator and line ends, every other line keeps its bytes. A column the term needs and the
  file lacks is added to the header (a header-less file gets one as its first line). Files
  that cannot be edited that way (UTF-16, a character the encoding cannot hold) are rewritten
  in the workbench format, but only if that loses nothing; else GlossaryEditRefused says why.
- Both read, check and save under the glossary's lock (`glossary_lock`, `save_glossary`), so
  concurrent adds all land and never overwrite each other.
Both return the glossary as it is now on disk (terms, problems, signature).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from workbench.glossary.files import (
    FIELDS,
    GlossaryConflict,
    glossary_lock,
    glossary_to_csv_bytes,
    save_glossary,
    term_cells,
)
from workbench.glossary.matching import HYPHEN, lemma_key, split_words
from workbench.glossary.model import ERROR, Glossary, Term
from workbench.glossary.reading import Table, escape_cell, parse_glossary, read_table

AS_VARIANT = "variant"
AS_FORBIDDEN = "forbidden"
_IN_PLACE = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "cp1252": "cp1252", "mac_roman": "mac_roman"}


class GlossaryEditRefused(Exception):
    """The glossary cannot take the change without losing something; the message says why."""


class _NotInPlace(Exception):
    """This file cannot be edited line by line."""


@dataclass
class AddResult:
    added: bool  # False: nothing was written, the source is there already (see `existing`)
    glossary: Glossary  # the glossary as it is on disk now
    existing: Term | None = None


@lru_cache(maxsize=200_000)
def term_keys(source: str) -> frozenset[str]:
    """The keys under which glossary matching takes two sources for the same term."""
    words = split_words(source)
    per_word = " ".join(lemma_key(w.surface) for w in words)
    groups: list[str] = []
    for word in words:
        if word.joiner == HYPHEN and groups:
            groups[-1] += word.surface
        else:
            groups.append(word.surface)
    joined = " ".join(lemma_key(g) for g in groups)
    return frozenset({" ".join(source.lower().split()), per_word, joined})


def find_existing(glossary: Glossary, source: str) -> Term | None:
    """The entry with this source, else one with the same lemma keys; None if there is none.

    Lemmas change a word's ending and umlauts ("Häuser" -> "haus"), not how it starts, so only
    sources that start like one of this source's keys are lemmatised: a 100,000-term glossary
    stays quick."""
    low = source.lower()
    exact = next((t for t in glossary.terms if t.source.lower() == low), None)
    if exact is not None or not low.strip():
        return exact
    keys = term_keys(source)
    starts = tuple({_stem(key) for key in keys})
    return next(
        (
            t
            for t in glossary.terms
            if _fold(t.source).startswith(starts) and keys & term_keys(t.source)
        ),
        None,
    )


_UMLAUTS = str.maketrans("äöü", "aou")


def _fold(text: str) -> str:
    return text.lower().translate(_UMLAUTS)


def _stem(key: str) -> str:
    """How every word with this lemma key starts: its first word less the last 3 letters."""
    first = _fold(key).split(" ")[0]
    return first[: max(3, len(first) - 3)]


def add_term(path: str | Path, term: Term) -> AddResult:
    path = Path(path)
    source, target = term.source.strip(), term.target.strip()
    term = replace(term, source=source, target=(target or source) if term.keep else target)
    with glossary_lock(path):
        data, glossary, table = _read(path)
        existing = find_existing(glossary, term.source)
        if existing is not None:
            return AddResult(False, glossary, existing)
        new_data = _edited(data, glossary, table, term, None)
        return AddResult(True, _save(path, glossary, new_data, term))


def update_term(
    path: str | Path, shown: Term, target: str, old_target: str = AS_VARIANT
) -> Glossary:
    if old_target not in (AS_VARIANT, AS_FORBIDDEN):
        raise ValueError(f"old_target must be {AS_VARIANT!r} or {AS_FORBIDDEN!r}")
    path = Path(path)
    with glossary_lock(path):
        data, glossary, table = _read(path)
        current = next((t for t in glossary.terms if t.source == shown.source), None)
        if current is None or _content(current) != _content(shown):
            raise GlossaryConflict(
                f"The entry '{shown.source}' in {path.name} changed since it was shown (someone "
                "else saved the glossary). Nothing was saved: look at the entry again and "
                "choose once more."
            )
        updated = _with_target(current, target.strip(), old_target)
        if _content(updated) == _content(current):
            return glossary
        return _save(path, glossary, _edited(data, glossary, table, updated, current), updated)


def _content(term: Term) -> tuple:
    return (
        term.source,
        term.target,
        term.note,
        term.variants,
        term.forbidden,
        term.case_sensitive,
        term.keep,
    )


def _with_target(current: Term, target: str, old_target: str) -> Term:
    old = current.target
    variants = [v for v in current.variants if v != target]
    forbidden = [f for f in current.forbidden if f != target]
    if old != target:
        kept = variants if old_target == AS_VARIANT else forbidden
        if old not in kept:
            kept.append(old)
    keep = current.keep and target == current.source
    return replace(current, target=target, variants=variants, forbidden=forbidden, keep=keep)


def _read(path: Path) -> tuple[bytes, Glossary, Table | None]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return b"", Glossary(path.stem, path=path), None
    table = read_table(data, path.name)
    glossary = parse_glossary(data, path.name, table)
    glossary.path = path
    return data, glossary, table


def _save(path: Path, glossary: Glossary, data: bytes, term: Term) -> Glossary:
    """Check that `term` loads back from `data`, then save under the lock already held."""
    after = parse_glossary(data, path.name)
    if not any(_content(t) == _content(term) for t in after.terms):
        before = {(p.line, p.message) for p in glossary.problems}
        new = [p.message for p in after.problems if p.severity == ERROR]
        reason = "; ".join(m for m in new if m not in {b for _, b in before})
        raise ValueError(
            f"'{term.source}' was not saved in {path.name}: {reason or 'it does not read back'}"
        )
    save_glossary(glossary, path, data=data)
    after.path, after.signature = glossary.path, glossary.signature
    return after


# ---------------------------------------------------------------- editing the bytes in place


def _edited(
    data: bytes, glossary: Glossary, table: Table | None, term: Term, current: Term | None
) -> bytes:
    """The file with `term` appended (current None) or written over `current`'s row."""
    if table is None:
        return glossary_to_csv_bytes(Glossary(glossary.name, terms=[term]))
    encoding = _IN_PLACE.get(table.decoded.encoding) if table.decoded else None
    if encoding is not None:
        try:
            return _splice(data, table, encoding, term, current)
        except (UnicodeEncodeError, _NotInPlace):
            pass  # e.g. the term needs characters the file's encoding does not have
    return _rewritten(glossary, table, term, current)


def _splice(data: bytes, table: Table, encoding: str, term: Term, current: Term | None) -> bytes:
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    lines = data[len(bom) :].splitlines(keepends=True)
    end = next((_line_end(line) for line in lines if _line_end(line)), b"\r\n")
    columns = dict(table.columns)
    added = _columns_needed(table, term, columns)
    if current is None:
        if lines and not _line_end(lines[-1]):
            lines[-1] += end
        lines.append(_row(table, columns, term, [], None, end.decode()).encode(encoding))
    else:
        first, last, cells = next(r for r in table.rows if r[0] == current.line)
        row = _row(table, columns, term, cells, current, end.decode()).encode(encoding)
        lines[first - 1 : last] = [row]
    if added and table.header is not None:
        first, last, _ = table.rows[0]
        if first != last:
            raise _NotInPlace("the header row runs over several lines")
        line = lines[first - 1]
        body = line[: len(line) - len(_line_end(line))]
        extra = table.separator + table.separator.join(added)
        lines[first - 1] = body + extra.encode(encoding) + _line_end(line)
    elif added:  # a file without a header gets one, naming its columns as they were read
        lines.insert(0, table.separator.join(added).encode(encoding) + end)
    return bom + b"".join(lines)


def _line_end(line: bytes) -> bytes:
    return line[len(line.rstrip(b"\r\n")) :]


def _columns_needed(table: Table, term: Term, columns: dict[int, str]) -> list[str]:
    """Header cells to add so that every field `term` fills has a column; `columns` gets the
    new ones. Existing columns keep their places; rows wider than the header get unnamed
    (unused) header cells first, so no cell of theirs changes meaning."""
    values = dict(zip(FIELDS, term_cells(term), strict=True))
    needed = [f for f in FIELDS if values[f] and f not in columns.values()]
    if not needed:
        return []
    width = max((len(cells) for _, _, cells in table.rows), default=0)
    if table.header is not None:
        header_width = len(table.rows[0][2])
        start = max(width, header_width)
        added = [""] * (start - header_width) + needed
    else:
        start = max(width, 3)
        added = [*FIELDS[:3], *([""] * (start - 3)), *needed]  # a whole header line
    for offset, field in enumerate(needed):
        columns[start + offset] = field
    return added


def _row(
    table: Table,
    columns: dict[int, str],
    term: Term,
    cells: list[str],
    current: Term | None,
    end: str,
) -> str:
    """The row for `term` as CSV text; cells of `current`'s row that keep their value keep
    their text ("ja" stays "ja"), cells of unused columns stay as they were."""
    new = dict(zip(FIELDS, term_cells(term), strict=True))
    old = dict(zip(FIELDS, term_cells(current), strict=True)) if current else {}
    out = list(cells) + [""] * (max([len(cells), *(i + 1 for i in columns)]) - len(cells))
    for index, field in columns.items():
        if not (index < len(cells) and old.get(field) == new[field]):
            out[index] = escape_cell(new[field])
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=table.separator, lineterminator=end).writerow(out)
    return buffer.getvalue()


def _rewritten(glossary: Glossary, table: Table, term: Term, current: Term | None) -> bytes:
    """The whole glossary in the workbench format, if that loses nothing of the file."""
    name = table.name
    skipped = sorted(
        {p.line for p in table.problems + glossary.problems if p.severity == ERROR and p.line}
    )
    unused = [
        first
        for first, _, cells in table.body()
        if any(c for i, c in enumerate(cells) if i not in table.columns)
    ]
    if skipped or unused:
        lines = ", ".join(str(n) for n in (skipped or unused)[:10])
        what = "rows that were not loaded" if skipped else "cells in unused columns"
        raise GlossaryEditRefused(
            f"{name} cannot be changed line by line (its encoding, "
            f"{table.decoded.encoding if table.decoded else 'unknown'}, cannot hold the change) "
            f"and saving it whole would drop {what} (line {lines}). Nothing was saved: fix "
            f"those lines (workbench glossary check {name}), or add the term to another glossary."
        )
    terms = [term if t is current else t for t in glossary.terms]
    if current is None:
        terms.append(term)
    return glossary_to_csv_bytes(Glossary(glossary.name, terms=terms))
