"""Documents in and out in the app: a reviewed bilingual file back into the open document,
glossaries as TBX (download, and upload saved as a new CSV), and the live progress counter."""

import csv
import io

import openpyxl
import pytest
from app_helpers import doc_id_of, grid_row, header_text, open_doc, plain, translate
from lxml import etree

from workbench.app.components.bilingual_import import problem_lines
from workbench.app.components.glossary_tbx import tbx_bytes
from workbench.documents import export_document, glossary_from_tbx
from workbench.glossary.files import read_glossary
from workbench.workspace import Workspace, default_workspace_path

REVIEWED = "The Bundeswehr is sending 500 soldiers to the north."
XLIFF_NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


def stored(doc_id):
    return Workspace(default_workspace_path()).load(doc_id)[0]


def reviewed_csv(data: bytes, number: int, text: str) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    rows[number][rows[0].index("final translation")] = text
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def reviewed_xlsx(data: bytes, number: int, text: str) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Segments"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=number + 1, column=header.index("final translation") + 1).value = text
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def reviewed_xlf(data: bytes, number: int, text: str) -> bytes:
    root = etree.fromstring(data)
    unit = root.xpath(f"//x:trans-unit[@id='{number}']", namespaces=XLIFF_NS)[0]
    unit.find("x:target", XLIFF_NS).text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


EDITORS = {"csv": reviewed_csv, "xlsx": reviewed_xlsx, "xlf": reviewed_xlf}


def upload_reviewed(at, doc_id, name, data, generation=0):
    at.file_uploader(key=f"review-upload-{doc_id}-{generation}").set_value(
        (name, data, "application/octet-stream")
    ).run()
    assert not at.exception, at.exception


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "xlf"])
def test_reviewed_file_changes_exactly_that_segment(app_with_model, fmt):
    at = translate(app_with_model)
    doc_id = doc_id_of(at)
    assert open_doc(at).confirm(0)  # a confirmed segment the file leaves alone
    at.run()
    before = stored(doc_id)
    data = EDITORS[fmt](export_document(before, fmt), 2, REVIEWED)  # segment 2 (index 1)
    upload_reviewed(at, doc_id, f"bericht-en.{fmt}", data)
    assert any("1 segment(s) changed (2)" in plain(m.value) for m in at.markdown)
    assert stored(doc_id) == before  # a preview writes nothing
    at.button(key=f"review-apply-{doc_id}").click().run()
    assert not at.exception, at.exception
    after = stored(doc_id)
    assert (after.segments[1].target, after.segments[1].status) == (REVIEWED, "edited")
    assert after.segments[0] == before.segments[0] and after.segments[2] == before.segments[2]
    assert grid_row(at, 1)["target"] == REVIEWED
    assert any("1 segment(s) updated" in plain(s.value) for s in at.success)
    assert "1 edited · 1 confirmed" in header_text(at)


def test_rows_that_do_not_fit_are_reported_with_their_row(app_with_model):
    at = translate(app_with_model)
    doc_id = doc_id_of(at)
    data = export_document(stored(doc_id), "csv").decode("utf-8-sig")
    data = data.replace("Das Kabinett stimmte zu.", "Das Parlament stimmte zu.", 1)
    upload_reviewed(at, doc_id, "bericht-en.csv", reviewed_csv(data.encode("utf-8-sig"), 3, "x"))
    errors = [plain(e.value) for e in at.error]
    assert any("row 4:" in e and "source of segment 3 differs" in e for e in errors)
    assert at.button(key=f"review-apply-{doc_id}").disabled


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("bericht-en.xlsx", b"not a workbook at all", "bericht-en.xlsx"),
        ("bericht-en.xlf", b"<?xml version='1.0'?><nope/>", "bericht-en.xlf"),
        ("bericht-en.csv", b"a,b\n1,2\n", "missing"),
    ],
)
def test_a_broken_file_shows_an_error_and_changes_nothing(app_with_model, name, data, message):
    at = translate(app_with_model)
    doc_id = doc_id_of(at)
    before = stored(doc_id)
    upload_reviewed(at, doc_id, name, data)
    assert any(message in plain(e.value) for e in at.error)
    assert not any(b.key == f"review-apply-{doc_id}" for b in at.button)
    assert stored(doc_id) == before


