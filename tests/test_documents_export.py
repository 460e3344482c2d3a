"""Exports, each parsed back by an independent library (translate-toolkit, python-docx, openpyxl,
csv, xml.etree), never by our own readers."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import docx
import lxml.html
import openpyxl
import pytest
from translate.storage import tmx as tk_tmx
from translate.storage import xliff as tk_xliff

from workbench.document import CONFIRMED, EDITED, NEW, TRANSLATED, Flag, Paragraph
from workbench.documents import EXPORT_FORMATS, DocumentError, export_document, format_of
from workbench.documents.bilingual import COLUMNS
from workbench.documents.tmx import document_to_tmx
from workbench.segmenting import segment_blocks, segment_text

GERMAN = (
    "Haushaltsstreit in Berlin\n\n"
    "Die Koalition hat sich am 3. März auf einen Haushalt von 95,5 Mio. Euro geeinigt. "
    "„Das ist ein guter Tag“, sagte Dr. Müller.\n\n"
    'Kritiker sprechen von <Tricks> & "Schattenhaushalten" – die Opposition will klagen.\n'
    "=SUMME(A1:A3) ist kein Befehl, sagt die Sprecherin.\n\n"
    "Zeile mit\x0bvertikalem Tab und 'Apostroph'. -5 Grad in München.\n"
)
MACHINE = [
    "Budget dispute in Berlin",
    "The coalition agreed on a budget of 95.5 million euros on 3 March.",
    "'This is a good day,' said Dr. Müller.",
    'Critics speak of <tricks> & "shadow budgets" – the opposition wants to sue.',
    "=SUM(A1:A3) is not a command, says the spokeswoman.",
    "Line with\x0bvertical tab and 'apostrophe'.",
    "-5 degrees in Munich.",
]
EDITS = {
    1: "On 3 March the coalition agreed a budget of €95.5m.",
    3: 'Critics speak of <tricks> & "shadow budgets".',
}


def edited_document():
    """The sample with machine translation everywhere and two segments edited by hand."""
    document = segment_text(GERMAN, "haushalt.txt")
    assert len(document.segments) == len(MACHINE)
    for segment, english in zip(document.segments, MACHINE, strict=True):
        segment.machine = segment.target = english
        segment.status = TRANSLATED
    for index, english in EDITS.items():
        document.segments[index].target = english
        document.segments[index].status = EDITED
    document.segments[1].flags = [Flag("number-mismatch", "95,5 not found in the English")]
    return document


def xml_clean(text: str) -> str:
    return text.replace("\x0b", "\n")


def unquote(cell: str) -> str:
    """What a person sees as the text of a neutralised spreadsheet cell."""
    return cell[1:] if re.match(r"'[=+\-@]", cell) else cell


def _units_txt(data: bytes, document) -> list[str]:
    text = data.decode("utf-8")
    assert text == document.target_text()
    return text.split("\n\n")


def _units_md(data: bytes, document) -> list[str]:
    return data.decode("utf-8").rstrip("\n").split("\n\n")


def _units_docx(data: bytes, document) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def _units_html(data: bytes, document) -> list[str]:
    page = lxml.html.fromstring(data)
    assert page.get("lang") == "en"
    return [element.text_content() for element in page.xpath("//body/*")]


def _units_csv(data: bytes, document) -> list[str]:
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    return [row["final translation"] for row in rows]


def _units_xlsx(data: bytes, document) -> list[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]


def _units_xlf(data: bytes, document) -> list[str]:
    return [unit.target for unit in tk_xliff.xlifffile.parsestring(data).units]


def _units_tmx(data: bytes, document) -> list[str]:
    return [unit.target for unit in tk_tmx.tmxfile.parsestring(data).units]


# format -> (independent reader, units expected, how many: paragraphs/segments/edited)
ACCEPTANCE = {
    "txt": (_units_txt, "paragraphs"),
    "md": (_units_md, "paragraphs"),
    "docx": (_units_docx, "paragraphs"),
    "html": (_units_html, "paragraphs"),
    "csv": (_units_csv, "segments"),
    "xlsx": (_units_xlsx, "segments"),
    "xlf": (_units_xlf, "segments"),
    "tmx": (_units_tmx, "edited"),
}


def test_every_export_format_has_an_acceptance_case():
    assert set(ACCEPTANCE) == set(EXPORT_FORMATS)


@pytest.mark.parametrize("fmt", sorted(ACCEPTANCE))
def test_edited_document_opens_in_independent_parser(fmt):
    document = edited_document()
    reader, unit = ACCEPTANCE[fmt]
    units = reader(export_document(document, fmt), document)
    expected = {
        "paragraphs": len(document.paragraphs),
        "segments": len(document.segments),
        "edited": len(EDITS),
    }
    assert len(units) == expected[unit]
    joined = "\n".join(units)
    for english in EDITS.values():
        assert english in joined
    if unit == "segments":  # segment by segment, every final translation
        assert [unquote(u) for u in units] == [
            s.target if fmt == "csv" else xml_clean(s.target) for s in document.segments
        ]


@pytest.mark.parametrize(
    "given, expected",
    [("docx", "docx"), (".DOCX", "docx"), ("xliff", "xlf"), ("out.xlf", "xlf"), ("markdown", "md")],
)
def test_format_names_are_forgiving(given, expected):
    assert format_of(given) == expected


def test_unknown_format_is_a_clear_error():
    with pytest.raises(DocumentError, match=r"\.xlsx"):
        export_document(edited_document(), "pdf")


def test_export_formats_have_labels_and_mime_types():
    for extension, (label, mime) in EXPORT_FORMATS.items():
        assert extension in label and "/" in mime


def test_csv_columns_numbers_flags_and_formula_neutralising():
    rows = list(
        csv.reader(
            io.StringIO(export_document(edited_document(), "csv").decode("utf-8-sig"), newline="")
        )
    )
    assert tuple(rows[0]) == COLUMNS
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, 8)]
    assert [r[1] for r in rows[1:]] == ["1", "2", "2", "3", "3", "4", "4"]
    assert rows[5][2] == "'=SUMME(A1:A3) ist kein Befehl, sagt die Sprecherin."
    assert rows[5][4] == "'=SUM(A1:A3) is not a command, says the spokeswoman."
    assert rows[7][3] == "'-5 degrees in Munich."
    assert rows[2][6] == "number-mismatch: 95,5 not found in the English"
    assert [r[5] for r in rows[1:]].count(EDITED) == 2


def test_xlsx_cells_are_strings_never_formulas():
    sheet = openpyxl.load_workbook(io.BytesIO(export_document(edited_document(), "xlsx"))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert sheet["C6"].value == "'=SUMME(A1:A3) ist kein Befehl, sagt die Sprecherin."
    assert sheet["C7"].value == "Zeile mit\nvertikalem Tab und 'Apostroph'."
    assert sheet.freeze_panes == "A2" and sheet.title == "Segments"


def test_xliff_states_notes_machine_translation_and_languages():
    document = edited_document()
    document.segments[0].status = CONFIRMED
    document.segments[6].status, document.segments[6].target = NEW, ""
    store = tk_xliff.xlifffile.parsestring(export_document(document, "xlf"))
    units = store.units
    assert store.getsourcelanguage() == "de" and store.gettargetlanguage() == "en"
    assert store.getfilenames() == ["haushalt.txt"]
    assert [u.xmlelement.get("id") for u in units] == [str(n) for n in range(1, 8)]
    states = [
        u.xmlelement.find("{urn:oasis:names:tc:xliff:document:1.2}target").get("state")
        for u in units
    ]
    review = "needs-review-translation"
    assert states == ["final", "translated", review, "translated", review, review, "new"]
    assert units[0].isapproved() and not units[1].isapproved()
    assert "number-mismatch" in units[1].getnotes()
    assert units[1].getalttrans()[0].target == MACHINE[1]
    assert (
        units[3].source
        == 'Kritiker sprechen von <Tricks> & "Schattenhaushalten" – die Opposition will klagen.'
    )
    assert units[5].source == "Zeile mit\nvertikalem Tab und 'Apostroph'."


def test_tmx_header_and_units_by_status():
    document = edited_document()
    document.segments[0].status = CONFIRMED
    moment = datetime(2024, 3, 5, 14, 30, 0, tzinfo=UTC)
    data = document_to_tmx(document, now=moment)
    header = ET.fromstring(data).find("header")
    assert header is not None
    assert header.attrib == {
        "creationtool": "workbench",
        "creationtoolversion": header.get("creationtoolversion"),
        "datatype": "plaintext",
        "segtype": "sentence",
        "adminlang": "en",
        "srclang": "de",
        "creationdate": "20240305T143000Z",
        "o-tmf": "workbench",
    }
    assert header.get("creationtoolversion")
    units = tk_tmx.tmxfile.parsestring(data).units
    assert [u.getid() for u in units] == ["1", "2", "4"]
    assert [u.source for u in units] == [document.segments[i].source for i in (0, 1, 3)]
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    langs = [[tuv.get(lang) for tuv in tu.iter("tuv")] for tu in ET.fromstring(data).iter("tu")]
    assert langs == [["de", "en"]] * 3
    assert all(
        re.fullmatch(r"\d{8}T\d{6}Z", tuv.get("creationdate", ""))
        for tuv in ET.fromstring(data).iter("tuv")
    )
    confirmed_only = tk_tmx.tmxfile.parsestring(
        document_to_tmx(document, statuses=(CONFIRMED,))
    ).units
    assert [u.target for u in confirmed_only] == [MACHINE[0]]


def test_docx_keeps_headings_and_rebuilds_tables():
    blocks = [
        (Paragraph(0, "title"), "Wahlergebnis"),
        (Paragraph(0, "heading2"), "Die Zahlen"),
        (Paragraph(0, "body"), "Die Partei gewann. Sie jubelte."),
        (Paragraph(0, "table-cell", 0, 0, 0), "Partei"),
        (Paragraph(0, "table-cell", 0, 0, 1), "Stimmen"),
        (Paragraph(0, "table-cell", 0, 1, 0), "Grüne"),
        (Paragraph(0, "table-cell", 0, 1, 1), "12 %"),
        (Paragraph(0, "quote"), "„Ein Sieg.“"),
        (Paragraph(0, "list-item"), "Punkt\x0c eins"),
    ]
    document = segment_blocks(blocks, "wahl.docx")
    english = ["Election result", "The figures", "The party won.", "It cheered.", "Party", "Votes"]
    english += ["Greens", "12%", '"A victory."', "Point one"]
    for segment, text in zip(document.segments, english, strict=True):
        segment.target = text
    word = docx.Document(io.BytesIO(export_document(document, "docx")))
    styled = [(p.style.name if p.style else None, p.text) for p in word.paragraphs]
    assert styled == [
        ("Title", "Election result"),
        ("Heading 2", "The figures"),
        ("Normal", "The party won. It cheered."),
        ("Quote", '"A victory."'),
        ("List Bullet", "Point one"),
    ]
    table = word.tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Party", "Votes"],
        ["Greens", "12%"],
    ]
    body = [child.tag.rsplit("}", 1)[-1] for child in word.element.body]
    assert body[:5] == ["p", "p", "p", "tbl", "p"]  # the table stays where it was
    assert word.core_properties.language == "en" and word.core_properties.title == "wahl.docx"


def test_markdown_export_restores_markers():
    blocks = [
        (Paragraph(0, "heading1"), "Titel"),
        (Paragraph(0, "body"), "Text."),
        (Paragraph(0, "list-item"), "eins"),
        (Paragraph(0, "list-item"), "zwei"),
        (Paragraph(0, "quote"), "Zitat"),
        (Paragraph(0, "heading3"), "Unter"),
        (Paragraph(0, "table-cell", 0, 0, 0), "a|b"),
        (Paragraph(0, "table-cell", 0, 0, 1), "c"),
    ]
    document = segment_blocks(blocks, "x.md")
    for segment in document.segments:
        segment.target = segment.source.upper()
    text = export_document(document, "md").decode("utf-8")
    assert (
        text
        == "# TITEL\n\nTEXT.\n\n- EINS\n- ZWEI\n\n> ZITAT\n\n### UNTER\n\n| A\\|B | C |\n|---|---|\n"
    )


def test_untranslated_segments_export_empty_not_source():
    document = segment_text("Erster Satz. Zweiter Satz.", "x.txt")
    document.segments[0].target = "First sentence."
    assert export_document(document, "txt") == b"First sentence. "
