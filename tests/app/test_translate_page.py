"""Translate page: translate with the echo model, edit, persist, reopen from the URL."""

import pytest
from app_helpers import doc_id_of, markdown_text, new_app, target_area, translate

from workbench.app.components.downloads import _exporter
from workbench.workspace import Workspace, default_workspace_path


def stored(doc_id):
    return Workspace(default_workspace_path()).load(doc_id)[0]


def test_translate_shows_editor_with_repaired_terms(app_with_model):
    at = translate(app_with_model)
    doc_id = doc_id_of(at)
    text = markdown_text(at)
    assert 'title="Terrormiliz -&gt; terrorist militia' in text  # hit marked with a tooltip
    assert '<mark class="wb-target"' in text and ">terrorist militia</mark>" in text
    assert "terrorist militia" in target_area(at, 0).value  # the echo's German repaired
    assert any("0 of 3 segments edited or confirmed" in p.text for p in at.get("progress"))
    assert len(stored(doc_id).segments) == 3


def test_edit_is_saved_at_once_and_reopens_from_the_url(app_with_model):
    at = translate(app_with_model)
    doc_id = doc_id_of(at)
    target_area(at, 1).input("The Bundeswehr sends 500 soldiers north.").run()
    document = stored(doc_id)
    assert document.segments[1].target == "The Bundeswehr sends 500 soldiers north."
    assert document.segments[1].status == "edited"

    again = new_app()  # a refresh, a new tab, or a restarted server
    again.query_params["doc"] = doc_id
    again.run()
    assert target_area(again, 1).value == "The Bundeswehr sends 500 soldiers north."
    assert any("1 of 3 segments" in p.text for p in again.get("progress"))
    txt = _exporter(Workspace(default_workspace_path()), doc_id, "txt")()
    assert "The Bundeswehr sends 500 soldiers north." in txt.decode("utf-8")


def test_confirm_and_reset_to_machine_translation(app_with_model):
    at = translate(app_with_model)
    doc_id = doc_id_of(at)
    machine = target_area(at, 2).value
    target_area(at, 2).input("The cabinet agreed.").run()
    at.button(key=f"ok-{doc_id}-2").click().run()
    assert stored(doc_id).segments[2].status == "confirmed"
    at.button(key=f"reset-{doc_id}-2").click().run()
    assert stored(doc_id).segments[2].status == "confirmed"  # asked first: nothing replaced
    assert any("replaces your confirmed text" in w.value for w in at.warning)
    at.button(key=f"replace-{doc_id}-2").click().run()
    segment = stored(doc_id).segments[2]
    assert (segment.target, segment.status) == (machine, "translated")
    assert target_area(at, 2).value == machine


@pytest.mark.parametrize("keep_mine", [True, False])
def test_edit_conflict_between_tabs_shows_both_versions(app_with_model, keep_mine):
    first = translate(app_with_model)
    doc_id = doc_id_of(first)
    second = new_app()
    second.query_params["doc"] = doc_id
    second.run()
    target_area(first, 0).input("Version from tab one.").run()
    target_area(second, 0).input("Version from tab two.").run()
    warnings = " ".join(w.value for w in second.warning)
    assert "changed in another tab" in warnings
    assert stored(doc_id).segments[0].target == "Version from tab one."  # nothing overwritten
    second.button(key="mine-0" if keep_mine else "theirs-0").click().run()
    expected = "Version from tab two." if keep_mine else "Version from tab one."
    assert stored(doc_id).segments[0].target == expected
    assert target_area(second, 0).value == expected


def test_add_term_updates_unedited_segments_and_the_csv(app_with_model, glossary_folder):
    at = translate(app_with_model)
    doc_id = doc_id_of(at)
    target_area(at, 1).input("Kept as the editor wrote it.").run()
    at.text_input(key="term-source").input("Kabinett")
    at.text_input(key="term-target").input("cabinet")
    at.button(key="term-add").click().run()
    assert not at.exception
    assert "cabinet" in (glossary_folder / "news-de-en.csv").read_text(encoding="utf-8-sig")
    document = stored(doc_id)
    assert "cabinet" in document.segments[2].target
    assert document.segments[1].target == "Kept as the editor wrote it."
    assert "cabinet" in target_area(at, 2).value


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
    text = markdown_text(at)
    assert "<img" not in text and "<script>" not in text
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text


def test_upload_a_text_file(app_with_model):
    at = app_with_model
    at.run()
    at.radio(key="input-kind").set_value("Upload a file").run()
    at.file_uploader(key="input-file").set_value(
        ("bericht.txt", b"Die Bundeswehr hilft.", "text/plain")
    )
    at.button(key="translate").click().run()
    assert not at.exception
    assert "German armed forces" in target_area(at, 0).value


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


def test_retranslate_an_edited_segment_and_pick_an_alternative(app_with_model):
    at = translate(app_with_model)
    doc_id = doc_id_of(at)
    machine = target_area(at, 0).value
    target_area(at, 0).input("Something else.").run()
    at.button(key=f"again-{doc_id}-0").click().run()
    at.button(key=f"keep-{doc_id}-0").click().run()
    assert stored(doc_id).segments[0].target == "Something else."
    at.button(key=f"again-{doc_id}-0").click().run()
    at.button(key=f"replace-{doc_id}-0").click().run()
    segment = stored(doc_id).segments[0]
    assert (segment.target, segment.status) == (machine, "translated")
    assert target_area(at, 0).value == machine
    alternatives = at.selectbox(key=f"alt-{doc_id}-0")
    choice = alternatives.options[1]
    alternatives.set_value(choice).run()
    assert stored(doc_id).segments[0].target == choice == target_area(at, 0).value
