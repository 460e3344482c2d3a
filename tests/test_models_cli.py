"""`workbench models` on the command line: whatever a package's folder name or metadata holds,
one model is one line, and the name as shown can be typed back to remove it."""

import json
import shutil

import pytest

from workbench.cli import main

HOSTILE_NAMES = [
    pytest.param("fake\n* translate-de_en-evil\tde->en\t9.9", id="newline"),
    pytest.param("fake\r* overwritten", id="carriage-return"),
    pytest.param("fake\x1b[2J\x1b[H", id="terminal-escape"),
    pytest.param("fake\u2028* second line", id="unicode-line-separator"),
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_folder_name_stays_on_one_line_and_can_be_removed(
    name, echo_model, packages_dir, capsys
):
    shutil.copytree(echo_model.path, packages_dir / name)
    assert main(["models", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3  # the folder, then one line per model
    shown = [line for line in lines if repr(name) in line]
    assert len(shown) == 1 and shown[0].startswith("  ")  # listed, not the one in use
    assert main(["models", "remove", repr(name)]) == 0
    assert not (packages_dir / name).exists() and echo_model.path.is_dir()


def test_hostile_metadata_stays_on_one_line(echo_model, packages_dir, capsys):
    forged = packages_dir / "translate-de_en-forged"
    shutil.copytree(echo_model.path, forged)
    meta = json.loads((forged / "metadata.json").read_text())
    meta.update(package_version="0.1\n! forged problem", from_code="de", to_code="en\n* x")
    (forged / "metadata.json").write_text(json.dumps(meta))
    assert main(["models", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert not [line for line in lines if line.startswith("!")]
    assert "'de->en\\n* x'\t'0.1\\n! forged problem'" in lines[2]


def test_a_plain_name_is_shown_as_it_is(echo_model, capsys):
    assert main(["models", "list"]) == 0
    assert f"* {echo_model.name}\tde->en\t1.0" in capsys.readouterr().out.splitlines()
