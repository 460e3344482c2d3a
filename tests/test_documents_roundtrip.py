"""Bilingual files exported by us, edited elsewhere (simulated with translate-toolkit, csv and
openpyxl, as a CAT tool or Excel would), then brought back with apply_bilingual."""

from __future__ import annotations

import copy
import csv
import io

import openpyxl
import pytest
from translate.storage import xliff as tk_xliff

from workbench.document import CONFIRMED, EDITED, NEW, TRANSLATED
from workbench.documents import DocumentError, apply_bilingual, export_document
from workbench.segmenting import segment_text

GERMAN = (
    "Neue Regeln für E-Scooter\n\n"
    "Ab 1. Juli gilt in Köln ein Tempolimit von 12 km/h. Verstöße kosten 30 Euro.\n\n"
    "„Wir reagieren auf Beschwerden“, sagte die Stadt. Anbieter wie <Tier> & Co. kritisieren das.\n"
)
ENGLISH = [
    "New rules for e-scooters",
    "From 1 July, a speed limit of 12 km/h applies in Cologne.",
    "Violations cost 30 euros.",
    '"We are responding to complaints," the city said.',
    "Providers such as <Tier> & Co. criticise this.",
]
NEW_TEXT = "Offences cost €30 & more <now>."


def translated_document():
    document = segment_text(GERMAN, "scooter.txt")
    assert len(document.segments) == len(ENGLISH)
    for segment, english in zip(document.segments, ENGLISH, strict=True):
        segment.machine = segment.target = english
        segment.status = TRANSLATED
    document.segments[0].status = CONFIRMED
    return document


def edit_xliff(data: bytes, number: int, target: str) -> bytes:
    store = tk_xliff.xlifffile.parsestring(data)
    unit = next(u for u in store.units if u.xmlelement.get("id") == str(number))
    unit.target = target
    return bytes(store)


