"""Benchmark: eight sessions translating at once on one server share one translator.

In a fresh process per case, like the app (one engine per model, `engine_for`; each session's
document translated by its background job, `jobs.start_translation`): one session translating
the seed article with the starter glossary, then eight sessions each translating a different
copy of it ("Teil 2: ..."), all started at the same moment. Prints, per case, the seconds until
every job is done, failures, and the peak resident memory of the process (ru_maxrss).
Target: none fails; peak RSS with eight <= 1.3x with one.
Run: `.venv/bin/python benchmarks/bench_concurrent.py [--row]`.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time

import common

SESSIONS = 8
TARGET_RATIO = 1.3


def measure(sessions: int) -> dict:
    root = common.isolate()
    from workbench import jobs, warming
    from workbench.editing import OpenDocument
    from workbench.engine import engine_for
    from workbench.pipeline import Terminology
    from workbench.workspace import Workspace

    engine = engine_for(common.echo_base_model(root))
    glossaries = common.starter_glossaries()
    compiled = Terminology(glossaries)
    workspace = Workspace(root / "workspace.sqlite3")
    warming.warm_up(engine).wait()  # the server has shown the Translate page before
    long = common.seed_document(copies=sessions)
    per = len(long.segments) // sessions
    documents = []
    for n in range(sessions):  # session n: the n-th copy, so no two sessions share a sentence
        document = common.seed_document()
        for segment, source in zip(document.segments, long.segments[n * per :], strict=False):
            segment.source = source.source
        documents.append(document)
    opened = [
        OpenDocument.create(workspace, d, {"glossaries": [glossaries[0].name]}, lambda _: compiled)
        for d in documents
    ]
    started = time.perf_counter()
    running = [
        jobs.start_translation(workspace, o.doc_id, engine, glossaries, lambda _: compiled)
        for o in opened
    ]
    for job in running:
        job.finished.wait()
    seconds = time.perf_counter() - started
    failed = [job.error for job in running if job.phase != jobs.DONE]
    translated = sum(job.done for job in running)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "failed": failed, "segments": translated, "peak_mb": peak_kb / 1024}


def in_fresh_process(sessions: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--measure", str(sessions)],
        env=os.environ,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    if "--measure" in sys.argv:
        print(json.dumps(measure(int(sys.argv[-1]))))
        return
    one, many = in_fresh_process(1), in_fresh_process(SESSIONS)
    ratio = many["peak_mb"] / one["peak_mb"]
    passed = ratio <= TARGET_RATIO and not many["failed"] and not one["failed"]
    if common.wants_row():
        common.print_row(
            f"{SESSIONS} sessions at once: peak RSS vs 1",
            f"{ratio:.2f}x ({many['peak_mb']:.0f} / {one['peak_mb']:.0f} MB), "
            f"{len(many['failed'])} failed",
            f"<= {TARGET_RATIO:g}x, none fails",
            passed,
        )
        return
    for name, figures in (("1 session", one), (f"{SESSIONS} sessions", many)):
        print(
            f"{name}: {figures['segments']} segments in {figures['seconds']:.1f} s, "
            f"peak RSS {figures['peak_mb']:.0f} MB, failed: {len(figures['failed'])}"
            + "".join(f"\n  {error}" for error in figures["failed"])
        )
    print(
        f"peak RSS ratio {ratio:.2f}x (target <= {TARGET_RATIO:g}x): {'PASS' if passed else 'FAIL'}"
    )


if __name__ == "__main__":
    main()
