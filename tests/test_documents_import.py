"""Reading .txt, .md, .docx and .html into Documents (well-formed inputs; hostile ones are in
test_documents_hostile.py). Input files are built here with python-docx and plain strings."""

from __future__ import annotations

import io

import docx
import pytest

from workbench.documents import SUPPORTED_EXTENSIONS, DocumentError, read_document

ARTICLE = (
    "Streik bei der Bahn\n\n"
    "Die Gewerkschaft GDL hat für Montag zu einem Streik aufgerufen. Betroffen sind 3.500 Züge.\n"
    "Der Konzern nannte das „unverhältnismäßig“.\n"
)


def _paragraphs(document, side="source"):
    return [(p.style, p.table, p.row, p.col, text) for p, text in document.paragraph_texts(side)]


@pytest.mark.parametrize(
    "encoding, prefix",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("cp1252", b"")],
)
def test_text_files_in_common_encodings_keep_their_layout(encoding, prefix):
    document = read_document(prefix + ARTICLE.encode(encoding), "streik.txt")
    assert document.source_text() == ARTICLE
    assert document.name == "streik.txt"
    assert [s.source for s in document.segments][:2] == [
        "Streik bei der Bahn",
        "Die Gewerkschaft GDL hat für Montag zu einem Streik aufgerufen.",
    ]


def test_document_is_named_after_the_file_not_its_folder():
    assert read_document(b"Hallo Welt.", "C:/Users/red/Desktop/meldung.TXT").name == "meldung.TXT"


def test_markdown_headings_are_style_not_text():
    text = (
        "# Titel der Meldung\n\nErster Satz. Zweiter Satz.\n\n## Hintergrund ##\n"
        "Text direkt unter der Überschrift.\n\n- eins\n* zwei\n\n> Ein Zitat.\n\n###### Klein\n"
    )
    document = read_document(text.encode(), "meldung.md")
    assert _paragraphs(document) == [
        ("heading1", None, None, None, "Titel der Meldung"),
        ("body", None, None, None, "Erster Satz. Zweiter Satz."),
        ("heading2", None, None, None, "Hintergrund"),
        ("body", None, None, None, "Text direkt unter der Überschrift."),
        ("list-item", None, None, None, "eins"),
        ("list-item", None, None, None, "zwei"),
        ("quote", None, None, None, "Ein Zitat."),
        ("heading6", None, None, None, "Klein"),
    ]
    assert not any("#" in s.source for s in document.segments)


def _word_file() -> bytes:
    word = docx.Document()
    word.add_heading("Wahl in Hessen", 0)
    word.add_heading("Ergebnisse", 1)
    word.add_paragraph("Die CDU gewann deutlich. Die SPD verlor.")
    table = word.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "Partei"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Stimmen in %"
    table.cell(1, 0).text = "CDU"
    table.cell(1, 1).text = "34,6"
    word.add_heading("Reaktionen", 3)
    word.add_paragraph("„Ein klarer Auftrag“, sagte er.", style="Quote")
    word.add_paragraph("Wahlbeteiligung: 66 %", style="List Bullet")
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def test_docx_keeps_heading_styles_and_table_cells_in_document_order():
    document = read_document(_word_file(), "wahl.docx")
    assert _paragraphs(document) == [
        ("title", None, None, None, "Wahl in Hessen"),
        ("heading1", None, None, None, "Ergebnisse"),
        ("body", None, None, None, "Die CDU gewann deutlich. Die SPD verlor."),
        ("table-cell", 0, 0, 0, "Partei"),
        ("table-cell", 0, 0, 1, "Stimmen in %"),  # merged cell read once
        ("table-cell", 0, 1, 0, "CDU"),
        ("table-cell", 0, 1, 1, "34,6"),
        ("heading3", None, None, None, "Reaktionen"),
        ("quote", None, None, None, "„Ein klarer Auftrag“, sagte er."),
        ("list-item", None, None, None, "Wahlbeteiligung: 66 %"),
    ]
    assert [s.source for s in document.segments if s.paragraph == 2] == [
        "Die CDU gewann deutlich.",
        "Die SPD verlor.",
    ]


