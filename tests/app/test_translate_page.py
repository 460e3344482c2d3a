"""Translate page: translate with the echo model, edit, persist, reopen from the URL.

The grid's keyboard and events are tested in tests/app/test_editor_events.py (events) and
tests/browser/ (keys, in Chromium); here the page around it, and what the grid is given."""

from pathlib import Path

import pytest
from app_helpers import (
    doc_id_of,
    grid_data,
    grid_row,
    header_text,
    new_app,
    open_doc,
    plain,
    translate,
)

from workbench import jobs
from workbench.app.components.downloads import _exporter
from workbench.glossary.files import read_glossary
from workbench.workspace import Workspace, default_workspace_path


def stored(doc_id):
    return Workspace(default_workspace_path()).load(doc_id)[0]


def test_translate_shows_editor_with_repaired_terms(app_with_model):
    at = translate(app_with_model)
    doc_id = doc_id_of(at)
    row = grid_row(at, 0)
    assert 'title="Terrormiliz -&gt; terrorist militia' in row["source_html"]  # hit + tooltip
    assert "terrorist militia" in row["target"]  # the echo's German repaired
    assert [t["target"] for t in row["terms"]] == ["terrorist militia"]
    assert "**3** segments · 3 machine translation" in header_text(at)
    assert len(stored(doc_id).segments) == 3
    assert len(grid_data(at)["rows"]) == 3


def test_edit_is_saved_at_once_and_reopens_from_the_url(app_with_model):
    at = translate(app_with_model)
    doc_id = doc_id_of(at)
    assert open_doc(at).save_target(1, "The Bundeswehr sends 500 soldiers north.")
    document = stored(doc_id)
    assert document.segments[1].target == "The Bundeswehr sends 500 soldiers north."
    assert document.segments[1].status == "edited"

    again = new_app()  # a refresh, a new tab, or a restarted server
    again.query_params["doc"] = doc_id
    again.query_params["seg"] = "2"
    again.run()
    assert grid_row(again, 1)["target"] == "The Bundeswehr sends 500 soldiers north."
    assert "1 edited" in header_text(again)
    data = grid_data(again)
    assert (data["focus"], data["focus_request"]) == (1, 1)  # the cursor where it was
    txt = _exporter(Workspace(default_workspace_path()), doc_id, "txt")()
    assert "The Bundeswehr sends 500 soldiers north." in txt.decode("utf-8")


def test_a_conflict_between_tabs_is_given_to_the_grid(app_with_model):
    first = translate(app_with_model)
    doc_id = doc_id_of(first)
    second = new_app()
    second.query_params["doc"] = doc_id
    second.run()
    assert open_doc(first).save_target(0, "Version from tab one.")
    assert not open_doc(second).save_target(0, "Version from tab two.")
    second.run()
    assert grid_row(second, 0)["conflict"]["theirs"] == "Version from tab one."
    assert stored(doc_id).segments[0].target == "Version from tab one."  # nothing overwritten


def test_add_term_updates_unedited_segments_and_the_csv(app_with_model, glossary_folder):
    at = translate(app_with_model)
    doc_id = doc_id_of(at)
    assert open_doc(at).save_target(1, "Kept as the editor wrote it.")
    at.text_input(key="term-source").input("Kabinett")
    at.text_input(key="term-target").input("cabinet")
    at.button(key="term-add").click().run()
    assert not at.exception
    assert "cabinet" in (glossary_folder / "news-de-en.csv").read_text(encoding="utf-8-sig")
    document = stored(doc_id)
    assert "cabinet" in document.segments[2].target
    assert document.segments[1].target == "Kept as the editor wrote it."
    assert "cabinet" in grid_row(at, 2)["target"]


def test_add_term_refuses_a_stopword(app_with_model, glossary_folder):
    at = translate(app_with_model)
    at.text_input(key="term-source").input("und")
    at.text_input(key="term-target").input("and")
    at.button(key="term-add").click().run()
    assert any("common German word" in e.value for e in at.error)
    assert "and" not in (glossary_folder / "news-de-en.csv").read_text().split("\n")[-1]


def test_article_and_glossary_text_is_escaped(app_with_model, glossary_folder):
    (glossary_folder / "news-de-en.csv").write_text(
        "source,target\nTerrormiliz,<img src=x onerror=alert(1)>\n", encoding="utf-8"
    )
    at = translate(app_with_model, "Die Terrormiliz <script>alert(2)</script> kam.\n")
    html = grid_row(at, 0)["source_html"]
    assert "<img" not in html and "<script>" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script>" not in header_text(at)


def test_upload_a_text_file(app_with_model):
    at = app_with_model
    at.run()
    at.radio(key="input-kind").set_value("Upload a file").run()
    at.file_uploader(key="input-file").set_value(
        ("bericht.txt", b"Die Bundeswehr hilft.", "text/plain")
    )
    at.button(key="translate").click().run()
    assert not at.exception
    job = jobs.job_for(doc_id_of(at))
    assert job is not None and job.finished.wait(60)
    at.run()
    assert "German armed forces" in grid_row(at, 0)["target"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("   ", "Paste a German article"),
        ("x" * 200_001, "at most"),
    ],
)
def test_bad_input_gets_a_message(app_with_model, text, message):
    at = app_with_model
    at.run()
    at.text_area(key="input-text").set_value(text)
    at.button(key="translate").click().run()
    assert any(message in e.value for e in at.error)
    assert "doc" not in at.query_params


def test_unknown_document_in_the_url(app_with_model):
    at = app_with_model
    at.query_params["doc"] = "0123456789abcdef"
    at.run()
    assert any("cannot be opened" in w.value for w in at.warning)
    assert at.text_area(key="input-text") is not None


