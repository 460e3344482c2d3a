"""Formatting that real pages and files get wrong (issue 14): overlapping or broken markup,
empty tags, tags around whole sentences, nested links, 500 links in one article. No crash, no
lost text, every tag kept, a flag where a tag could not be placed."""

from __future__ import annotations

import io

import docx
import lxml.html
import pytest

from workbench import pipeline
from workbench.documents import export_document, read_document
from workbench.engine import Engine
from workbench.tags import UNPLACED, current_target_tags, tags_from_json

LINKS = " ".join(f'Mehr zu <a href="/t/{n}">Thema {n}</a> hier.' for n in range(500))
PAGES = {
    "overlapping": "<p>Ein <b>fetter <i>und</b> kursiver</i> Satz.</p>",
    "empty-tags": '<p>Leer <b></b> und <span class="x"></span>Tag.<a name="anker"></a></p>',
    "whole-sentence": "<p><strong>Der ganze Satz ist fett.</strong> <em>Auch dieser.</em></p>",
    "nested-links": '<p>Ein <a href="/a">Link mit <em>Betonung <a href="/b">innen</a></em></a> hier.</p>',
    "unclosed": "<p>Offen <b>fett und <i>kursiv bis zum Ende",
    "stray-end-tags": "<p>Text</i> mit </b>losen</a> Enden.</p></div></span>",
    "tag-over-two-sentences": "<p>Er <b>kam. Sie</b> ging.</p>",
    "five-hundred-links": f"<p>Alle Themen. {LINKS}</p>",
    "linked-image": '<p>Siehe <a href="/gross.jpg"><img src="/klein.jpg" alt="Bild"></a> oben.</p>',
    "inline-script-and-svg": '<p>Vor <svg><path d="M0"/></svg> dem <script>x()</script>Ende.</p>',
}


def _words(text: str) -> list[str]:
    return "".join(ch if ch.isalnum() else " " for ch in text).split()


@pytest.fixture(scope="module")
def engine(tmp_path_factory, package_files):
    import os

    from workbench.models import install_model

    folder = tmp_path_factory.mktemp("packages")
    old = os.environ.get("ARGOS_PACKAGES_DIR")
    os.environ["ARGOS_PACKAGES_DIR"] = str(folder)
    try:
        return Engine(install_model(package_files["echo"]))
    finally:
        if old is not None:
            os.environ["ARGOS_PACKAGES_DIR"] = old


@pytest.mark.parametrize("name", sorted(PAGES))
def test_broken_html_keeps_every_word_and_every_tag(name, engine):
    data = f"<html><body>{PAGES[name]}</body></html>".encode()
    document = read_document(data, f"{name}.html")
    pipeline.translate_document(document, engine)
    for segment in document.segments:
        assert len(current_target_tags(segment)) == len(segment.source_tags)
    out = export_document(document, "html", (f"{name}.html", data))
    page = lxml.html.fromstring(out)
    assert _words(page.text_content()) == _words(lxml.html.fromstring(data).text_content()) or (
        name == "inline-script-and-svg"  # the script's text is not page text
    )
    if name == "five-hundred-links":
        assert len(page.xpath("//a")) == 500
        assert page.xpath("//a")[499].get("href") == "/t/499"
    if name == "linked-image":
        assert b'<a href="/gross.jpg"><img src="/klein.jpg" alt="Bild"></a>' in out
    if name == "inline-script-and-svg":
        assert b"<script>x()</script>" in out and b'<path d="M0"/>' in out


def test_docx_with_empty_runs_whole_bold_paragraph_and_500_links(engine):
    from test_formatting_docx import _hyperlink

    word = docx.Document()
    whole = word.add_paragraph()
    whole.add_run("Der ganze Absatz ist fett.").bold = True
    empty = word.add_paragraph("Leere ")
    empty.add_run("").italic = True
    empty.add_run("Läufe.")
    many = word.add_paragraph("Links. ")
    for n in range(500):
        many.add_run("Mehr zu ")
        _hyperlink(many, f"Thema {n}", f"https://example.org/{n}")
        many.add_run(" hier. ")
    out = io.BytesIO()
    word.save(out)
    data = out.getvalue()
    document = read_document(data, "viel.docx")
    pipeline.translate_document(document, engine)
    result = docx.Document(io.BytesIO(export_document(document, "docx", ("viel.docx", data))))
    paragraphs = result.paragraphs
    assert all(r.bold for r in paragraphs[0].runs) and paragraphs[0].text == whole.text
    assert paragraphs[1].text == "Leere Läufe."
    links = [h for h in paragraphs[2].iter_inner_content() if hasattr(h, "address")]
    assert len(links) == 500 and links[-1].address == "https://example.org/499"
    assert _words(paragraphs[2].text) == _words(many.text)


def test_a_model_that_misaligns_never_loses_a_tag_and_flags_what_it_could_not_place(
    random_model,
):
    data = ("<p>" + " ".join(f"Wort{n} <b>fett{n}</b>" for n in range(20)) + ".</p>").encode()
    document = read_document(data, "zufall.html")
    pipeline.translate_document(document, Engine(random_model))
    for segment in document.segments:
        target = current_target_tags(segment)
        assert sorted(t.id for t in target) == sorted(t.id for t in segment.source_tags)
        unplaced = [t for t in target if t.state == UNPLACED]
        assert bool(unplaced) == ("tag-unplaced" in [f.code for f in segment.flags])
    export_document(document, "html", ("zufall.html", data))  # writes, whatever the English


def test_old_segments_without_tag_fields_still_load():
    from workbench.document import Document

    data = read_document(b"<p>Ein <b>Satz</b>.</p>", "x.html").to_dict()
    for segment in data["segments"]:
        for key in ("source_tags", "target_tags", "tags_on"):
            segment.pop(key)
    for paragraph in data["paragraphs"]:
        paragraph.pop("block")
    document = Document.from_dict(data)
    assert tags_from_json(document.segments[0].source_tags) == []
    assert export_document(document, "html").count(b"<p>") == 1


def test_an_unreadable_stored_original_still_gives_the_translation():
    document = read_document(b"<p>Ein <b>Satz</b>.</p>", "x.html")
    for segment in document.segments:
        segment.target = segment.tags_on = "A sentence."
    for fmt, name in (("docx", "kaputt.docx"), ("html", "kaputt.html")):
        out = export_document(document, fmt, (name, b"\x00\x01 not a file"))
        assert out  # a new file built from the paragraphs
    assert b"A sentence." in export_document(document, "html", ("kaputt.html", b"\x00\x01"))