def test_docx_vertically_merged_cell_is_read_once():
    word = docx.Document()
    table = word.add_table(rows=3, cols=2)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "Berlin"
    table.cell(0, 1).text, table.cell(1, 1).text, table.cell(2, 0).text = (
        "Mitte",
        "Pankow",
        "Hamburg",
    )
    out = io.BytesIO()
    word.save(out)
    document = read_document(out.getvalue(), "bezirke.docx")
    assert [row[1:] for row in _paragraphs(document)] == [
        (0, 0, 0, "Berlin"),
        (0, 0, 1, "Mitte"),
        (0, 1, 1, "Pankow"),
        (0, 2, 0, "Hamburg"),
    ]


PAGE = """<!DOCTYPE html><html><head><meta charset="windows-1252"><title>Kopf</title>
<style>p {color: red}</style><script>var text = "Nicht übersetzen";</script></head>
<body><nav><a href="/">Startseite</a></nav>
<h1>Hochwasser an der Oder</h1>
<p>Die Pegel steigen &amp; steigen. <b>Bewohner</b> sollen <a href="#">ihre Häuser</a> verlassen.<br>Stand: 14 Uhr</p>
<!-- Kommentar, nicht übersetzen -->
<div>Lose Zeile im Container<p>Absatz im Container</p></div>
<ul><li>Sandsäcke bereitlegen</li><li><p>Keller räumen</p></li></ul>
<blockquote><p>Wir tun, was wir können.</p></blockquote>
<table><caption>Pegelstände</caption><tr><th>Ort</th><th>Pegel</th></tr>
<tr><td>Frankfurt (Oder)</td><td><p>5,80 m</p></td></tr></table>
<h3>Mehr zum Thema</h3></body></html>"""


def test_html_block_elements_in_order_without_script_style_nav():
    document = read_document(PAGE.encode("cp1252"), "oder.html")
    assert _paragraphs(document) == [
        ("heading1", None, None, None, "Hochwasser an der Oder"),
        (
            "body",
            None,
            None,
            None,
            "Die Pegel steigen & steigen. Bewohner sollen ihre Häuser verlassen.\nStand: 14 Uhr",
        ),
        ("body", None, None, None, "Lose Zeile im Container"),
        ("body", None, None, None, "Absatz im Container"),
        ("list-item", None, None, None, "Sandsäcke bereitlegen"),
        ("list-item", None, None, None, "Keller räumen"),
        ("quote", None, None, None, "Wir tun, was wir können."),
        ("body", None, None, None, "Pegelstände"),
        ("table-cell", 0, 0, 0, "Ort"),
        ("table-cell", 0, 0, 1, "Pegel"),
        ("table-cell", 0, 1, 0, "Frankfurt (Oder)"),
        ("table-cell", 0, 1, 1, "5,80 m"),
        ("heading3", None, None, None, "Mehr zum Thema"),
    ]
    sources = document.source_text()
    for hidden in ("Startseite", "Nicht übersetzen", "color", "Kommentar", "Kopf"):
        assert hidden not in sources


@pytest.mark.parametrize(
    "filename, advice",
    [
        ("alt.doc", "save it as .docx"),
        ("bericht.odt", "LibreOffice"),
        ("scan.pdf", "PDF"),
        ("ohne_endung", "(no extension)"),
        ("bild.png", ".txt, .md, .docx or .html"),
    ],
)
def test_unsupported_extensions_say_what_to_do(filename, advice):
    with pytest.raises(DocumentError) as error:
        read_document(b"irrelevant", filename)
    assert filename in str(error.value) and advice in str(error.value)


def test_supported_extensions_are_all_readable():
    readable = {
        ".txt": b"Ein Satz.",
        ".md": b"# Ein Satz",
        ".markdown": b"Ein Satz.",
        ".html": b"<p>Ein Satz.</p>",
    }
    readable |= {".htm": readable[".html"], ".docx": _word_file()}
    assert set(readable) == set(SUPPORTED_EXTENSIONS)
    for extension, data in readable.items():
        assert read_document(data, "datei" + extension).segments
