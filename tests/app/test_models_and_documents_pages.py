"""Models page (one consistent state after every action, Remove asks first, the default model
can be chosen, install from a path on the server) and the no-model warning on other pages."""

import json

import pytest
from app_helpers import new_app

from workbench import model_choice
from workbench.app.safe_text import md_text
from workbench.settings import settings_path

NO_MODEL = "No German->English model"


def models_page(at):
    at.run()
    at.switch_page("views/models.py").run()
    assert not at.exception, at.exception
    return at


def page_text(at) -> str:
    parts = [m.value for m in at.markdown]
    for kind in ("success", "warning", "error", "info", "caption"):
        parts += [e.value for e in at.get(kind)]
    return "\n".join(parts)


@pytest.mark.parametrize("page", [None, "views/glossaries.py", "views/documents.py"])
def test_without_a_model_every_page_warns_and_links_to_models(app, page):
    app.run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, app.exception
    assert any(NO_MODEL in w.value for w in app.warning)
    links = app.get("page_link")
    assert links and "models" in links[0].proto.page.lower()


def test_the_models_page_says_it_once_without_linking_to_itself(app):
    at = models_page(app)
    assert [w.value for w in at.warning] == [
        "No German->English model is installed: install one below."
    ]
    assert not at.get("page_link")


def test_translate_button_is_disabled_without_a_model(app):
    app.run()
    assert app.button(key="translate").disabled


def test_after_an_install_the_page_shows_one_state(app, package_files):
    at = models_page(app)
    data = package_files["echo"].read_bytes()
    at.file_uploader(key="model-upload").set_value(("echo.argosmodel", data, "application/zip"))
    at.run()
    at.button(key="model-install").click().run()
    assert not at.exception, at.exception
    assert any("Installed" in s.value for s in at.success)
    assert not any(NO_MODEL in w.value or "No translation models" in w.value for w in at.warning)
    assert not at.info
    assert "translate-de_en-echo" in page_text(at).replace("\\", "")


def test_remove_asks_first_naming_the_model(app_with_model, echo_model):
    at = models_page(app_with_model)
    at.button(key=f"remove-{echo_model.name}").click().run()
    assert echo_model.path.exists()
    question = " ".join(w.value for w in at.warning)
    assert "Remove the model" in question and md_text(echo_model.name) in question
    at.button(key=f"keep-{echo_model.name}").click().run()
    assert echo_model.path.exists() and not at.warning

    at.button(key=f"remove-{echo_model.name}").click().run()
    at.button(key=f"really-remove-{echo_model.name}").click().run()
    assert not echo_model.path.exists()
    assert any(f"Removed {md_text(echo_model.name)}" in s.value for s in at.success)
    assert [w.value for w in at.warning] == [
        "No German->English model is installed: install one below."
    ]
    assert md_text(echo_model.name) not in " ".join(m.value for m in at.markdown)


def test_with_two_models_the_default_can_be_chosen(app, echo_model, random_model):
    at = models_page(app)
    choice = at.selectbox(key="model-default")
    assert choice.options == [random_model.name, echo_model.name]
    assert choice.value == random_model.name  # the best one until someone chooses
    choice.select(echo_model.name).run()
    assert not at.exception, at.exception
    assert model_choice.chosen_model() == echo_model
    saved = json.loads(settings_path().read_text(encoding="utf-8"))
    assert saved["default_models"] == {"de-en": echo_model.name}
    assert any(md_text(echo_model.name) in s.value and "use" in s.value for s in at.success)

    other = models_page(new_app())  # another session, or after a restart: the same choice
    assert other.selectbox(key="model-default").value == echo_model.name


def test_one_model_needs_no_choice(app_with_model):
    at = models_page(app_with_model)
    assert not at.get("selectbox")


def test_a_damaged_settings_file_is_shown_and_the_best_model_used(app, echo_model, random_model):
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text("{oops", encoding="utf-8")
    at = models_page(app)
    assert any("is not valid JSON" in w.value for w in at.warning)
    at.selectbox(key="model-default").select(echo_model.name).run()
    assert not at.exception, at.exception
    assert any("is not valid JSON" in e.value for e in at.error)
    assert settings_path().read_text(encoding="utf-8") == "{oops"


def test_installing_from_a_path_on_the_server(app, package_files):
    at = models_page(app)
    at.text_input(key="model-path").input(str(package_files["echo"]))
    at.button(key="model-path-install").click().run()
    assert not at.exception, at.exception
    assert any("Installed" in s.value for s in at.success)
    assert not any(NO_MODEL in w.value for w in at.warning)
    installed = model_choice.chosen_model()
    assert installed is not None and installed.name == "translate-de_en-echo"


@pytest.mark.parametrize(
    "make_path, message",
    [
        (lambda tmp: "", "Type the full path"),
        (lambda tmp: "relative/model.argosmodel", "give the full path"),
        (lambda tmp: str(tmp / "missing.argosmodel"), "no such file on the server"),
        (str, "is a folder"),
        (lambda tmp: _write(tmp / "bad.argosmodel", b"not a zip"), "not an Argos model"),
    ],
)
def test_bad_paths_are_refused_with_a_message(app, tmp_path, make_path, message):
    at = models_page(app)
    at.text_input(key="model-path").input(make_path(tmp_path))
    at.button(key="model-path-install").click().run()
    assert not at.exception, at.exception
    assert any(message in e.value.replace("\\", "") for e in at.error)
    assert model_choice.chosen_model() is None


def _write(path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize("data, message", [(b"not a zip", "not an Argos model")])
def test_installing_a_bad_upload_shows_the_model_error(app, data, message):
    at = models_page(app)
    at.file_uploader(key="model-upload").set_value(("bad.argosmodel", data, "application/zip"))
    at.run()
    at.button(key="model-install").click().run()
    assert any(message in e.value and md_text("bad.argosmodel") in e.value for e in at.error)


def test_download_offline_gives_a_clear_message(app):
    at = models_page(app)
    at.button(key="model-download").click().run()
    assert any("offline" in e.value for e in at.error)


def test_the_model_uploader_is_limited_to_what_the_server_accepts(app):
    at = models_page(app)
    assert at.file_uploader(key="model-upload").proto.max_upload_size_mb == 10
