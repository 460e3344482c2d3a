"""Glossaries as the rows of an editable table, and rows back into a checked glossary.

Contract (no Streamlit here):
- `glossary_rows(glossary)` gives one dict per term with the CSV columns as plain strings
  (lists joined with "|", yes/no cells as "yes"/"no"/""), what `st.data_editor` edits.
- `rows_to_glossary(rows, name)` writes the rows as our CSV and reads them back with
  `parse_glossary`, so a table is checked exactly like a file: the problems name line numbers
  (line 1 is the header, the first row is line 2). Empty rows are ignored.
"""

from __future__ import annotations

import csv
import io

from workbench.glossary.files import FIELDS, parse_glossary
from workbench.glossary.model import Glossary, Term

_YES_NO = {None: "", True: "yes", False: "no"}


def term_row(term: Term) -> dict[str, str]:
    return {
        "source": term.source,
        "target": term.target,
        "note": term.note,
        "variants": "|".join(term.variants),
        "forbidden": "|".join(term.forbidden),
        "case_sensitive": _YES_NO[term.case_sensitive],
        "keep": "yes" if term.keep else "",
        "plural": term.plural,
    }


def glossary_rows(glossary: Glossary) -> list[dict[str, str]]:
    return [term_row(t) for t in glossary.terms]


def _cell(value) -> str:
    if value is None or value != value:  # None or NaN from pandas
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    return str(value)


def rows_to_csv_bytes(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIELDS)
    for row in rows:
        cells = [_cell(row.get(f)) for f in FIELDS]
        if any(c.strip() for c in cells):
            writer.writerow(cells)
    return buffer.getvalue().encode("utf-8")


def rows_to_glossary(rows: list[dict], name: str) -> Glossary:
    """The glossary these rows make, with the problems a file with them would have."""
    glossary = parse_glossary(rows_to_csv_bytes(rows), name)
    glossary.problems = [p for p in glossary.problems if "no terms found" not in p.message]
    return glossary


def checked_term(source: str, target: str, note: str, filename: str) -> tuple[Term | None, list]:
    """One typed term, checked like a glossary row: (term or None, problems)."""
    glossary = rows_to_glossary([{"source": source, "target": target, "note": note}], filename)
    return (glossary.terms[0] if glossary.terms else None), glossary.problems
