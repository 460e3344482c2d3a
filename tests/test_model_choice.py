"""The default model for new translations: the person's choice, kept in settings.json beside
the workspace, else the best installed model; a damaged settings file is reported, never
written over."""

import json

import pytest

from workbench import model_choice, models
from workbench.settings import SettingsError, read_settings, settings_path, write_setting


@pytest.fixture
def workspace_env(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_WORKSPACE", str(tmp_path / "ws" / "workspace.sqlite3"))
    return tmp_path / "ws"


@pytest.fixture
def two_models(echo_model, random_model):
    return echo_model, random_model


def test_settings_live_beside_the_workspace(workspace_env):
    assert settings_path() == workspace_env / "settings.json"
    assert read_settings() == {}
    assert not workspace_env.exists()  # reading creates nothing


def test_without_a_choice_the_best_model_is_used(workspace_env, two_models):
    echo, random = two_models
    assert [m.name for m in model_choice.candidates()] == [random.name, echo.name]
    assert model_choice.chosen_model() == models.find_model("de", "en") == random


def test_the_choice_is_kept_and_read_at_call_time(workspace_env, two_models):
    echo, _ = two_models
    model_choice.set_default_model(echo.name)
    assert model_choice.chosen_model() == echo
    saved = json.loads((workspace_env / "settings.json").read_text(encoding="utf-8"))
    assert saved == {"default_models": {"de-en": echo.name}}
    (workspace_env / "settings.json").write_text("{}", encoding="utf-8")  # changed elsewhere
    assert model_choice.chosen_model() != echo


def test_a_removed_choice_falls_back_to_the_best_and_returns_with_the_model(
    workspace_env, two_models, package_files
):
    echo, random = two_models
    model_choice.set_default_model(echo.name)
    models.remove_model(echo.name)
    assert model_choice.chosen_model() == random
    models.install_model(package_files["echo"])
    again = model_choice.chosen_model()
    assert again is not None and again.name == echo.name


def test_choosing_a_model_that_is_not_installed_is_refused(workspace_env, echo_model):
    with pytest.raises(models.ModelError, match="No installed de->en model named 'nope'"):
        model_choice.set_default_model("nope")
    assert not settings_path().exists()


def test_no_model_at_all(workspace_env, packages_dir):
    assert model_choice.chosen_model() is None
    assert model_choice.candidates() == []


def test_other_settings_are_kept(workspace_env, two_models):
    write_setting("something-else", [1, 2])
    model_choice.set_default_model(two_models[0].name)
    assert read_settings()["something-else"] == [1, 2]


@pytest.mark.parametrize(
    "content, problem",
    [
        ("{not json", "is not valid JSON"),
        ("[1, 2]", "must hold a JSON object"),
        (b"\xff\xfe\x00garbage", "cannot be read"),
    ],
)
def test_a_damaged_settings_file_is_reported_and_left_alone(
    workspace_env, two_models, content, problem
):
    echo, random = two_models
    workspace_env.mkdir()
    path = workspace_env / "settings.json"
    data = content.encode() if isinstance(content, str) else content
    path.write_bytes(data)
    assert model_choice.chosen_model() == random  # the best one, no exception
    message = model_choice.choice_problem()
    assert message and problem in message and str(path) in message
    with pytest.raises(SettingsError, match=problem):
        model_choice.set_default_model(echo.name)
    assert path.read_bytes() == data
    assert [p.name for p in workspace_env.iterdir()] == ["settings.json"]  # no temporary left


def test_the_command_line_uses_the_default_or_the_named_model(
    workspace_env, two_models, tmp_path, capsys
):
    from workbench.cli import main

    echo, random = two_models
    article = tmp_path / "a.txt"
    article.write_text("Die Bundeswehr bleibt im Irak.\n", encoding="utf-8")
    model_choice.set_default_model(echo.name)
    assert main(["translate", str(article), "--json", "--quiet"]) == 0
    assert json.loads(capsys.readouterr().out)["model"] == echo.name
    assert main(["translate", str(article), "--json", "--quiet", "--model", random.name]) == 0
    assert json.loads(capsys.readouterr().out)["model"] == random.name
    assert main(["translate", str(article), "--model", "nope"]) == 2
    assert "No German->English model named 'nope'" in capsys.readouterr().err
    assert main(["models", "list"]) == 0
    marked = [line for line in capsys.readouterr().out.splitlines() if line.startswith("*")]
    assert len(marked) == 1 and echo.name in marked[0]
