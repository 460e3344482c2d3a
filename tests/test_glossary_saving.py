"""Saving a glossary under load and under faults: no save is lost, no file is half-written.

Concurrent saves of the same version race in separate processes (and threads) released by a
barrier: exactly one lands, the other gets GlossaryConflict, and the one that landed is in the
file. Saving processes are killed with SIGKILL at random moments: the glossary on disk is
always a whole version, and the next save cleans up and is not blocked. The long variants run
under `make soak`.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import random
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from workbench.glossary import files
from workbench.glossary.files import (
    BACKUP_FOLDER,
    GlossaryBusy,
    GlossaryConflict,
    glossary_lock,
    glossary_to_csv_bytes,
    read_glossary,
    save_glossary,
)
from workbench.glossary.model import Glossary, Term

FORK = multiprocessing.get_context("fork")
BASE_ROWS = 300


def base_glossary(rows: int = BASE_ROWS, tag: str = "") -> Glossary:
    terms = [Term(f"Wort{tag}{i}", f"word {tag}{i}", f"note {i}") for i in range(rows)]
    return Glossary("g", terms=terms)


def _new_term(worker: int, round_: int) -> Term:
    return Term(f"Begriff{worker}x{round_}", f"term {worker} {round_}")


def _saver(worker: int, folder: str, rounds: int, barrier, results) -> None:
    """Each round: read the round's glossary, wait for the other saver, add a term, save."""
    for round_ in range(rounds):
        glossary = read_glossary(Path(folder) / f"g{round_}.csv")
        glossary.terms.append(_new_term(worker, round_))
        barrier.wait()
        try:
            save_glossary(glossary)
            results.put((round_, worker, "saved"))
        except GlossaryConflict:
            results.put((round_, worker, "refused"))


def run_save_pairs(folder: Path, rounds: int, kind: str) -> dict[int, dict[int, str]]:
    data = glossary_to_csv_bytes(base_glossary())
    for round_ in range(rounds):
        (folder / f"g{round_}.csv").write_bytes(data)
    barrier: Any
    results: Any
    workers: list[Any]
    if kind == "processes":
        barrier, results = FORK.Barrier(2, timeout=60), FORK.Queue()
        workers = [
            FORK.Process(target=_saver, args=(w, str(folder), rounds, barrier, results))
            for w in (0, 1)
        ]
    else:
        barrier, results = threading.Barrier(2, timeout=60), queue.Queue()
        workers = [
            threading.Thread(target=_saver, args=(w, str(folder), rounds, barrier, results))
            for w in (0, 1)
        ]
    for worker in workers:
        worker.start()
    outcomes: dict[int, dict[int, str]] = {}
    for _ in range(2 * rounds):
        round_, w, outcome = results.get(timeout=120)
        outcomes.setdefault(round_, {})[w] = outcome
    for worker in workers:
        worker.join(timeout=60)
    return outcomes


def check_no_save_lost(folder: Path, outcomes: dict[int, dict[int, str]], rounds: int) -> None:
    assert sorted(outcomes) == list(range(rounds))
    for round_, by_worker in outcomes.items():
        # both read the same version: one save lands, the other is refused
        assert sorted(by_worker.values()) == ["refused", "saved"], (round_, by_worker)
        final = read_glossary(folder / f"g{round_}.csv")
        sources = {t.source for t in final.terms}
        for w, outcome in by_worker.items():
            assert (_new_term(w, round_).source in sources) == (outcome == "saved"), round_
        assert len(final.terms) == BASE_ROWS + 1 and not final.problems


@pytest.mark.parametrize("kind", ["processes", "threads"])
def test_concurrent_saves_of_one_version_never_lose_a_term(tmp_path, kind):
    outcomes = run_save_pairs(tmp_path, 20, kind)
    check_no_save_lost(tmp_path, outcomes, 20)


@pytest.mark.soak
@pytest.mark.parametrize("kind", ["processes", "threads"])
def test_concurrent_saves_soak(tmp_path, kind):
    outcomes = run_save_pairs(tmp_path, 200, kind)
    check_no_save_lost(tmp_path, outcomes, 200)


# ---------------------------------------------------------------- kill -9 during a save

VERSIONS = [base_glossary(2_000, "a"), base_glossary(3_000, "b")]


def _keep_saving(path: str, ready) -> None:
    """Save two versions in turn until killed; fsync is slowed a little so that most kills
    land inside a save rather than between two. `ready` is set once a save is writing (its
    first fsync), so a kill soon after lands in or near a save also on a busy machine."""
    real_fsync = os.fsync

    def slow_fsync(descriptor: Any) -> None:
        ready.set()
        time.sleep(0.01)
        real_fsync(descriptor)

    os.fsync = slow_fsync  # type: ignore[assignment]  # in the forked saver only
    glossary = read_glossary(path)
    for turn in range(1_000_000):
        glossary.terms = VERSIONS[turn % 2].terms
        save_glossary(glossary)


