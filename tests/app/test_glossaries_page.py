"""Glossaries page: edit rows in the table, see problems, save (conflict-aware), create, upload."""

import pytest

from workbench.app.safe_text import md_text
from workbench.glossary.files import read_glossary

EMPTY_EDITS: dict = {"edited_rows": {}, "added_rows": [], "deleted_rows": []}


def open_page(app):
    app.run()
    app.switch_page("views/glossaries.py").run()
    assert not app.exception, app.exception
    return app


def edit_table(at, name="news-de-en.csv", **changes):
    at.session_state[f"gl-table-{name}-0"] = {**EMPTY_EDITS, **changes}
    at.run()


def test_add_a_row_and_save(app, glossary_folder):
    at = open_page(app)
    edit_table(at, added_rows=[{"source": "Kabinett", "target": "cabinet"}])
    at.button(key="gl-save-news-de-en.csv").click().run()
    assert any("Saved 3 terms" in s.value for s in at.success)
    terms = {t.source: t.target for t in read_glossary(glossary_folder / "news-de-en.csv").terms}
    assert terms == {
        "Terrormiliz": "terrorist militia",
        "Bundeswehr": "German armed forces",
        "Kabinett": "cabinet",
    }


def test_edit_and_delete_rows(app, glossary_folder):
    at = open_page(app)
    edit_table(at, edited_rows={0: {"target": "terror militia"}}, deleted_rows=[1])
    at.button(key="gl-save-news-de-en.csv").click().run()
    terms = {t.source: t.target for t in read_glossary(glossary_folder / "news-de-en.csv").terms}
    assert terms == {"Terrormiliz": "terror militia"}


def test_problems_are_shown_with_line_numbers_and_block_saving(app, glossary_folder):
    at = open_page(app)
    before = (glossary_folder / "news-de-en.csv").read_bytes()
    edit_table(at, added_rows=[{"source": "Gipfel", "target": ""}])
    assert any("line 4" in e.value and "no target" in e.value for e in at.error)
    at.button(key="gl-save-news-de-en.csv").click().run()
    assert any("Nothing was saved" in e.value for e in at.error)
    assert (glossary_folder / "news-de-en.csv").read_bytes() == before


def test_save_conflict_offers_save_as(app, glossary_folder):
    at = open_page(app)
    (glossary_folder / "news-de-en.csv").write_text("source,target\nNATO,NATO\n", encoding="utf-8")
    edit_table(at, added_rows=[{"source": "Kabinett", "target": "cabinet"}])
    at.button(key="gl-save-news-de-en.csv").click().run()
    assert any("changed by someone else" in e.value for e in at.error)
    assert "Kabinett" not in (glossary_folder / "news-de-en.csv").read_text()
    at.button(key="gl-saveas-news-de-en.csv").click().run()
    mine = read_glossary(glossary_folder / "news-de-en-mine.csv")
    assert "Kabinett" in {t.source for t in mine.terms}


@pytest.mark.parametrize(
    "name, message",
    [
        ("../outside", "cannot be used"),
        ("news-de-en", "already exists"),
    ],
)
def test_new_glossary_names_are_checked(app, glossary_folder, name, message):
    at = open_page(app)
    at.text_input(key="gl-new-name").input(name)
    at.button(key="gl-create").click().run()
    assert any(message in e.value for e in at.error)
    assert not (glossary_folder.parent / "outside.csv").exists()


def test_create_a_new_glossary(app, glossary_folder):
    at = open_page(app)
    at.text_input(key="gl-new-name").input("sport de-en")
    at.button(key="gl-create").click().run()
    assert (glossary_folder / "sport de-en.csv").is_file()
    assert at.selectbox(key="gl-selected").value == "sport de-en.csv"


def test_upload_shows_what_was_detected_and_saves_under_a_safe_name(app, glossary_folder):
    at = open_page(app)
    data = "Begriff;Übersetzung\nBündnis;alliance\n".encode("cp1252")
    at.file_uploader(key="gl-upload").set_value(("../../evil.csv", data, "text/csv")).run()
    text = " ".join(m.value for m in at.markdown)
    assert "cp1252" in text and "semicolon" in text
    at.text_input(key="gl-upload-name").input("../../evil.csv")
    at.button(key="gl-upload-save").click().run()
    assert any("cannot be used" in e.value for e in at.error)
    at.text_input(key="gl-upload-name").input("bund.csv")
    at.button(key="gl-upload-save").click().run()
    assert [t.target for t in read_glossary(glossary_folder / "bund.csv").terms] == ["alliance"]


def test_upload_never_overwrites(app, glossary_folder):
    at = open_page(app)
    before = (glossary_folder / "news-de-en.csv").read_bytes()
    at.file_uploader(key="gl-upload").set_value(
        ("news-de-en.csv", b"source,target\nKrieg,war\n", "text/csv")
    ).run()
    at.button(key="gl-upload-save").click().run()
    assert any("already exists" in e.value for e in at.error)
    assert (glossary_folder / "news-de-en.csv").read_bytes() == before


def test_glossary_text_in_the_table_is_not_html(app, glossary_folder):
    (glossary_folder / "news-de-en.csv").write_text(
        "source,target\nTerrormiliz,<img src=x onerror=alert(1)>\n", encoding="utf-8"
    )
    at = open_page(app)
    assert not any("<img" in m.value for m in at.markdown)
    assert not at.exception


@pytest.mark.parametrize("key", ["gl-upload", "gl-tbx-upload"])
def test_glossary_uploaders_have_their_own_limit(app, key):
    """The browser refuses a bigger file before sending it (the server's limit is larger)."""
    at = open_page(app)
    assert at.file_uploader(key=key).proto.max_upload_size_mb == 5


def test_problem_messages_show_the_typed_text_as_text(app, glossary_folder):
    (glossary_folder / "news-de-en.csv").write_text(
        "source,target\nTerrormiliz,terrorist militia\n", encoding="utf-8"
    )
    at = open_page(app)
    edit_table(at, added_rows=[{"source": ":red[$Gipfel$]", "target": ""}])
    errors = [e.value for e in at.error]
    assert any(md_text("no target for ':red[$Gipfel$]'") in e for e in errors), errors


def test_rows_the_table_cannot_show_are_never_dropped_silently(app, glossary_folder):
    path = glossary_folder / "news-de-en.csv"
    path.write_text("source,target\nKrieg,war\nGipfel,\n", encoding="utf-8")
    at = open_page(app)
    assert any("line 3" in e.value and "no target" in e.value for e in at.error)
    at.button(key="gl-save-news-de-en.csv").click().run()
    assert any("1 rows of the file are not in the table" in e.value for e in at.error)
    assert "Gipfel" in path.read_text(encoding="utf-8-sig")

    at.checkbox(key="gl-drop-news-de-en.csv").check().run()
    at.button(key="gl-save-news-de-en.csv").click().run()
    assert any("Saved 1 terms" in s.value for s in at.success)
    assert "Gipfel" not in path.read_text(encoding="utf-8-sig")
