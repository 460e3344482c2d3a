"""Reading glossary CSV files: decoding, separator, header, rows -> terms, problems.

Contract (the file format and the reading rules are in the docstring of
`workbench.glossary.files`, which re-exports everything public here):
- `read_glossary(path) -> Glossary` reads a file; `parse_glossary(data, name) -> Glossary` reads
  uploaded bytes, `name` being the file name used in problems. Neither raises for bad content
  or a missing file: every problem is a `Problem` in `Glossary.problems` naming file and line.
- `FIELDS` are the columns of the format in saving order; `FORMULA_START` the cell beginnings
  that spreadsheets would take for a formula; `STOPWORDS` (from `workbench.glossary.vocabulary`,
  with the header names) the common German words refused as terms.
- Reading time grows linearly with the rows (100,000 rows: see benchmarks/bench_glossary_check.py).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from collections import Counter
from pathlib import Path

from workbench.glossary.model import ERROR, WARNING, Glossary, Problem, Term
from workbench.glossary.vocabulary import HEADER_NAMES, NO, STOPWORDS, YES

FIELDS = ("source", "target", "note", "variants", "forbidden", "case_sensitive", "keep")
MAX_BYTES = 20_000_000  # a glossary is text; anything bigger is a wrong file
SEPARATORS = ("\t", ";", ",")  # preference order on ties
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_LANGUAGE_CODE = re.compile(r"^(?:(de|deu|ger)|(en|eng))(?: [a-z]{2})?$")

_INFLECTION_ENDINGS = ("in", "innen", "e", "en", "n", "s", "es", "er", "ern")


def read_glossary(path: str | Path) -> Glossary:
    """Read a glossary file. Never raises for bad content or a missing file: see `problems`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        glossary = Glossary(name=path.stem, path=path)
        glossary.problems.append(Problem(path.name, 0, f"cannot read the file: {error.strerror}"))
        return glossary
    glossary = parse_glossary(data, path.name)
    glossary.path = path
    return glossary


def parse_glossary(data: bytes, name: str) -> Glossary:
    """Read glossary bytes (an upload); `name` is the file name used in problems."""
    glossary = Glossary(name=Path(name).stem, signature=hashlib.sha256(data).hexdigest())
    try:
        text, encoding = _decode(data)
    except ValueError as unreadable:
        glossary.problems.append(Problem(name, 0, str(unreadable)))
        return glossary
    separator = _choose_separator(text)
    rows = _read_rows(text, separator, name, glossary.problems)
    columns, header = _columns(rows, name, glossary.problems)
    glossary.detected = {
        "encoding": encoding,
        "separator": separator,
        "header": header is not None,
        "columns": header if header is not None else {i + 1: f for i, f in columns.items()},
    }
    if rows and all(len(cells) < 2 for _, _, cells in rows):
        glossary.problems.append(
            Problem(
                name,
                0,
                "only one column found: write source and "
                "target separated by a comma, semicolon or tab",
            )
        )
        return glossary
    if header is not None:
        rows = rows[1:]
    _read_terms(rows, columns, name, glossary)
    if not glossary.terms and not glossary.problems:
        glossary.problems.append(Problem(name, 0, "no terms yet (only a header)", WARNING))
    return glossary


def _decode(data: bytes) -> tuple[str, str]:
    if not data.strip():
        raise ValueError("the file is empty")
    if len(data) > MAX_BYTES:
        raise ValueError(f"the file is {len(data):,} bytes; a glossary CSV should be far smaller")
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ValueError("this is an Excel workbook, not CSV: in Excel use Save As > CSV UTF-8")
    text, encoding = _decode_text(data)
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > len(text) / 100:
        raise ValueError("this does not look like a CSV text file (binary data)")
    return text, encoding


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_UMLAUT_IN_WORD = re.compile(r"(?<=[A-Za-z])[äöüÄÖÜß]|[äöüÄÖÜß](?=[a-z])")


