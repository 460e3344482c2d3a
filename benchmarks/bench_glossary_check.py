"""Benchmark: checking a 100,000-row glossary (`workbench glossary check`).

Generates the glossary with benchmarks/make_large_glossary.py (closed compounds such as
"Sicherheitsratsbeschluss" whose bases are terms too, so the prefix-clash check has real work),
then prints:
  - parse time of `read_glossary` (best of --repeat runs, in this process),
  - wall time of the whole command `workbench glossary check FILE` in a fresh process (output
    thrown away), which is what a user waits for,
  - the number of terms and problems found,
  - `add_term` on that file: a new source (appended) and an inflected spelling of an existing
    one (found, nothing written), each in this process after the first check.
Run: `.venv/bin/python benchmarks/bench_glossary_check.py [--rows N] [--repeat N]`.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from workbench.glossary.adding import add_term  # noqa: E402
from workbench.glossary.files import read_glossary  # noqa: E402
from workbench.glossary.model import Term  # noqa: E402


def _generator():
    spec = importlib.util.spec_from_file_location(
        "make_large_glossary", HERE / "make_large_glossary.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.csv"
        path.write_bytes(_generator().large_glossary_csv(args.rows))
        print(f"glossary: {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB")
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            glossary = read_glossary(path)
            best = min(best, time.perf_counter() - start)
        print(f"read_glossary: {best:.2f} s (best of {args.repeat})")
        print(f"  {len(glossary.terms):,} terms, {len(glossary.problems):,} problems")
        command = [str(Path(sys.executable).parent / "workbench"), "glossary", "check", str(path)]
        start = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, check=False)
        print(
            f"workbench glossary check: {time.perf_counter() - start:.2f} s wall (exit {done.returncode})"
        )
        for label, term in (
            ("new source", Term("Kurdenmiliz", "Kurdish militia")),
            ("inflected existing source", Term("Sicherheitsrates", "security council")),
        ):
            start = time.perf_counter()
            result = add_term(path, term)
            seconds = time.perf_counter() - start
            outcome = "appended" if result.existing is None else f"found {result.existing.source}"
            print(f"add_term, {label}: {seconds:.2f} s ({outcome})")


if __name__ == "__main__":
    main()
