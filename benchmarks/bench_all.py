"""`make bench`: every speed figure people wait on, in one table.

Runs each benchmark script in a process of its own (with `--row`, so it prints its result as
JSON lines) and prints one table: row, figure, target, PASS/FAIL. A script that is missing or
fails gives a row saying so; the others still run. Rows:
  engine vs argostranslate (bench_engine.py), glossary overhead (bench_glossary.py), first rows
  after Translate (bench_first_rows.py; and in the browser, bench_app.py), Add term
  (bench_add_term.py), many articles (bench_many_articles.py: one line, PASS/FAIL in it),
  eight concurrent sessions (bench_concurrent.py), edit saved and redrawn (bench_app.py),
  translation memory lookup and model calls (bench_memory.py), confirm-and-next in the
  editor on 27 and 300 segments (bench_editor.py).
Prints the total time at the end (target: under 10 minutes on 2 cores).
Run: `make bench` or `.venv/bin/python benchmarks/bench_all.py [--only NAME ...]`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TIMEOUT = 300  # seconds per script

SCRIPTS = [  # script, row title and target when the script gives none
    ("bench_engine.py", "Engine vs argostranslate", ">= 5x, identical output"),
    ("bench_glossary.py", "Starter glossary vs none", "<= 1.5x"),
    ("bench_first_rows.py", "First rows after Translate", "<= 3 s"),
    ("bench_add_term.py", "Add term, 270-segment article", "<= 2 s"),
    ("bench_many_articles.py", "Many articles in one call", ">= 1.5x one call per file"),
    ("bench_concurrent.py", "8 sessions at once", "<= 1.3x RSS, none fails"),
    ("bench_app.py", "Browser: first rows, edit-save", "<= 3 s, <= 1 s"),
    ("bench_memory.py", "Translation memory, 100,000 units", "< 0.5 s, 0 model calls"),
    ("bench_editor.py", "Editor: confirm and next", "<= 200 ms server"),
]


def run(script: str, title: str, target: str) -> list[dict]:
    path = HERE / script
    if not path.exists():
        return [{"row": title, "figure": "not measured", "target": target, "pass": None}]
    try:
        done = subprocess.run(
            [sys.executable, str(path), "--row"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
            cwd=HERE.parent,
        )
    except subprocess.TimeoutExpired:
        figure = f"no result in {TIMEOUT} s"
        return [{"row": title, "figure": figure, "target": target, "pass": False}]
    rows = []
    lines = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    for line in lines:
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if isinstance(row, dict) and "row" in row:
            rows.append(row)
    if rows:
        return rows
    if lines and done.returncode == 0:  # a script printing one plain line (PASS/FAIL in it)
        last = lines[-1]
        verdict = True if "PASS" in last else False if "FAIL" in last else None
        return [{"row": title, "figure": last, "target": target, "pass": verdict}]
    problem = (done.stderr.strip().splitlines() or ["no output"])[-1]
    return [{"row": title, "figure": f"failed: {problem[:80]}", "target": target, "pass": False}]


def table(rows: list[dict]) -> str:
    cells = [
        (
            r["row"],
            r["figure"],
            r.get("target", ""),
            "PASS" if r.get("pass") is True else "FAIL" if r.get("pass") is False else "-",
        )
        for r in rows
    ]
    header = ("row", "figure", "target", "result")
    lines = ["| " + " | ".join(header) + " |", "| --- | --- | --- | --- |"]
    lines += ["| " + " | ".join(c) + " |" for c in cells]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="script names to run (default: all)")
    args = parser.parse_args()
    started = time.perf_counter()
    rows: list[dict] = []
    for script, title, target in SCRIPTS:
        if args.only and script not in args.only:
            continue
        print(f"running {script}...", file=sys.stderr, flush=True)
        rows += run(script, title, target)
    print(table(rows), flush=True)
    print(f"\n{len(rows)} rows in {time.perf_counter() - started:.0f} s")
    return 0 if all(r.get("pass") is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
