"""AppTest set-up: a private workspace, glossary folder and (optionally) the echo model."""

from pathlib import Path

import pytest
from app_helpers import STARTER, new_app


@pytest.fixture
def glossary_folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "glossaries"
    folder.mkdir()
    (folder / "news-de-en.csv").write_text(STARTER, encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_GLOSSARIES", str(folder))
    return folder


@pytest.fixture
def workspace_file(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "workspace.sqlite3"
    monkeypatch.setenv("WORKBENCH_WORKSPACE", str(path))
    return path


@pytest.fixture
def app(glossary_folder, workspace_file, packages_dir):
    """The whole app (navigation included), not yet run; no model installed."""
    return new_app()


@pytest.fixture
def app_with_model(echo_model, app):
    return app