def test_filters_and_counts(app_with_model):
    at = translate(app_with_model)
    doc = open_doc(at)
    assert doc.confirm(0)
    assert doc.save_target(1, "The armed forces send soldiers.")
    at.run()
    assert "1 edited · 1 confirmed" in header_text(at)
    at.multiselect(key="editor-status").set_value(["confirmed"]).run()
    assert [r["index"] for r in grid_data(at)["rows"]] == [0]
    at.multiselect(key="editor-status").set_value([]).run()
    at.text_input(key="editor-text").input("kabinett").run()
    assert [r["index"] for r in grid_data(at)["rows"]] == [2]
    at.text_input(key="editor-text").input("").run()
    at.number_input(key="editor-goto").set_value(3).run()
    assert grid_data(at)["focus"] == 2


STARTER_FILE = Path(__file__).resolve().parents[2] / "glossaries" / "news-de-en.csv"


def _type_term(at, source: str, target: str) -> None:
    at.text_input(key="term-source").input(source)
    at.text_input(key="term-target").input(target)
    at.button(key="term-add").click().run()
    assert not at.exception, at.exception


def test_adding_an_existing_term_never_destroys_its_row(app_with_model, glossary_folder):
    starter = glossary_folder / "news-de-en.csv"
    starter.write_bytes(STARTER_FILE.read_bytes())
    before = starter.read_bytes()
    at = translate(app_with_model, "Die Peschmerga-Kämpfer rücken vor.\n")
    _type_term(at, "Peschmerga", "Peshmerga forces")
    assert starter.read_bytes() == before  # nothing written before the person chooses
    assert any("already has Peschmerga" in plain(w.value) for w in at.warning)
    at.radio(key="term-old").set_value("forbidden")
    at.button(key="term-update").click().run()
    assert not at.exception, at.exception
    old = before.decode("utf-8-sig").splitlines()
    new = starter.read_bytes().decode("utf-8-sig").splitlines()
    line = next(i for i, row in enumerate(old) if row.startswith("Peschmerga,"))
    assert [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b] == [line]
    entry = read_glossary(starter).terms[line - 1]
    original = read_glossary(STARTER_FILE).terms[line - 1]
    assert entry.source == "Peschmerga" and entry.target == "Peshmerga forces"
    assert entry.note == original.note and entry.variants == original.variants
    assert entry.forbidden == [*original.forbidden, "Peshmerga"]
    assert any("keeps its place" in plain(s.value) for s in at.success)


def test_an_existing_term_can_go_to_another_glossary(app_with_model, glossary_folder):
    (glossary_folder / "eigene.csv").write_text("source,target\n", encoding="utf-8")
    at = translate(app_with_model)
    _type_term(at, "Terrormiliz", "terror militia")
    at.selectbox(key="term-other").set_value("eigene.csv")
    at.button(key="term-add-other").click().run()
    assert not at.exception, at.exception
    assert [t.target for t in read_glossary(glossary_folder / "eigene.csv").terms] == [
        "terror militia"
    ]
    assert "terrorist militia" in (glossary_folder / "news-de-en.csv").read_text(encoding="utf-8")


def test_a_term_candidate_is_added_with_one_click(app_with_model, glossary_folder):
    at = translate(app_with_model, "Der NATO-Generalsekretär Jens Stoltenberg kam nach Bagdad.\n")
    doc_id = doc_id_of(at)
    at.button(key=f"term-candidates-{doc_id}-find").click().run()
    assert not at.exception, at.exception
    shown = "\n".join(plain(m.value) for m in at.markdown)
    assert "Jens Stoltenberg" in shown and "Bagdad" in shown
    number = next(
        i
        for i, m in enumerate(m for m in at.markdown if "×)" in plain(m.value))
        if "Jens Stoltenberg" in plain(m.value)
    )
    at.button(key=f"term-candidates-{doc_id}-add-{number}").click().run()
    assert not at.exception, at.exception
    terms = read_glossary(glossary_folder / "news-de-en.csv").terms
    assert "Jens Stoltenberg" in [t.source for t in terms]


def test_rename_from_the_editor(app_with_model):
    at = translate(app_with_model)
    doc_id = doc_id_of(at)
    at.text_input(key=f"rename-{doc_id}").input("Angriff im Norden").run()
    at.button(key=f"rename-save-{doc_id}").click().run()
    assert not at.exception, at.exception
    assert Workspace(default_workspace_path()).record(doc_id).name == "Angriff im Norden"
    assert open_doc(at).document.name == "Angriff im Norden"


def test_an_uploaded_page_is_kept_and_downloads_as_html_with_its_markup(app_with_model):
    page = b'<html lang="de"><body><nav>Men\xc3\xbc</nav><p>Die <b>Bundeswehr</b> hilft.</p></body></html>'
    at = app_with_model
    at.run()
    at.radio(key="input-kind").set_value("Upload a file").run()
    at.file_uploader(key="input-file").set_value(("seite.html", page, "text/html"))
    at.button(key="translate").click().run()
    assert not at.exception
    doc_id = doc_id_of(at)
    job = jobs.job_for(doc_id)
    assert job is not None and job.finished.wait(60)
    at.run()
    workspace = Workspace(default_workspace_path())
    assert workspace.original(doc_id) == ("seite.html", page)
    assert "⟨1⟩" in grid_row(at, 0)["target"]
    html = _exporter(workspace, doc_id, "html")()
    assert html.startswith(b'<html lang="en"><body><nav>Men\xc3\xbc</nav><p>')
    assert html.count(b"<b>") == 1
