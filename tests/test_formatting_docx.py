"""Word files keep their formatting through translation: runs, hyperlinks, styles, tables,
headers and footers (issue 14). Translated with the echo package, so the English words are the
German ones and "the same words" can be checked exactly."""

from __future__ import annotations

import io

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.hyperlink import Hyperlink

from workbench import pipeline
from workbench.documents import export_document, read_document
from workbench.engine import Engine
from workbench.tags import with_markers

URL = "https://example.org/bericht?id=7&x=1"


def _hyperlink(paragraph, text: str, url: str) -> None:
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def article() -> bytes:
    word = docx.Document()
    section = word.sections[0]
    section.header.paragraphs[0].text = "Nachrichten aus Berlin"
    section.footer.paragraphs[0].text = "Alle Rechte vorbehalten."
    word.add_heading("Neuer Plan für die Bahn", 1)
    byline = word.add_paragraph()
    byline.add_run("Von Anna Schmidt").italic = True
    body = word.add_paragraph("Die Regierung hat ")
    body.add_run("einen neuen Plan").bold = True
    body.add_run(" vorgestellt. Mehr steht im ")
    _hyperlink(body, "ausführlichen Bericht", URL)
    body.add_run(".")
    quote = word.add_paragraph("„Wir handeln jetzt“, sagte sie.", style="Quote")
    assert quote.style is not None and quote.style.name == "Quote"
    table = word.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).text = "Kosten"
    table.cell(0, 1).paragraphs[0].add_run("12 Mio.").underline = True
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def test_docx_import_turns_runs_and_links_into_tags():
    document = read_document(article(), "bahn.docx")
    marked = [with_markers(s.source, s.source_tags) for s in document.segments]
    assert marked == [
        "Nachrichten aus Berlin",
        "Neuer Plan für die Bahn",
        "⟨1⟩Von Anna Schmidt⟨/1⟩",
        "Die Regierung hat ⟨1⟩einen neuen Plan⟨/1⟩ vorgestellt.",
        "Mehr steht im ⟨1⟩ausführlichen Bericht⟨/1⟩.",
        "„Wir handeln jetzt“, sagte sie.",
        "Kosten",
        "⟨1⟩12 Mio.⟨/1⟩",
        "Alle Rechte vorbehalten.",
    ]
    kinds = {s.source: [(t.kind, t.attrs) for t in s.source_tags] for s in document.segments}
    assert kinds["Mehr steht im ausführlichen Bericht."] == [("a", {"href": URL})]
    styles = [p.style for p in document.paragraphs]
    assert styles[0] == "header" and styles[-1] == "footer"


def _runs_with(paragraph, test) -> str:
    return "".join(r.text for r in paragraph.runs if test(r))


def test_docx_out_keeps_italic_byline_bold_words_link_styles_table_and_margins(echo_model):
    data = article()
    document = read_document(data, "bahn.docx")
    pipeline.translate_document(document, Engine(echo_model))
    assert all(s.target == s.source for s in document.segments)  # the echo package
    out = docx.Document(io.BytesIO(export_document(document, "docx", ("bahn.docx", data))))

    paragraphs = out.paragraphs
    assert [p.style.name if p.style else "" for p in paragraphs] == [
        "Heading 1",
        "Normal",
        "Normal",
        "Quote",
    ]
    byline, body = paragraphs[1], paragraphs[2]
    assert byline.text == "Von Anna Schmidt"
    assert all(r.italic for r in byline.runs)
    assert _runs_with(body, lambda r: r.bold) == "einen neuen Plan"
    links = [item for item in body.iter_inner_content() if isinstance(item, Hyperlink)]
    assert [(link.address, link.text) for link in links] == [(URL, "ausführlichen Bericht")]
    assert body.text == (
        "Die Regierung hat einen neuen Plan vorgestellt. Mehr steht im ausführlichen Bericht."
    )
    cell = out.tables[0].cell(0, 1).paragraphs[0]
    assert getattr(out.tables[0].style, "name", "") == "Table Grid"
    assert _runs_with(cell, lambda r: r.underline) == "12 Mio."
    assert out.sections[0].header.paragraphs[0].text == "Nachrichten aus Berlin"
    assert out.sections[0].footer.paragraphs[0].text == "Alle Rechte vorbehalten."
    assert out.core_properties.language == "en"


