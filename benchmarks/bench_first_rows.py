"""Benchmark: seconds from clicking Translate to the first translated rows, in a fresh process.

What the app does, without the browser: the Translate page starts the warm-up when it shows a
model (workbench.warming); the person pastes the article; the click stores the document
(`OpenDocument.create`) and starts the background job (`jobs.start_translation`), whose first
batch (3 segments) is written through the workspace. Measured: click -> first batch stored,
plus the editor's polling interval (the rows are on screen at the next poll at the latest),
for the seed article (27 segments), the starter glossary and the base-size echo package.
Also shown: the same without warm-up (the click comes first), and click -> everything done.
Target: first rows <= 3 s. Run: `.venv/bin/python benchmarks/bench_first_rows.py [--row]`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import common

TARGET_SECONDS = 3.0


def measure(warm: bool) -> dict:
    root = common.isolate()
    from workbench import jobs, warming
    from workbench.app.components.editor import POLL_SECONDS
    from workbench.editing import OpenDocument
    from workbench.engine import Engine
    from workbench.pipeline import Terminology
    from workbench.workspace import Workspace

    model = common.echo_base_model(root)
    engine = Engine(model)
    glossaries = common.starter_glossaries()
    workspace = Workspace(root / "workspace.sqlite3")
    warm_seconds = 0.0
    if warm:
        started = time.perf_counter()
        warming.warm_up(engine).wait()  # the page is shown; the person pastes meanwhile
        warm_seconds = time.perf_counter() - started
    compiled: dict = {}

    def loader(names):  # the app compiles each glossary version once (state.terminology)
        return compiled.setdefault("t", Terminology(glossaries))

    clicked = time.perf_counter()
    opened = OpenDocument.create(
        workspace, common.seed_document(), {"glossaries": [glossaries[0].name]}, loader
    )
    job = jobs.start_translation(workspace, opened.doc_id, engine, glossaries, loader)
    phases = set()
    while job.done == 0 and job.running:
        phases.add(job.phase)
        time.sleep(0.005)
    first = time.perf_counter() - clicked
    job.finished.wait()
    return {
        "warm_up": warm_seconds,
        "first_stored": first,
        "first_rows": first + POLL_SECONDS,
        "all_done": time.perf_counter() - clicked,
        "phases": sorted(phases),
        "error": job.error,
    }


def in_fresh_process(warm: bool) -> dict:
    """Each measurement in a process of its own: nothing loaded before."""
    out = subprocess.run(
        [sys.executable, __file__, "--measure", "warm" if warm else "cold"],
        env=os.environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # Streamlit's "no runtime" notice from the editor module
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    if "--measure" in sys.argv:
        print(json.dumps(measure(sys.argv[-1] == "warm")))
        return
    warm, cold = in_fresh_process(True), in_fresh_process(False)
    passed = warm["first_rows"] <= TARGET_SECONDS and not warm["error"]
    if common.wants_row():
        common.print_row(
            "First rows after Translate, 27 segments",
            f"{warm['first_rows']:.2f} s (no warm-up: {cold['first_rows']:.2f} s)",
            f"<= {TARGET_SECONDS:g} s",
            passed,
        )
        return
    for name, figures in (("warmed at page view", warm), ("no warm-up", cold)):
        print(
            f"{name}: warm-up {figures['warm_up']:.2f} s; click -> first batch stored "
            f"{figures['first_stored']:.2f} s, on screen by {figures['first_rows']:.2f} s; "
            f"all done {figures['all_done']:.2f} s; phases seen {figures['phases']}"
            + (f"; ERROR {figures['error']}" if figures["error"] else "")
        )
    print(f"target: first rows <= {TARGET_SECONDS:g} s: {'PASS' if passed else 'FAIL'}")


if __name__ == "__main__":
    main()
