"""kill -9 while people edit: every save the editor acknowledged is in the workspace, the
file stays a sound database, and concurrent writers (processes) never lose each other's
edits. Short here; `make soak` runs many more kills."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbench.segmenting import segment_text
from workbench.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
CHILD = Path(__file__).with_name("edit_child.py")
WRITERS = ([0, 1], [2, 3], [4, 5])  # each process edits its own segments


def _acknowledged(ack: Path) -> dict[int, int]:
    """The last acknowledged edit number per segment (a torn last line is not an ack)."""
    last: dict[int, int] = {}
    for line in ack.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.endswith("\n"):
            index, number = map(int, line.split())
            last[index] = max(last.get(index, 0), number)
    return last


def _wait_for_acks(ack: Path, count: int, procs, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ack.exists() and ack.read_text(encoding="utf-8").count("\n") >= count:
            return
        errors = [p for p in procs if p.poll() is not None]
        assert not errors, errors[0].communicate()[1]
        time.sleep(0.02)
    raise AssertionError("the editing processes did not start saving")


def kill_while_editing(tmp_path: Path, kills: int, seed: int = 0) -> int:
    """Runs `kills` rounds of three writers killed with SIGKILL at a random moment; after each
    round checks every acknowledged edit. Returns the number of acknowledged edits."""
    workspace = Workspace(tmp_path / "workspace.sqlite3")
    text = " ".join(f"Satz Nummer {n}." for n in range(6))
    doc_id = workspace.save_document(segment_text(text, "Kill")).id
    ack = tmp_path / "acks.txt"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    chance = random.Random(seed)
    for _ in range(kills):
        before = ack.read_text(encoding="utf-8").count("\n") if ack.exists() else 0
        procs = [
            subprocess.Popen(
                [sys.executable, str(CHILD), str(workspace.path), doc_id, str(ack)]
                + [str(i) for i in indexes],
                env=env,
                stderr=subprocess.PIPE,
                text=True,
            )
            for indexes in WRITERS
        ]
        _wait_for_acks(ack, before + len(WRITERS), procs)
        time.sleep(chance.uniform(0, 0.3))
        for proc in procs:
            proc.send_signal(signal.SIGKILL)
        for proc in procs:
            proc.communicate(timeout=30)
        _check(workspace, doc_id, _acknowledged(ack))
    return sum(_acknowledged(ack).values())


def _check(workspace: Workspace, doc_id: str, acked: dict[int, int]) -> None:
    with sqlite3.connect(workspace.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    document, _ = workspace.load(doc_id)
    for index, number in acked.items():
        stored = document.segments[index].target
        assert stored.startswith(f"W{index}-"), stored
        # the stored edit is the last acknowledged one, or one saved just before the kill
        assert int(stored.split("-")[1]) in (number, number + 1), (stored, number)
    assert set(acked) == {i for indexes in WRITERS for i in indexes}


def test_kill_9_during_concurrent_edits_loses_no_acknowledged_edit(tmp_path):
    assert kill_while_editing(tmp_path, kills=3) > 0


@pytest.mark.soak
def test_kill_9_during_concurrent_edits_soak(tmp_path):
    assert kill_while_editing(tmp_path, kills=60, seed=1) > 0
