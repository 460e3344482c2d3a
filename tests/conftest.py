"""Shared test set-up.

argostranslate reads its settings from the environment once, at first import, and creates
folders there; so every folder it could touch is pointed into a private temporary folder here,
before any test imports the project. Each xdist worker gets its own.
"""

import os
import tempfile
from pathlib import Path

_SANDBOX = Path(tempfile.mkdtemp(prefix="workbench-tests-"))
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(_SANDBOX / _name.lower())
os.environ["ARGOS_PACKAGES_DIR"] = str(_SANDBOX / "packages")
os.environ["WORKBENCH_WORKSPACE"] = str(_SANDBOX / "workspace.sqlite3")
os.environ["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"  # nothing listens: never the internet

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def package_files(tmp_path_factory) -> dict[str, Path]:
    """Genuine .argosmodel files built offline: a tiny echo model and a random-weight model."""
    from workbench.testmodels import build_echo_package, build_random_package

    folder = tmp_path_factory.mktemp("argosmodels")
    return {
        "echo": build_echo_package(folder / "echo-de_en.argosmodel"),
        "random": build_random_package(folder / "random-de_en.argosmodel"),
    }


@pytest.fixture
def packages_dir(tmp_path, monkeypatch) -> Path:
    """An empty ARGOS_PACKAGES_DIR of this test's own."""
    folder = tmp_path / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    return folder


@pytest.fixture
def echo_model(packages_dir, package_files):
    from workbench.models import install_model

    return install_model(package_files["echo"])


@pytest.fixture
def random_model(packages_dir, package_files):
    from workbench.models import install_model

    return install_model(package_files["random"])
