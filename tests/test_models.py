"""Model management: validated install, refusal of bad packages, remove, download (local index)."""

import errno
import http.server
import io
import json
import os
import random
import shutil
import stat
import threading
import time
import warnings
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from workbench import model_archive, model_folder, models
from workbench.models import (
    ModelError,
    find_model,
    find_models,
    install_model,
    installed_models,
    remove_model,
)
from workbench.testzips import Member, zip_bytes


def _zip(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _package_entries(package_file: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(package_file) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}


def _renamed(entries: dict[str, bytes], top: str, **metadata) -> dict[str, bytes]:
    """The package `entries` under another folder name, with metadata.json fields changed."""
    old = next(iter(entries)).split("/")[0]
    moved = {top + name[len(old) :]: data for name, data in entries.items()}
    meta = {**json.loads(moved[f"{top}/metadata.json"]), **metadata}
    return {**moved, f"{top}/metadata.json": json.dumps(meta).encode()}


def _staging_areas() -> list[Path]:
    root = model_folder.staging_root(models.packages_dir())
    return [p for p in root.iterdir() if p.is_dir()] if root.is_dir() else []


def _with_link(entries: dict[str, bytes], top: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        link = zipfile.ZipInfo(f"{top}/model/link.bin")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    return buffer.getvalue()


def _twice(entries: dict[str, bytes], name: str) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate: that is the point
        for entry, data in [*entries.items(), (name, b"again")]:
            archive.writestr(entry, data)
    return buffer.getvalue()


def _lying_model(entries: dict[str, bytes], top: str) -> bytes:
    """The real package, but model.bin's zip entry claims 1000 bytes and holds 64 MB."""
    honest = [Member.honest(n, d) for n, d in entries.items() if not n.endswith("model.bin")]
    return zip_bytes([*honest, Member.lying(f"{top}/model/model.bin", 64 << 20)])


def _bad_packages(echo_file: Path) -> dict[str, tuple[Callable[[], bytes], str]]:
    """Per case: a builder of the package's bytes (only the case under test is built), and
    the message expected."""
    good = _package_entries(echo_file)
    top = next(iter(good)).split("/")[0]
    model_bin = good[f"{top}/model/model.bin"]
    meta = f"{top}/metadata.json"
    return {
        "not a zip": (lambda: b"this is not a zip archive", "not an Argos model"),
        "no metadata": (
            lambda: _zip({k: v for k, v in good.items() if k != meta}),
            "no metadata.json",
        ),
        "no model": (
            lambda: _zip({k: v for k, v in good.items() if "/model/" not in k}),
            "model.bin",
        ),
        "two top-level folders": (
            lambda: _zip({**good, "other/metadata.json": b"{}"}),
            "exactly one top-level folder",
        ),
        "file outside folder": (
            lambda: _zip({**good, "README": b"hello"}),
            "outside a package folder",
        ),
        "bad metadata": (lambda: _zip({**good, meta: b"{not json"}), "not valid JSON"),
        "no codes": (
            lambda: _zip({**good, meta: json.dumps({"from_code": "de"}).encode()}),
            "from_code and to_code",
        ),
        "path escape": (lambda: _zip({"../evil/metadata.json": b"{}"}), "unsafe path"),
        "empty zip": (lambda: _zip({}), "exactly one top-level folder"),
        "file and folder": (
            lambda: _zip({**good, f"{top}/model": b"x"}),
            f"holds '{top}/model' both as a file and as a folder",
        ),
        "name twice": (lambda: _twice(good, f"{top}/model/config.json"), "appears twice"),
        "link": (lambda: _with_link(good, top), "contains a link"),
        "newline in folder name": (
            lambda: _zip(_renamed(good, "fake\n* translate-de_en")),
            "unsafe path",
        ),
        "bzip2 members": (lambda: _zip(good, zipfile.ZIP_BZIP2), "compression method"),
        "lying model.bin": (lambda: _lying_model(good, top), "more than the 1000 bytes"),
        "garbage model.bin": (
            lambda: _zip(
                {**good, f"{top}/model/model.bin": random.Random(1).randbytes(len(model_bin))}
            ),
            "does not load or translate",
        ),
        "cut-off model.bin": (
            lambda: _zip({**good, f"{top}/model/model.bin": model_bin[: len(model_bin) // 2]}),
            "does not load or translate",
        ),
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
        "file and folder",
        "name twice",
        "link",
        "newline in folder name",
        "bzip2 members",
        "lying model.bin",
        "garbage model.bin",
        "cut-off model.bin",
    ],
)
def test_bad_package_refused_and_installed_models_keep_working(
    case, echo_model, package_files, tmp_path
):
    build, message = _bad_packages(package_files["echo"])[case]
    bad = tmp_path / "bad.argosmodel"
    bad.write_bytes(build())
    with pytest.raises(ModelError, match=message):
        install_model(bad)
    assert [m.name for m in installed_models()] == [echo_model.name]
    assert models.broken_models() == []
    assert _staging_areas() == []
    from workbench.engine import Engine

    assert Engine(echo_model).translate(["Die NATO hilft."])[0].text == "Die NATO hilft."


@pytest.mark.parametrize("folder", ["translate-de_en-echo", "translate-de_en-zzz"])
@pytest.mark.parametrize("damage", ["random bytes", "cut off"])
def test_a_model_that_does_not_translate_never_replaces_or_shadows_a_working_one(
    folder, damage, echo_model, package_files, tmp_path
):
    """Same name as the working model, or another name at a higher version (which would be
    chosen first): either way the working model stays in place and stays the one in use."""
    good = _package_entries(package_files["echo"])
    entries = _renamed(good, folder, package_version="9.0")
    model_bin = entries[f"{folder}/model/model.bin"]
    if damage == "random bytes":
        model_bin = random.Random(2).randbytes(len(model_bin))
    else:
        model_bin = model_bin[: len(model_bin) - 1000]
    broken = tmp_path / "broken.argosmodel"
    broken.write_bytes(_zip({**entries, f"{folder}/model/model.bin": model_bin}))
    with pytest.raises(
        ModelError, match=r"does not load or translate.*installed models are unchanged"
    ):
        install_model(broken)
    assert find_models("de", "en") == [echo_model]
    assert find_model("de", "en") == echo_model
    from workbench.engine import Engine

    assert Engine(echo_model).translate(["Die NATO hilft."])[0].text == "Die NATO hilft."


def test_a_working_update_replaces_the_model_of_the_same_name(echo_model, package_files, tmp_path):
    update = tmp_path / "update.argosmodel"
    good = _package_entries(package_files["echo"])
    update.write_bytes(_zip(_renamed(good, echo_model.name, package_version="1.1")))
    model = install_model(update)
    assert installed_models() == [model] and model.version == "1.1"
    assert _staging_areas() == []


def test_several_models_best_first_and_chosen_by_name(
    echo_model, random_model, package_files, tmp_path
):
    newer = tmp_path / "newer.argosmodel"
    good = _package_entries(package_files["echo"])
    newer.write_bytes(_zip(_renamed(good, "translate-de_en-echo_v2", package_version="1.10")))
    echo_v2 = install_model(newer)
    # 1.10 is newer than 1.9 and 1.0 (versions, not strings); equal versions: by name
    assert find_models("de", "en") == [echo_v2, random_model, echo_model]
    assert find_model("de", "en") == echo_v2
    assert find_model("de", "en", name=echo_model.name) == echo_model
    assert find_model("de", "en", name="translate-de_en-gone") is None
    assert find_model("en", "de", name=echo_model.name) is None
    assert find_models("en", "de") == []


def test_too_little_disk_space_is_refused_before_writing(echo_model, package_files, monkeypatch):
    real = shutil.disk_usage

    def small_disk(path):
        return real(path)._replace(free=1024**2)

    monkeypatch.setattr(shutil, "disk_usage", small_disk)
    with pytest.raises(
        ModelError, match=r"needs \d+\.\d MB free in .*packages \(1\.0 MB are free\)"
    ):
        install_model(package_files["random"])
    assert installed_models() == [echo_model] and _staging_areas() == []


def test_a_disk_that_fills_up_while_installing_is_a_clear_message(
    echo_model, package_files, monkeypatch
):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", full)
        with pytest.raises(
            ModelError, match=r"not enough disk space: installing needs \d+\.\d MB free in"
        ):
            install_model(package_files["random"])
    assert installed_models() == [echo_model] and _staging_areas() == []


def test_zip_bomb_refused(echo_model, tmp_path, monkeypatch):
    monkeypatch.setattr(model_archive, "MAX_UNPACKED_BYTES", 5 * 1024**2)
    bomb = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("pkg/metadata.json", json.dumps({"from_code": "de", "to_code": "en"}))
        archive.writestr("pkg/model/model.bin", b"\0" * (20 * 1024**2))  # compresses ~1000:1
    assert bomb.stat().st_size < 100_000
    with pytest.raises(ModelError, match="zip bomb"):
        install_model(bomb)
    assert [m.name for m in installed_models()] == [echo_model.name]
    assert _staging_areas() == []


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


@pytest.mark.parametrize("name", ["", ".", "..", "../packages", "translate-de_en-echo/model"])
def test_remove_only_takes_a_package_folder(name, echo_model):
    with pytest.raises(ModelError, match="No installed model named"):
        remove_model(name)
    assert installed_models() == [echo_model] and echo_model.path.is_dir()


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