def _decode_text(data: bytes) -> tuple[str, str]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig":
            return text, encoding if data.startswith(codecs.BOM_UTF8) else "utf-8"
        # Old Mac Excel writes Mac Roman, whose umlauts decode as Š š Ÿ € … † in cp1252: pick
        # it only if it puts more umlauts inside words ("BŸndnis" -> "Bündnis").
        mac = data.decode("mac_roman")
        if len(_UMLAUT_IN_WORD.findall(mac)) > len(_UMLAUT_IN_WORD.findall(text)):
            return mac, "mac_roman"
        return text, encoding
    from charset_normalizer import from_bytes  # only needed for unusual files

    best = from_bytes(data).best()
    if best is None:
        raise ValueError(
            "this does not look like a CSV text file (binary data or an unknown encoding)"
        )
    return str(best), best.encoding


def _choose_separator(text: str) -> str:
    """The separator under which most rows have the same width (>= 2 columns) and no cell of
    the first two columns holds another separator; a recognised header decides first."""

    def score(sep: str) -> tuple:
        rows = [r for r in _sample_rows(text, sep) if any(c.strip() for c in r)]
        if not rows:
            return (False, 0, 0)
        width = Counter(len(r) for r in rows).most_common(1)[0][0]
        others = [s for s in SEPARATORS if s != sep]
        good = sum(
            1
            for r in rows
            if len(r) == width >= 2 and not any(s in c for c in r[:2] for s in others)
        )
        return (_header_mapping(rows[0]) is not None, good, -SEPARATORS.index(sep))

    return max(SEPARATORS, key=score)


def _sample_rows(text: str, sep: str, limit: int = 500) -> list[list[str]]:
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep):
            rows.append(row)
            if len(rows) >= limit:
                break
    except csv.Error:
        pass
    return rows


def _read_rows(text: str, sep: str, name: str, problems: list[Problem]) -> list:
    """(first physical line, last physical line, cells) for every non-blank row."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    rows: list[tuple[int, int, list[str]]] = []
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return rows
        except csv.Error as error:
            problems.append(Problem(name, start, f"unreadable CSV ({error}); rest of file skipped"))
            return rows
        if any(c.strip() for c in cells):
            rows.append((start, reader.line_num, [c.strip() for c in cells]))


def _header_name(cell: str) -> str | None:
    name = cell.strip().lstrip("\ufeff").lower()
    name = re.sub(r"\(.*?\)|\[.*?\]", " ", name)
    name = re.sub(r"[\s_\-/.:]+", " ", name).strip()
    code = _LANGUAGE_CODE.match(name)
    if code:
        return "source" if code.group(1) else "target"
    return HEADER_NAMES.get(name)


def _header_mapping(cells: list[str]) -> dict[int, str] | None:
    mapping: dict[int, str] = {}
    for i, cell in enumerate(cells):
        field = _header_name(cell)
        if field and field not in mapping.values():
            mapping[i] = field
    return mapping if {"source", "target"} <= set(mapping.values()) else None


def _columns(rows: list, name: str, problems: list[Problem]) -> tuple[dict, dict | None]:
    """Column index -> field, and the header as {column name: field} if the first row is one."""
    if not rows:
        return {0: "source", 1: "target", 2: "note"}, None
    line, _, cells = rows[0]
    mapping = _header_mapping(cells)
    if mapping is None:
        if any(_header_name(c) for c in cells):
            problems.append(
                Problem(
                    name,
                    line,
                    "this looks like a header but names no source "
                    "and target column; it was read as a term",
                    WARNING,
                )
            )
        extra = next((r for r in rows if any(r[2][3:])), None)
        if extra:
            problems.append(
                Problem(
                    name,
                    extra[0],
                    "columns after the third are not used (no "
                    "header row names them) and are not saved",
                    WARNING,
                )
            )
        return {0: "source", 1: "target", 2: "note"}, None
    for i, cell in enumerate(cells):
        if i not in mapping and cell:
            problems.append(
                Problem(
                    name,
                    line,
                    f"column '{cell}' is not used and not saved "
                    f"(known columns: {', '.join(FIELDS)})",
                    WARNING,
                )
            )
    return mapping, {cells[i]: f for i, f in mapping.items()}


def _unprefix(cell: str) -> str:
    """Remove the apostrophe we put before formula-like cells when saving."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@") else cell


def _yes_no(cell: str, column: str, add) -> bool | None:
    value = cell.lower()
    if value in YES:
        return True
    if value in NO:
        return None if value == "" else False
    add(f"{column} '{cell}' is not yes or no; treated as empty", WARNING)
    return None


