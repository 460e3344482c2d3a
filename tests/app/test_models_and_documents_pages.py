"""Models page (no model: every page links there) and the Documents page."""

import pytest
from app_helpers import doc_id_of, grid_row, new_app, open_doc, translate

from workbench.workspace import Workspace, default_workspace_path


@pytest.mark.parametrize(
    "page", [None, "views/glossaries.py", "views/documents.py", "views/models.py"]
)
def test_without_a_model_every_page_warns_and_links_to_models(app, page):
    app.run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, app.exception
    assert any("No German->English model" in w.value for w in app.warning)
    links = app.get("page_link")
    assert links and "models" in links[0].proto.page.lower()


def test_translate_button_is_disabled_without_a_model(app):
    app.run()
    assert app.button(key="translate").disabled


def test_models_page_lists_the_echo_model_and_removes_it(app_with_model, echo_model):
    at = app_with_model
    at.run()
    at.switch_page("views/models.py").run()
    assert echo_model.name in " ".join(m.value for m in at.markdown)
    assert not at.warning
    at.button(key=f"remove-{echo_model.name}").click().run()
    assert not echo_model.path.exists()
    assert any("No German->English model" in w.value for w in at.warning)


@pytest.mark.parametrize(
    "data, message",
    [
        (b"not a zip", "not an Argos model"),
    ],
)
def test_installing_a_bad_file_shows_the_model_error(app, data, message):
    app.run()
    app.switch_page("views/models.py").run()
    app.file_uploader(key="model-upload").set_value(("bad.argosmodel", data, "application/zip"))
    app.run()
    app.button(key="model-install").click().run()
    assert any(message in e.value and "bad.argosmodel" in e.value for e in app.error)


def test_installing_the_echo_package_from_an_upload(app, package_files):
    app.run()
    app.switch_page("views/models.py").run()
    data = package_files["echo"].read_bytes()
    app.file_uploader(key="model-upload").set_value(("echo.argosmodel", data, "application/zip"))
    app.run()
    app.button(key="model-install").click().run()
    assert any("Installed" in s.value for s in app.success)


def test_download_offline_gives_a_clear_message(app):
    app.run()
    app.switch_page("views/models.py").run()
    app.button(key="model-download").click().run()
    assert any("offline" in e.value for e in app.error)


def test_documents_page_lists_reopens_and_deletes(app_with_model):
    at = translate(app_with_model)
    doc_id = doc_id_of(at)
    assert open_doc(at).save_target(0, "An edit.")
    at.switch_page("views/documents.py").run()
    text = " ".join(m.value for m in at.markdown) + " ".join(str(t.value) for t in at.get("text"))
    assert "Die Terrormiliz griff am Montag" in text and "1 of 3 edited" in text

    other = new_app()
    other.run()
    other.switch_page("views/documents.py").run()
    other.button(key=f"open-{doc_id}").click().run()
    assert grid_row(other, 0)["target"] == "An edit."

    at.button(key=f"delete-{doc_id}").click().run()
    at.button(key=f"really-delete-{doc_id}").click().run()
    assert Workspace(default_workspace_path()).list_documents() == []