def test_apply_keeps_a_conflict_with_another_tab(tmp_path, echo_model):
    from workbench.editing import OpenDocument
    from workbench.engine import Engine
    from workbench.pipeline import translate_document
    from workbench.segmenting import segment_text

    workspace = Workspace(tmp_path / "ws.sqlite3")
    document = translate_document(
        segment_text("Die Lage ist ernst. Das Kabinett tagt."), Engine(echo_model)
    )
    doc = OpenDocument.create(workspace, document, {})
    other = OpenDocument.open(workspace, doc.doc_id)
    assert other.save_target(0, "Changed in another tab.")
    data = export_document(doc.document, "csv")
    data = reviewed_csv(reviewed_csv(data, 1, "The situation is serious."), 2, "The cabinet meets.")
    assert "untranslated" in [f.code for f in doc.segment(1).flags]  # the echo's German
    report = doc.apply_reviewed(data, "r.csv")
    assert report.changed == [0, 1] and list(doc.conflicts) == [0]
    assert doc.segment(1).flags == []  # flags follow the reviewed English
    saved = workspace.load(doc.doc_id)[0]
    assert [s.target for s in saved.segments] == ["Changed in another tab.", "The cabinet meets."]


def test_problem_lines_name_rows_or_lines():
    from workbench.documents import ImportReport
    from workbench.glossary.model import Problem

    for name, word in (("a.csv", "row"), ("a.xlsx", "row"), ("a.xlf", "line")):
        report = ImportReport(name, problems=[Problem(name, 7, "bad", "error")])
        assert problem_lines(report) == [("error", f"{word} 7: bad")]


# -- TBX ---------------------------------------------------------------------------------------


def open_glossaries(app):
    app.run()
    app.switch_page("views/glossaries.py").run()
    assert not app.exception, app.exception
    return app


def test_tbx_download_holds_the_glossary(glossary_folder):
    data = tbx_bytes(glossary_folder / "news-de-en.csv")
    assert data.startswith(b"<?xml")
    terms = {t.source: t.target for t in glossary_from_tbx(data, "x.tbx").terms}
    assert terms == {"Terrormiliz": "terrorist militia", "Bundeswehr": "German armed forces"}


def test_glossaries_page_offers_a_tbx_download(app):
    at = open_glossaries(app)
    buttons = at.get("download_button")
    assert any(b.proto.label == "Download as TBX" for b in buttons)


TBX = b"""<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="de"><text><body>
<termEntry id="a"><note>Bundestag vote</note>
  <langSet xml:lang="de"><tig><term>Mandat</term></tig></langSet>
  <langSet xml:lang="en"><tig><term>mandate</term>
    <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
  <tig><term>mission mandate</term></tig></langSet></termEntry>
<termEntry id="b"><langSet xml:lang="de"><tig><term>Waffenruhe</term></tig></langSet></termEntry>
</body></text></martif>"""


def test_tbx_upload_becomes_a_new_csv(app, glossary_folder):
    at = open_glossaries(app)
    at.file_uploader(key="gl-tbx-upload").set_value(("cat-tool.tbx", TBX, "application/xml")).run()
    assert any("Waffenruhe" in e.value and "no English" in e.value for e in at.error)
    assert at.text_input(key="gl-tbx-name").value == "cat-tool.csv"
    at.button(key="gl-tbx-save").click().run()
    assert not at.exception, at.exception
    saved = read_glossary(glossary_folder / "cat-tool.csv")
    assert [(t.source, t.target, t.variants) for t in saved.terms] == [
        ("Mandat", "mandate", ["mission mandate"])
    ]
    assert at.selectbox(key="gl-selected").value == "cat-tool.csv"


def test_tbx_upload_never_overwrites_and_refuses_junk(app, glossary_folder):
    at = open_glossaries(app)
    before = (glossary_folder / "news-de-en.csv").read_bytes()
    at.file_uploader(key="gl-tbx-upload").set_value(
        ("news-de-en.tbx", TBX, "application/xml")
    ).run()
    at.button(key="gl-tbx-save").click().run()
    assert any("already exists" in e.value for e in at.error)
    assert (glossary_folder / "news-de-en.csv").read_bytes() == before
    at.file_uploader(key="gl-tbx-upload").set_value(
        ("evil.tbx", b'<!DOCTYPE x [<!ENTITY a "b">]><martif/>', "application/xml")
    ).run()
    assert at.error and at.button(key="gl-tbx-save").disabled
    assert sorted(p.name for p in glossary_folder.glob("*.csv")) == ["news-de-en.csv"]
