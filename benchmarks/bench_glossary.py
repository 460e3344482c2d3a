"""Benchmark: what the glossary costs on top of plain translation.

The seed article (27 segments) with the base-size echo package, whose copies of the German
need most glossary terms repaired or forced: the worst case. Times, best of three, each with
nothing kept from an earlier run (`Engine.forget`): `translate_document` without glossary (no
attention requested) and with the starter glossary (finding hits, attention, batched repairs,
forcing, agreement, flags). Also prints the CPU seconds of both (the machine may be shared) and
how the hits were honoured. Target: with glossary <= 1.5x without.
Run: `.venv/bin/python benchmarks/bench_glossary.py [--row]`.
"""

from __future__ import annotations

import time
from collections import Counter

import common

TARGET_RATIO = 1.5
REPEAT = 3


def main() -> None:
    root = common.isolate()
    from workbench import warming
    from workbench.engine import Engine
    from workbench.pipeline import Terminology, translate_document

    engine = Engine(common.echo_base_model(root))
    terminology = Terminology(common.starter_glossaries())
    warming.load_word_tables()
    engine.translate(["Aufwärmen."])

    def run(glossary):
        engine.forget()
        document = common.seed_document()
        cpu = time.process_time()
        translate_document(document, engine, glossary)
        return document, time.process_time() - cpu

    plain_wall = with_wall = float("inf")
    plain_cpu = with_cpu = float("inf")
    document = common.seed_document()
    for _ in range(REPEAT):  # alternate, so a busy moment on the machine hits both
        started = time.perf_counter()
        _, cpu = run(())
        plain_wall, plain_cpu = min(plain_wall, time.perf_counter() - started), min(plain_cpu, cpu)
        started = time.perf_counter()
        document, cpu = run(terminology)
        with_wall, with_cpu = min(with_wall, time.perf_counter() - started), min(with_cpu, cpu)
    ratio = with_wall / plain_wall
    assert document is not None
    statuses = Counter(h.status for s in document.segments for h in s.hits)
    if common.wants_row():
        common.print_row(
            "Starter glossary vs none, seed article",
            f"{ratio:.2f}x ({with_wall:.2f} / {plain_wall:.2f} s; CPU {with_cpu / plain_cpu:.2f}x)",
            f"<= {TARGET_RATIO:g}x",
            ratio <= TARGET_RATIO,
        )
        return
    print(f"no glossary:       {plain_wall:.2f} s (CPU {plain_cpu:.2f} s)")
    print(f"starter glossary:  {with_wall:.2f} s (CPU {with_cpu:.2f} s)")
    print(f"hits: {dict(statuses)}")
    verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"
    print(
        f"ratio {ratio:.2f}x (CPU {with_cpu / plain_cpu:.2f}x), target <= {TARGET_RATIO:g}x: {verdict}"
    )


if __name__ == "__main__":
    main()