def _read_terms(rows: list, columns: dict[int, str], name: str, glossary: Glossary) -> None:
    first_rows: dict[str, Term] = {}
    for line, last_line, cells in rows:

        def add(message: str, severity: str = ERROR, line: int = line) -> None:
            glossary.problems.append(Problem(name, line, message, severity))

        term = _row_to_term(line, last_line, cells, columns, add)
        if term is None or not _acceptable_source(term, add):
            continue
        earlier = first_rows.get(term.source)
        if earlier is not None and earlier.target != term.target:
            add(
                f"'{term.source}' is already on line {earlier.line} with target "
                f"'{earlier.target}'; this row says '{term.target}' and was not loaded"
            )
            continue
        if earlier is not None:
            add(f"'{term.source}' is already on line {earlier.line} (same target)", WARNING)
        first_rows.setdefault(term.source, term)
        glossary.terms.append(term)
    _warn_prefix_clashes(glossary.terms, name, glossary.problems)


def _row_to_term(line: int, last_line: int, cells: list[str], columns: dict, add) -> Term | None:
    raw = {f: cells[i] for i, f in columns.items() if i < len(cells)}
    for field, cell in raw.items():
        if cell.startswith(FORMULA_START) and cell not in ("-", "--"):
            add(f"{field} '{cell[:30]}' starts like a spreadsheet formula; kept as text", WARNING)
    values = {f: _unprefix(c) for f, c in raw.items()}
    source, target = values.get("source", ""), values.get("target", "")
    keep = bool(_yes_no(values.get("keep", ""), "keep", add))
    if last_line - line > 3:
        add(f"this row runs over lines {line}-{last_line}: a stray quotation mark?", WARNING)
    if not source:
        add("no source term" + (f" (target '{target}')" if target else ""))
        return None
    if "\n" in source or "\r" in source or "\n" in target or "\r" in target:
        add(f"the term '{source[:40]}' contains a line break (a stray quotation mark?)")
        return None
    if not target and not keep:
        add(f"no target for '{source}' (write the English, or keep=yes to keep it as is)")
        return None
    if keep and target and target != source:
        add(
            f"keep=yes but the target '{target}' differs from '{source}'; the target is used",
            WARNING,
        )
    return Term(
        source=source,
        target=target or source,
        note=values.get("note", ""),
        variants=_split_list(values.get("variants", "")),
        forbidden=_split_list(values.get("forbidden", "")),
        case_sensitive=_yes_no(values.get("case_sensitive", ""), "case_sensitive", add),
        keep=keep,
        line=line,
    )


def _split_list(cell: str) -> list[str]:
    if not cell:
        return []
    return [part.strip() for part in cell.split("|") if part.strip()]


def _acceptable_source(term: Term, add) -> bool:
    source = term.source
    acronym = source.isupper()
    if len(source) < 2 or not any(c.isalnum() for c in source):
        add(f"the term '{source}' is too short to find reliably")
        return False
    if source.lower() in STOPWORDS and not acronym:
        add(f"the term '{source}' is a common German word and would be found almost everywhere")
        return False
    if len(source) == 2 and not acronym:
        add(f"the term '{source}' is very short and may match unrelated words", WARNING)
    return True


def _warn_prefix_clashes(terms: list[Term], name: str, problems: list[Problem]) -> None:
    """Warn when a term is the start of another term's word with a real word after it
    ("Gipfel" / "Gipfeltreffen"): both can hit the same text. Inflected forms are fine.

    Sorted by lowercase source, the terms a term starts form one run right after it, so each
    term looks only at its run: time grows with the terms plus the pairs, not terms squared."""
    ordered = sorted(terms, key=lambda t: t.source.lower())
    keys = [t.source.lower() for t in ordered]
    for i, short in enumerate(ordered):
        if short.source.isupper():
            continue  # acronyms are matched exactly, never inside a word
        prefix = keys[i]
        j = i + 1
        while j < len(keys) and keys[j].startswith(prefix):
            rest = keys[j][len(prefix) :]
            if rest and rest[0].isalpha() and rest not in _INFLECTION_ENDINGS and len(rest) >= 4:
                long = ordered[j]
                problems.append(
                    Problem(
                        name,
                        long.line,
                        f"'{short.source}' (line {short.line}) "
                        f"is the beginning of '{long.source}'; where both fit, "
                        "the longer term wins",
                        WARNING,
                    )
                )
            j += 1
