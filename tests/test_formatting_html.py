"""HTML pages keep their markup through translation (issue 14): the .html output is the
original page with its blocks in English; script, style, nav and every attribute unchanged."""

from __future__ import annotations

import re

import lxml.html

from workbench import pipeline
from workbench.documents import export_document, read_document
from workbench.engine import Engine
from workbench.tags import set_target, with_markers

SCRIPT = '<script type="text/javascript">var t = "<p>Nicht übersetzen</p>"; if (a<b) {}</script>'
STYLE = "<style>\n  p.lead { color: #333 }\n</style>"
NAV = "<nav class='top'><a href=/ >Startseite</a> | <a href='/politik'>Politik</a></nav>"
PAGE = f"""<!DOCTYPE html>
<html lang="de" class="no-js">
<head><meta charset="utf-8"><title>Bahn</title>
{STYLE}
{SCRIPT}
</head>
<body>
{NAV}
<article>
<h1 id="top">Neuer Plan für die <em>Bahn</em></h1>
<p class="lead">Die Regierung hat <strong>einen neuen Plan</strong> vorgestellt. Mehr steht im
<a href="https://example.org/bericht?id=7&amp;x=1" target="_blank" rel="noopener">ausführlichen Bericht</a>.</p>
<p>Die Kosten liegen bei <em class="zahl">12 Mio.</em> Euro, sagte <a href="/personen/schmidt">Anna Schmidt</a>.
<img src="/bild.jpg" alt="Ein Zug"></p>
<!-- Kommentar bleibt -->
<ul><li>Erstens <code>api.v2</code> prüfen</li></ul>
</article>
</body>
</html>
"""


def _translated(page: str = PAGE, echo_model=None):
    document = read_document(page.encode("utf-8"), "bahn.html")
    pipeline.translate_document(document, Engine(echo_model))
    return document, export_document(document, "html", ("bahn.html", page.encode("utf-8")))


def _tags(html: bytes | str, name: str) -> list[dict]:
    page = lxml.html.fromstring(html)
    return [dict(element.attrib) for element in page.iter(name)]


def test_html_import_keeps_inline_markup_as_tags():
    document = read_document(PAGE.encode("utf-8"), "bahn.html")
    marked = [with_markers(s.source, s.source_tags) for s in document.segments]
    assert marked == [
        "Neuer Plan für die ⟨1⟩Bahn⟨/1⟩",
        "Die Regierung hat ⟨1⟩einen neuen Plan⟨/1⟩ vorgestellt.",
        "Mehr steht im ⟨1⟩ausführlichen Bericht⟨/1⟩.",
        "Die Kosten liegen bei ⟨1⟩12 Mio.⟨/1⟩ Euro, sagte ⟨2⟩Anna Schmidt⟨/2⟩.⟨3/⟩",
        "Erstens ⟨1⟩api.v2⟨/1⟩ prüfen",
    ]
    link = document.segments[2].source_tags[0]
    assert link.kind == "a" and link.attrs["href"] == "https://example.org/bericht?id=7&x=1"


def test_html_out_same_tags_attributes_and_untouched_script_style_nav(echo_model):
    document, out = _translated(echo_model=echo_model)
    assert all(s.target == s.source for s in document.segments)  # the echo package
    html = out.decode("utf-8")
    for name in ("a", "strong", "em", "img", "code", "p", "h1", "li"):
        assert _tags(html, name) == _tags(PAGE, name), name
    for untouched in (SCRIPT, STYLE, NAV, "<!-- Kommentar bleibt -->", '<h1 id="top">'):
        assert html.count(untouched) == 1, untouched
    assert '<html lang="en" class="no-js">' in html
    page = lxml.html.fromstring(out)
    assert page.xpath("string(//strong)") == "einen neuen Plan"
    assert page.xpath("string(//a[@target])") == "ausführlichen Bericht"
    # only the language changed (and whitespace inside blocks, which HTML folds anyway)
    assert re.sub(r"\s+", "", html.replace('lang="en"', 'lang="de"')) == re.sub(r"\s+", "", PAGE)


def test_html_out_follows_a_persons_english_and_moved_tags():
    data = PAGE.encode("utf-8")
    document = read_document(data, "bahn.html")
    for segment in document.segments:
        set_target(segment, with_markers(segment.source, segment.source_tags))
    set_target(document.segments[1], "The government presented ⟨1⟩a new plan⟨/1⟩.")
    set_target(document.segments[2], "More in the ⟨1⟩full report⟨/1⟩ & <elsewhere>.")
    out = export_document(document, "html", ("bahn.html", data)).decode("utf-8")
    page = lxml.html.fromstring(out)
    assert page.xpath("string(//strong)") == "a new plan"
    assert page.xpath("string(//a[@target])") == "full report"
    assert "&amp; &lt;elsewhere&gt;" in out  # the English is text, never markup


def test_html_out_keeps_the_pages_encoding(echo_model):
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1252"')
    document = read_document(page.encode("cp1252"), "alt.html")
    pipeline.translate_document(document, Engine(echo_model))
    out = export_document(document, "html", ("alt.html", page.encode("cp1252")))
    assert out.decode("cp1252").count("für die") == 1


def test_html_without_original_is_a_page_of_its_own(echo_model):
    document = read_document(PAGE.encode("utf-8"), "bahn.html")
    pipeline.translate_document(document, Engine(echo_model))
    out = export_document(document, "html")
    assert len(_tags(out, "strong")) == 1 and len(_tags(out, "a")) == 2
    assert lxml.html.fromstring(out).get("lang") == "en"


def test_cli_writes_the_html_and_docx_from_the_article_file(echo_model, tmp_path):
    from test_formatting_docx import article

    from workbench.cli import main

    page = tmp_path / "bahn.html"
    page.write_bytes(PAGE.encode("utf-8"))
    out = tmp_path / "bahn-en.html"
    assert main(["translate", str(page), "-o", str(out), "--quiet"]) == 0
    html = out.read_text(encoding="utf-8")
    assert '<html lang="en" class="no-js">' in html and SCRIPT in html and NAV in html
    assert _tags(html, "a") == _tags(PAGE, "a")

    word = tmp_path / "bahn.docx"
    word.write_bytes(article())
    out = tmp_path / "bahn-en.docx"
    assert main(["translate", str(word), "-o", str(out), "--quiet"]) == 0
    import docx

    paragraphs = docx.Document(str(out)).paragraphs
    assert [r.text for r in paragraphs[2].runs if r.bold] == ["einen neuen Plan"]