def temp_files(folder: Path) -> list[Path]:
    return [*folder.glob(".*.tmp"), *(folder / BACKUP_FOLDER).glob(".*.tmp")]


def kill_during_saves(folder: Path, kills: int, monkeypatch) -> int:
    """Kill a saving process `kills` times, and more (up to 5 times as many) until a tenth of
    the kills interrupted a save; return how many did."""
    path = folder / "g.csv"
    initial = glossary_to_csv_bytes(base_glossary())
    path.write_bytes(initial)
    whole = {initial, *(glossary_to_csv_bytes(v) for v in VERSIONS)}
    rng = random.Random(kills)
    interrupted = done = 0
    while done < kills or (interrupted < kills // 10 + 1 and done < 5 * kills):
        done += 1
        ready = FORK.Event()
        saver = FORK.Process(target=_keep_saving, args=(str(path), ready))
        saver.start()
        assert ready.wait(60), "the saving process did not start"
        time.sleep(rng.uniform(0, 0.03))
        assert saver.pid is not None
        os.kill(saver.pid, signal.SIGKILL)
        saver.join()
        interrupted += bool(temp_files(folder))
        assert path.read_bytes() in whole  # the old version or the new one, never half
        for backup in (folder / BACKUP_FOLDER).glob("g.csv.*"):
            assert backup.read_bytes() in whole
    monkeypatch.setattr(files, "LOCK_TIMEOUT", 5.0)  # a lock left held would fail fast
    glossary = read_glossary(path)
    assert not glossary.problems
    glossary.terms.append(Term("Kalifat", "caliphate"))
    save_glossary(glossary)
    assert not temp_files(folder)  # the next save removed what the killed ones left
    assert "Kalifat" in {t.source for t in read_glossary(path).terms}
    return interrupted


def test_kill_during_save_never_leaves_a_half_written_glossary(tmp_path, monkeypatch):
    interrupted = kill_during_saves(tmp_path, 12, monkeypatch)
    assert interrupted >= 2  # the kills really hit saves in progress


@pytest.mark.soak
def test_kill_during_save_soak(tmp_path, monkeypatch):
    interrupted = kill_during_saves(tmp_path, 200, monkeypatch)
    assert interrupted >= 20


# ---------------------------------------------------------------- the lock itself


def test_stale_temp_files_of_a_killed_save_are_removed_by_the_next_save(tmp_path):
    glossary = base_glossary(3)
    save_glossary(glossary, tmp_path / "g.csv")
    (tmp_path / BACKUP_FOLDER).mkdir(exist_ok=True)
    stale = [tmp_path / ".g.csv.x1y2z3.tmp", tmp_path / BACKUP_FOLDER / ".g.csv.a1b2c3.tmp"]
    other = tmp_path / ".other.csv.q1w2e3.tmp"  # another glossary's save may be running
    for path in (*stale, other):
        path.write_bytes(b"half a glo")
    glossary.terms.append(Term("Kalifat", "caliphate"))
    save_glossary(glossary)
    assert not any(p.exists() for p in stale) and other.exists()


def test_a_save_waits_for_the_lock_and_then_sees_the_conflict(tmp_path):
    path = tmp_path / "g.csv"
    save_glossary(base_glossary(3), path)
    mine, theirs = read_glossary(path), read_glossary(path)
    outcome: list[str] = []

    def save_mine() -> None:
        try:
            save_glossary(mine)
            outcome.append("saved")
        except GlossaryConflict:
            outcome.append("refused")

    with glossary_lock(path):
        waiting = threading.Thread(target=save_mine)
        waiting.start()
        waiting.join(0.3)
        assert waiting.is_alive()  # it waits for the lock instead of checking now
        theirs.terms.append(Term("Kalifat", "caliphate"))
        save_glossary(theirs)  # re-entrant: the holder of the lock can save
    waiting.join(10)
    assert outcome == ["refused"]
    assert "Kalifat" in {t.source for t in read_glossary(path).terms}


def _hold_lock(path: str, held, release) -> None:
    with glossary_lock(path):
        held.set()
        release.wait(60)


def test_a_save_blocked_too_long_is_refused_as_busy(tmp_path, monkeypatch):
    path = tmp_path / "g.csv"
    glossary = base_glossary(3)
    save_glossary(glossary, path)
    held, release = FORK.Event(), FORK.Event()
    holder = FORK.Process(target=_hold_lock, args=(str(path), held, release))
    holder.start()
    try:
        assert held.wait(30)
        monkeypatch.setattr(files, "LOCK_TIMEOUT", 0.2)
        glossary.terms.append(Term("Kalifat", "caliphate"))
        with pytest.raises(GlossaryBusy, match=r"g\.csv is being saved by someone else"):
            save_glossary(glossary)
    finally:
        release.set()
        holder.join(30)
    save_glossary(glossary)  # the lock is free again
    assert "Kalifat" in {t.source for t in read_glossary(path).terms}
