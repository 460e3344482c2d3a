"""Quality flags on whole documents as a translator brings them: table cells and headings too."""

import io

import docx

from workbench.documents.importing import read_document
from workbench.engine import Engine
from workbench.pipeline import translate_document


def _docx_with_table() -> bytes:
    word = docx.Document()
    word.add_heading("Kosten der Mission: 95,5 Mio. Euro", level=1)
    table = word.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Kosten"
    table.cell(0, 1).text = "95,5 Mio. Euro"
    table.cell(1, 0).text = "Soldaten"
    table.cell(1, 1).text = "500"
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def test_german_numbers_copied_into_table_cells_and_headings_are_flagged(echo_model):
    document = read_document(_docx_with_table(), "costs.docx")
    translate_document(document, Engine(echo_model))
    flagged = {
        s.source: [f.code for f in s.flags if f.code == "number-mismatch"]
        for s in document.segments
    }
    # the echo package copies German: "95,5 Mio." is not an English number, wherever it is
    assert flagged["95,5 Mio. Euro"] == ["number-mismatch"]
    assert flagged["Kosten der Mission: 95,5 Mio. Euro"] == ["number-mismatch"]
    assert flagged["500"] == []  # the same in both languages
