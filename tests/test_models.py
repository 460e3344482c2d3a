"""Model management: validated install, refusal of bad packages, remove, download (local index)."""

import http.server
import io
import json
import threading
import time
import zipfile
from functools import partial
from pathlib import Path

import pytest

from workbench import models
from workbench.models import ModelError, find_model, install_model, installed_models, remove_model


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _package_entries(package_file: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(package_file) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}


def _bad_packages(echo_file: Path) -> dict[str, tuple[bytes, str]]:
    good = _package_entries(echo_file)
    top = next(iter(good)).split("/")[0]
    no_metadata = {k: v for k, v in good.items() if not k.endswith("metadata.json")}
    no_model = {k: v for k, v in good.items() if "/model/" not in k}
    two_tops = {**good, "other/metadata.json": b"{}"}
    bad_json = {**good, f"{top}/metadata.json": b"{not json"}
    no_codes = {**good, f"{top}/metadata.json": json.dumps({"from_code": "de"}).encode()}
    loose = {**good, "README": b"hello"}
    return {
        "not a zip": (b"this is not a zip archive", "not an Argos model"),
        "no metadata": (_zip(no_metadata), "no metadata.json"),
        "no model": (_zip(no_model), "model.bin"),
        "two top-level folders": (_zip(two_tops), "exactly one top-level folder"),
        "file outside folder": (_zip(loose), "outside a package folder"),
        "bad metadata": (_zip(bad_json), "not valid JSON"),
        "no codes": (_zip(no_codes), "from_code and to_code"),
        "path escape": (_zip({"../evil/metadata.json": b"{}"}), "unsafe path"),
        "empty zip": (_zip({}), "exactly one top-level folder"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "not a zip",
        "no metadata",
        "no model",
        "two top-level folders",
        "file outside folder",
        "bad metadata",
        "no codes",
        "path escape",
        "empty zip",
    ],
)
def test_bad_package_refused_and_installed_models_keep_working(
    case, echo_model, package_files, tmp_path
):
    data, message = _bad_packages(package_files["echo"])[case]
    bad = tmp_path / "bad.argosmodel"
    bad.write_bytes(data)
    with pytest.raises(ModelError, match=message):
        install_model(bad)
    assert [m.name for m in installed_models()] == [echo_model.name]
    assert models.broken_models() == []
    from workbench.engine import Engine

    assert Engine(echo_model).translate(["Die NATO hilft."])[0].text == "Die NATO hilft."


def test_zip_bomb_refused(echo_model, tmp_path, monkeypatch):
    monkeypatch.setattr(models, "MAX_UNPACKED_BYTES", 5 * 1024**2)
    bomb = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("pkg/metadata.json", json.dumps({"from_code": "de", "to_code": "en"}))
        archive.writestr("pkg/model/model.bin", b"\0" * (20 * 1024**2))  # compresses ~1000:1
    assert bomb.stat().st_size < 100_000
    with pytest.raises(ModelError, match="zip bomb"):
        install_model(bomb)
    assert [m.name for m in installed_models()] == [echo_model.name]
    assert not list((models.packages_dir().parent / ".workbench-staging").iterdir())


def test_install_list_find_remove(packages_dir, package_files):
    assert installed_models() == [] and find_model() is None
    model = install_model(package_files["echo"])
    assert (model.from_code, model.to_code) == ("de", "en")
    assert model.path.parent == packages_dir
    assert find_model("de", "en") == model
    assert find_model("en", "de") is None
    install_model(package_files["echo"])  # same name again: replaced, not duplicated
    assert len(installed_models()) == 1
    with pytest.raises(ModelError, match="No installed model named 'nope'"):
        remove_model("nope")
    remove_model(model.name)
    assert installed_models() == []


def test_broken_folder_is_reported_not_fatal(echo_model, packages_dir):
    (packages_dir / "half-copied").mkdir()
    assert [m.name for m in installed_models()] == [echo_model.name]
    assert any("half-copied" in p and "metadata.json" in p for p in models.broken_models())


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def local_index(tmp_path, package_files, monkeypatch):
    """An Argos package index and a package, served on 127.0.0.1 like the real index."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "translate-de_en.argosmodel").write_bytes(package_files["echo"].read_bytes())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    index = [
        {
            "package_version": "1.0",
            "from_code": "en",
            "to_code": "de",
            "links": [base + "missing.argosmodel"],
        },
        {
            "package_version": "1.1",
            "from_code": "de",
            "to_code": "en",
            "from_name": "German",
            "to_name": "English",
            "links": [base + "translate-de_en.argosmodel"],
        },
    ]
    (site / "index.json").write_text(json.dumps(index))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    yield base
    server.shutdown()


def test_download_from_a_package_index(local_index, packages_dir):
    seen: list[tuple[int, int | None]] = []
    model = models.download_model(
        "de", "en", progress=lambda done, total: seen.append((done, total))
    )
    assert model.from_code == "de" and find_model() == model
    assert seen and seen[-1][1] is not None and seen[-1][0] == seen[-1][1] > 0
    with pytest.raises(ModelError, match="no fr->en model"):
        models.download_model("fr", "en")


def test_download_offline_fails_fast_with_advice(packages_dir, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")  # nothing listens there
    started = time.monotonic()
    with pytest.raises(ModelError, match=r"offline.*workbench models install"):
        models.download_model("de", "en")
    assert time.monotonic() - started < 10


def test_download_unreachable_host_fails_within_the_limit(packages_dir, monkeypatch):
    # A name that cannot resolve here: the same path a machine without network takes.
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://index.invalid/")
    started = time.monotonic()
    with pytest.raises(ModelError, match="Could not reach the Argos package index"):
        models.download_model("de", "en")
    assert time.monotonic() - started < 10
