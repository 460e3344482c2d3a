"""Reading glossary CSV files: separator, header, rows -> terms, problems.

Contract (the file format and the reading rules are in the docstring of
`workbench.glossary.files`, which re-exports everything public here):
- `read_glossary(path) -> Glossary` reads a file; `parse_glossary(data, name) -> Glossary` reads
  uploaded bytes, `name` being the file name used in problems. Neither raises for bad content
  or a missing file: every problem is a `Problem` in `Glossary.problems` naming file and line.
- `read_table(data, name) -> Table` is the step before terms: the decoded text
  (`workbench.glossary.decoding`), the separator, every non-blank row as (first line, last
  line, cells) and which column is which field; `workbench.glossary.adding` uses it to change
  one row of a file in place.
- `escape_cell` / `unescape_cell` are the one rule for spreadsheet formulas: saving escapes,
  reading unescapes, and every cell comes back exactly.
- `FIELDS` are the columns of the format in saving order; `FORMULA_START` the cell beginnings
  that spreadsheets would take for a formula; `STOPWORDS` (from `workbench.glossary.vocabulary`,
  with the header names) the common German words refused as terms.
- Reading time grows linearly with the rows (100,000 rows: see benchmarks/bench_glossary_check.py)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from workbench.glossary.decoding import Decoded, decode_glossary
from workbench.glossary.model import ERROR, WARNING, Glossary, Problem, Term
from workbench.glossary.vocabulary import HEADER_NAMES, NO, STOPWORDS, YES

FIELDS = (
    "source",
    "target",
    "note",
    "variants",
    "forbidden",
    "case_sensitive",
    "keep",
    "plural",
)
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


def parse_glossary(data: bytes, name: str, table: Table | None = None) -> Glossary:
    """Read glossary bytes (an upload); `name` is the file name used in problems. `table`:
    `read_table(data, name)` when the caller has it already."""
    glossary = Glossary(name=Path(name).stem, signature=hashlib.sha256(data).hexdigest())
    table = read_table(data, name) if table is None else table
    glossary.problems = list(table.problems)
    if table.decoded is None:
        return glossary
    glossary.detected = table.detected()
    if table.rows and all(len(cells) < 2 for _, _, cells in table.rows):
        glossary.problems.append(
            Problem(
                name,
                0,
                "only one column found: write source and "
                "target separated by a comma, semicolon or tab",
            )
        )
        return glossary
    _read_terms(table.body(), table.columns, name, glossary)
    if not table.body():
        glossary.problems.append(Problem(name, 0, "no terms yet (only a header)", WARNING))
    return glossary


Row = tuple[int, int, list[str]]  # first physical line, last physical line, stripped cells


@dataclass
class Table:
    """A glossary file as rows of cells, before they become terms."""

    name: str
    decoded: Decoded | None  # None: the bytes are no readable text (see `problems`)
    separator: str = ","
    rows: list[Row] = field(default_factory=list)  # every non-blank row, the header too
    columns: dict[int, str] = field(default_factory=dict)  # column index -> field
    header: dict[str, str] | None = None  # {header cell: field} when the first row is a header
    problems: list[Problem] = field(default_factory=list)

    def body(self) -> list[Row]:
        """The rows that hold terms (the header left out)."""
        return self.rows[1:] if self.header is not None else self.rows

    def detected(self) -> dict:
        assert self.decoded is not None
        detected = {
            "encoding": self.decoded.encoding,
            "encoding_assumed": self.decoded.warning is not None,
            "separator": self.separator,
            "header": self.header is not None,
            "columns": (
                self.header
                if self.header is not None
                else {i + 1: f for i, f in self.columns.items()}
            ),
        }
        if self.decoded.fallback_lines:
            detected["cp1252_lines"] = list(self.decoded.fallback_lines)
        return detected


def read_table(data: bytes, name: str) -> Table:
    """Decode, choose the separator, split into rows, recognise the header. Never raises."""
    try:
        decoded = decode_glossary(data)
    except ValueError as unreadable:
        return Table(name, None, problems=[Problem(name, 0, str(unreadable))])
    table = Table(name, decoded)
    if decoded.warning:
        table.problems.append(Problem(name, decoded.warning_line, decoded.warning, WARNING))
    table.separator = _choose_separator(decoded.text)
    table.rows = _read_rows(decoded.text, table.separator, name, table.problems)
    table.columns, table.header = _columns(table.rows, name, table.problems)
    return table


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


_ESCAPED = (*FORMULA_START, "'")  # what may follow the apostrophe that saving puts first


def unescape_cell(cell: str) -> str:
    """A cell as written before saving: drop the apostrophe saving put before a cell that
    starts like a formula (= + - @ tab CR) or with an apostrophe of its own."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in _ESCAPED else cell


def escape_cell(cell: str) -> str:
    """A cell as saved: formula-like cells get a leading apostrophe (spreadsheets show them as
    text), and so do cells that `unescape_cell` would change, so that reading gives them back
    exactly ("'+49 30 1234" is saved as "''+49 30 1234")."""
    if cell.startswith(FORMULA_START) or unescape_cell(cell) != cell:
        return "'" + cell
    return cell


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
    for column, cell in raw.items():
        if cell.startswith(FORMULA_START) and cell not in ("-", "--"):
            add(f"{column} '{cell[:30]}' starts like a spreadsheet formula; kept as text", WARNING)
    values = {f: unescape_cell(c) for f, c in raw.items()}
    source, target = values.get("source", ""), values.get("target", "")
    keep = bool(_yes_no(values.get("keep", ""), "keep", add))
    if last_line - line > 3:
        add(f"this row runs over lines {line}-{last_line}: a stray quotation mark?", WARNING)
    if not source:
        add("no source term" + (f" (target '{target}')" if target else ""))
        return None
    for column, cell in (("source", source), ("target", target)):
        if "\n" in cell or "\r" in cell:
            add(
                f"the {column} of '{source[:40]}' contains a line break (a stray quotation "
                "mark?); loaded as written, but a term is only found within one line",
                WARNING,
            )
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
        plural=values.get("plural", ""),
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
