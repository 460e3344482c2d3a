"""The README's promises: its first commands are the Makefile's, every CLI command is documented."""

import re
from pathlib import Path

import pytest

from workbench.cli import _parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    first = [line.strip() for line in README.splitlines()[:6] if line.strip().startswith("make ")]
    assert [line.split("#")[0].strip() for line in first] == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("run", "test"):
        assert re.search(rf"^{target}:", makefile, re.M), f"Makefile has no '{target}' target"
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _commands():
    parser = _parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in dict(sub.choices or {}).items():
        actions = [
            a for a in command._actions if getattr(a, "choices", None) and a.dest == "action"
        ]
        if actions:
            for action_name in actions[0].choices:
                yield f"workbench {name} {action_name}"
        else:
            yield f"workbench {name}"


@pytest.mark.parametrize("command", list(_commands()))
def test_every_cli_command_is_documented(command):
    assert f"`{command}" in README, f"README does not document {command!r}"


def test_make_targets_named_in_readme_exist():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in set(re.findall(r"(?:`|^\s*)make ([a-z][a-z-]+)", README, re.M)):
        assert re.search(rf"^{target}:", makefile, re.M), (
            f"README names 'make {target}', Makefile lacks it"
        )
