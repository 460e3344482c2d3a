"""The static checks CI runs: `.ci/run` calls `make check` before the tests, and the project's
ruff and mypy settings really fail on the defects they exist for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def test_ci_runs_the_checks_before_the_tests():
    lines = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("make ")
    ]
    assert lines == ["make check", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ncheck:", 1)[1].split("\n\n", 1)[0]
    assert "ruff check" in recipe and "ruff format --check" in recipe and "mypy" in recipe


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )


def test_lint_fails_on_a_loop_variable_captured_by_a_callback(tmp_path):
    bad = tmp_path / "callbacks.py"
    bad.write_text(
        "def buttons(rows):\n    return [lambda: print(row) for row in rows]\n",
        encoding="utf-8",
    )
    done = _run(str(BIN / "ruff"), "check", "--config", "pyproject.toml", str(bad))
    assert done.returncode == 1 and "B023" in done.stdout


def test_types_fail_on_an_optional_used_as_if_present(tmp_path):
    bad = tmp_path / "optional.py"
    bad.write_text("def length(text: str | None) -> int:\n    return len(text)\n", encoding="utf-8")
    done = _run(str(BIN / "mypy"), "--config-file", "pyproject.toml", str(bad))
    assert done.returncode == 1 and "arg-type" in done.stdout