def edit_csv(
    data: bytes,
    number: int,
    target: str,
    column="final translation",
    delimiter=",",
    encoding="utf-8",
):
    """Row `number` edited and saved as another program would (no BOM, maybe ';' and ANSI)."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    rows[number][rows[0].index(column)] = target
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


def edit_xlsx(data: bytes, number: int, target: str, column: str = "final translation") -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    sheet.cell(row=number + 1, column=header.index(column) + 1).value = target
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


EDITORS = {"xlf": edit_xliff, "csv": edit_csv, "xlsx": edit_xlsx}


@pytest.mark.parametrize("fmt", sorted(EDITORS))
def test_changing_one_target_updates_exactly_that_segment(fmt):
    document = translated_document()
    before = copy.deepcopy(document)
    edited = EDITORS[fmt](export_document(document, fmt), 3, NEW_TEXT)
    report = apply_bilingual(document, edited, "scooter." + fmt)
    assert report.changed == [2] and report.problems == []
    assert report.unchanged == 4 and report.not_in_file == 0
    assert document.segments[2].target == NEW_TEXT and document.segments[2].status == EDITED
    assert document.segments[2].machine == before.segments[2].machine
    others = [s for s in document.segments if s.index != 2]
    assert others == [s for s in before.segments if s.index != 2]
    assert "1 segment(s) changed (3)" in report.summary()


@pytest.mark.parametrize("fmt", sorted(EDITORS))
def test_unedited_export_changes_nothing(fmt):
    document = translated_document()
    document.segments[1].target = "Line one\x0bline two"  # XML exports write \x0b as a newline
    document.segments[4].target, document.segments[4].status = "", NEW  # untranslated: no problem
    before = copy.deepcopy(document)
    report = apply_bilingual(document, export_document(document, fmt), "scooter." + fmt)
    assert report.changed == [] and report.problems == []
    assert document == before


def test_row_whose_source_differs_is_reported_not_applied():
    document = translated_document()
    data = edit_csv(export_document(document, "csv"), 2, "Changed target.")
    data = edit_csv(data, 2, "Ab 1. August gilt ein anderes Limit.", column="source")
    report = apply_bilingual(document, data, "alt.csv")
    assert report.changed == []
    assert [(p.line, p.severity) for p in report.problems] == [(3, "error")]
    assert "source of segment 2 differs" in report.problems[0].message
    assert document.segments[1].target == ENGLISH[1]


def test_unknown_repeated_and_empty_rows_are_problems_with_row_numbers():
    document = translated_document()
    rows = list(
        csv.reader(io.StringIO(export_document(document, "csv").decode("utf-8-sig"), newline=""))
    )
    rows[1][4] = ""  # emptied final translation
    rows[2][0] = "99"  # unknown segment
    rows[2][2] = "Ein Satz, den das Dokument nicht hat."
    rows[3][0] = "zwei"  # not a number
    rows[3][2] = "Noch ein fremder Satz."
    rows.append(list(rows[4]))  # segment 4 twice
    rows[-1][4] = "Twice."
    rows.insert(5, ["", "", "", "", "", "", ""])  # blank line in between: ignored
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    report = apply_bilingual(document, out.getvalue().encode(), "fehler.csv")
    problems = [(p.line, p.message.split(" (")[0].split(";")[0]) for p in report.problems]
    assert problems == [
        (2, "the final translation of segment 1 is empty"),
        (3, "segment 99 does not exist"),
        (4, "'zwei' is not a segment number"),
        (8, "segment 4 appears twice"),
    ]
    assert report.changed == [] and report.not_in_file == 2  # segments 2 and 3


def test_excel_resaved_csv_with_semicolons_and_windows_encoding():
    document = translated_document()
    text = "Anbieter criticise this – strongly."
    data = edit_csv(export_document(document, "csv"), 5, text, delimiter=";", encoding="cp1252")
    report = apply_bilingual(document, data, "excel.csv")
    assert report.changed == [4] and document.segments[4].target == text


def test_typed_formula_is_taken_as_text():
    document = translated_document()
    report = apply_bilingual(
        document, edit_xlsx(export_document(document, "xlsx"), 2, "=1+1"), "formel.xlsx"
    )
    assert report.changed == [1] and document.segments[1].target == "=1+1"


def test_xliff_from_cat_tool_with_inline_markup_and_trados_mrk():
    document = translated_document()
    data = export_document(document, "xlf").decode()
    data = data.replace(
        f">{ENGLISH[2]}</target>",
        '><mrk mtype="seg" mid="3">Violations cost <g id="1">30</g> euros now.</mrk></target>',
    )
    report = apply_bilingual(document, data.encode(), "trados.xlf")
    assert report.changed == [2] and document.segments[2].target == "Violations cost 30 euros now."


def test_xliff_source_mismatch_reports_the_line():
    document = translated_document()
    data = (
        export_document(document, "xlf")
        .decode()
        .replace("Verstöße kosten 30 Euro.", "Verstöße kosten 50 Euro.")
    )
    data = data.replace(f">{ENGLISH[2]}</target>", ">Violations cost 50 euros.</target>")
    report = apply_bilingual(document, data.encode(), "x.xlf")
    line = next(n for n, text in enumerate(data.splitlines(), 1) if 'trans-unit id="3"' in text)
    assert [(p.line, "differs" in p.message) for p in report.problems] == [(line, True)]
    assert report.changed == []


def test_missing_columns_and_unknown_extensions_raise():
    document = translated_document()
    with pytest.raises(DocumentError, match="missing: final translation"):
        apply_bilingual(document, b"segment,source\n1,x\n", "teil.csv")
    with pytest.raises(DocumentError, match=r"\.csv, \.xlsx, \.xlf, \.xliff"):
        apply_bilingual(document, b"x", "notiz.txt")


def test_a_row_whose_number_moved_is_matched_by_its_german_with_a_warning():
    document = translated_document()
    rows = list(
        csv.reader(io.StringIO(export_document(document, "csv").decode("utf-8-sig"), newline=""))
    )
    rows[3][0] = "77"  # numbers shifted by a join elsewhere; the German is segment 3's
    rows[3][4] = "Reviewed."
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    report = apply_bilingual(document, out.getvalue().encode(), "verschoben.csv")
    assert report.changed == [2] and document.segments[2].target == "Reviewed."
    [warning] = report.problems
    assert (warning.line, warning.severity) == (4, "warning")
    assert "'77' of the file is segment 3 now" in warning.message
