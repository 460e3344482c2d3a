"""A process killed at any moment of an install or removal never leaves the machine without a
working model: the next listing rolls the swap back or completes it, and deletes the staging
left behind.

The short variant kills a child process at every file-system step of an update (tests/
install_child.py counts them). The soak variant (`make soak`) SIGKILLs children at random
moments, some of them while another install runs or while the recovery itself runs."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from workbench import model_folder, models
from workbench.engine import Engine

CHILD = Path(__file__).with_name("install_child.py")
KILLED = 86  # install_child.KILLED
SENTENCE = "Die NATO hilft."


def _variant(package: Path, out: Path, folder: str = "", **metadata) -> Path:
    """A copy of `package` with metadata.json fields changed (e.g. another package_version),
    and its folder renamed to `folder` if given."""
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("/metadata.json"):
                data = json.dumps({**json.loads(data), **metadata}).encode()
            top, rest = info.filename.split("/", 1)
            info.filename = f"{folder or top}/{rest}"
            target.writestr(info, data)
    return out


def _child(action: str, target: str | Path, kill_at: int = 0) -> list[str]:
    return [sys.executable, str(CHILD), action, str(target), str(kill_at)]


def _run_child(args: list[str], packages: Path, monkeypatch) -> subprocess.CompletedProcess:
    with monkeypatch.context() as patch:
        patch.setenv("ARGOS_PACKAGES_DIR", str(packages))
        return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)


def _names() -> list[str]:
    return [m.name for m in models.installed_models()]


def _check_recovered(packages: Path, monkeypatch, name: str) -> models.InstalledModel:
    """After recovery: exactly one package called `name`, complete and translating, nothing
    broken and no staging left."""
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    installed = {m.name: m for m in models.installed_models()}
    assert name in installed, sorted(installed)
    model = installed[name]
    assert Engine(model).translate([SENTENCE])[0].text == SENTENCE
    assert models.broken_models() == []
    root = model_folder.staging_root(packages)
    left = [p.name for p in root.iterdir() if p.name != ".lock"] if root.is_dir() else []
    assert left == []
    return model


def test_a_kill_at_any_step_of_an_update_leaves_a_working_model(
    package_files, tmp_path, monkeypatch
):
    update = _variant(package_files["echo"], tmp_path / "update.argosmodel", package_version="1.1")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "pristine"))
    old = models.install_model(package_files["echo"])

    def prepared(run: str) -> Path:
        packages = tmp_path / run / "packages"
        shutil.copytree(old.path, packages / old.name)
        return packages

    clean = _run_child(_child("install", update), prepared("count"), monkeypatch)
    assert clean.returncode == 0, clean.stderr
    steps = int(clean.stdout.split()[-1])
    assert steps > 30  # unpacking, loading, swapping and cleaning up are all counted
    versions = []
    for kill_at in range(1, steps + 1):
        packages = prepared(f"kill-{kill_at}")
        done = _run_child(_child("install", update, kill_at), packages, monkeypatch)
        assert done.returncode == KILLED, (kill_at, done.stderr)
        versions.append(_check_recovered(packages, monkeypatch, old.name).version)
    # the kills landed on both sides of the swap: the old model until it, the new one after
    assert versions[0] == "1.0" and versions[-1] == "1.1"
    assert versions == sorted(versions)


def test_a_kill_at_any_step_of_a_removal_leaves_it_there_or_gone(
    package_files, tmp_path, monkeypatch
):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "pristine"))
    keep = models.install_model(package_files["echo"])
    gone = models.install_model(package_files["random"])

    def prepared(run: str) -> Path:
        packages = tmp_path / run / "packages"
        for model in (keep, gone):
            shutil.copytree(model.path, packages / model.name)
        return packages

    clean = _run_child(_child("remove", gone.name), prepared("count"), monkeypatch)
    assert clean.returncode == 0, clean.stderr
    still_there = []
    for kill_at in range(1, int(clean.stdout.split()[-1]) + 1):
        packages = prepared(f"kill-{kill_at}")
        done = _run_child(_child("remove", gone.name, kill_at), packages, monkeypatch)
        assert done.returncode == KILLED, (kill_at, done.stderr)
        _check_recovered(packages, monkeypatch, keep.name)
        still_there.append(gone.name in _names())
    # complete until the one rename that takes it out, gone after it
    assert still_there[0] and not still_there[-1]
    assert still_there == sorted(still_there, reverse=True)


@pytest.mark.soak
def test_random_sigkills_during_installs_removals_and_recovery(
    package_files, tmp_path, monkeypatch
):
    from workbench.testmodels import build_echo_package

    rng = random.Random(20240601)
    base = build_echo_package(tmp_path / "base.argosmodel", size="base")  # ~40 MB: slower unpack
    packages_files = {
        "old": package_files["echo"],
        "new": _variant(package_files["echo"], tmp_path / "new.argosmodel", package_version="1.1"),
        "big": _variant(
            base, tmp_path / "big.argosmodel", "translate-de_en-echo", package_version="2.0"
        ),
        "other": package_files["random"],
    }
    packages = tmp_path / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    name = models.install_model(packages_files["old"]).name
    durations = {}  # of a whole child run, so that kills can aim inside it
    for job in ("new", "big", "old"):
        started = time.monotonic()
        subprocess.run(_child("install", packages_files[job]), check=True, capture_output=True)
        durations[job] = time.monotonic() - started
    interrupted = 0  # rounds that left staging behind: a kill landed inside an install
    rounds = 80
    for round_number in range(rounds):
        jobs = [rng.choice([("install", "old"), ("install", "new"), ("install", "other")])]
        if rng.random() < 0.3:
            jobs.append(("remove", "translate-de_en-random"))
        if rng.random() < 0.3:
            jobs.append(("install", "big"))
        children = [
            subprocess.Popen(
                [sys.executable, str(CHILD), action, str(packages_files.get(what, what)), "0"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for action, what in jobs
        ]
        time.sleep(rng.uniform(0, max(durations.get(what, durations["old"]) for _, what in jobs)))
        for child in children:
            if rng.random() < 0.8:
                child.kill()  # SIGKILL
            child.wait(timeout=120)
        if rng.random() < 0.3:  # a listing that is itself killed while it recovers
            lister = subprocess.Popen(
                [sys.executable, "-c", "from workbench import models; models.installed_models()"]
            )
            time.sleep(rng.uniform(0, 0.3))
            lister.kill()
            lister.wait(timeout=60)
        root = model_folder.staging_root(packages)
        interrupted += any(p.is_dir() for p in root.iterdir()) if root.is_dir() else 0
        model = _check_recovered(packages, monkeypatch, name)
        assert model.version in ("1.0", "1.1", "2.0"), round_number
        other = packages / "translate-de_en-random"
        assert other.is_dir() == ("translate-de_en-random" in _names())
    assert interrupted >= rounds // 8  # kills landed inside installs, not only around them