def test_docx_out_writes_the_english_and_its_moved_tags():
    """A person's English with the tag moved: the bold run follows the markers."""
    from workbench.tags import set_target

    data = article()
    document = read_document(data, "bahn.docx")
    for segment in document.segments:
        set_target(segment, with_markers(segment.source, segment.source_tags))
    sentence = document.segments[3]
    set_target(sentence, "The government presented ⟨1⟩a new plan⟨/1⟩.")
    out = docx.Document(io.BytesIO(export_document(document, "docx", ("bahn.docx", data))))
    body = out.paragraphs[2]
    assert _runs_with(body, lambda r: r.bold) == "a new plan"
    assert body.text.startswith("The government presented a new plan. Mehr steht im")


def test_docx_without_original_is_built_with_formatting(echo_model):
    document = read_document(article(), "bahn.docx")
    pipeline.translate_document(document, Engine(echo_model))
    out = docx.Document(io.BytesIO(export_document(document, "docx")))
    body = next(p for p in out.paragraphs if p.text.startswith("Die Regierung"))
    assert _runs_with(body, lambda r: r.bold) == "einen neuen Plan"
    links = [item for item in body.iter_inner_content() if isinstance(item, Hyperlink)]
    assert [link.address for link in links] == [URL]
    assert out.sections[0].header.paragraphs[0].text == "Nachrichten aus Berlin"


def test_docx_pictures_in_a_paragraph_stay(echo_model):
    import base64

    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    )
    word = docx.Document()
    paragraph = word.add_paragraph("Ein Bild: ")
    paragraph.add_run().add_picture(io.BytesIO(png))
    paragraph.add_run(" und Text danach.")
    out = io.BytesIO()
    word.save(out)
    data = out.getvalue()
    document = read_document(data, "bild.docx")
    pipeline.translate_document(document, Engine(echo_model))
    result = docx.Document(io.BytesIO(export_document(document, "docx", ("bild.docx", data))))
    (first,) = result.paragraphs
    assert len(first._p.xpath(".//w:drawing")) == 1
    assert first.text == "Ein Bild: und Text danach."
    # the picture stays between the words it stood between
    texts = ["PICTURE" if r._r.xpath(".//w:drawing") else r.text for r in first.runs]
    assert texts == ["Ein Bild: ", "PICTURE", "und Text danach."]


def test_docx_superscript_subscript_and_line_breaks_survive(echo_model):
    word = docx.Document()
    paragraph = word.add_paragraph("Die Wohnung hat 80 m")
    paragraph.add_run("2").font.superscript = True
    paragraph.add_run(" und stößt wenig CO")
    paragraph.add_run("2").font.subscript = True
    paragraph.add_run(" aus.")
    address = word.add_paragraph("Redaktion Berlin")
    address.runs[0].add_break()
    address.add_run("Unter den Linden 1")
    out = io.BytesIO()
    word.save(out)
    data = out.getvalue()
    document = read_document(data, "wohnung.docx")
    assert [with_markers(s.source, s.source_tags) for s in document.segments] == [
        "Die Wohnung hat 80 m⟨1⟩2⟨/1⟩ und stößt wenig CO⟨2⟩2⟨/2⟩ aus.",
        "Redaktion Berlin",
        "Unter den Linden 1",
    ]
    pipeline.translate_document(document, Engine(echo_model))
    result = docx.Document(io.BytesIO(export_document(document, "docx", ("wohnung.docx", data))))
    first, second = result.paragraphs
    assert [r.text for r in first.runs if r.font.superscript] == ["2"]
    assert [r.text for r in first.runs if r.font.subscript] == ["2"]
    assert second.text == "Redaktion Berlin\nUnter den Linden 1"
    assert len(second._p.xpath(".//w:br")) == 1
