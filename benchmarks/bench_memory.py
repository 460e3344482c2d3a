"""Benchmark: the translation memory with 100,000 units (figures, not a test).

Writes a TMX file of N units (default 100,000: German news sentences built from halves of
the test corpus's sentences with a name, a place and a number, and an English line each;
`--templates` uses four templates that differ only in names, days, places and numbers, the
worst case for the prefilter: every sentence shares most of its words with thousands), imports it
into a fresh workspace (`workbench.memory.import_tmx_file`, the same code as `workbench tm
import`), and prints: the TMX size, the import time, the workspace size; the lookup of a
30-sentence article (10 sentences in the memory verbatim, 10 with one word changed, 10 new)
through `MemoryLookup.prefill` (exact, context and fuzzy matches: the work done before the
model); and the model calls for an article whose sentences are all in the memory, counted
on a tiny echo package built offline.
Run: `.venv/bin/python benchmarks/bench_memory.py [--units N]`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

NAMES = ["Stoltenberg", "Pistorius", "Scholz", "Baerbock", "Macron", "Selenskyj", "Rutte"]
PLACES = ["Brüssel", "Berlin", "Erbil", "Vilnius", "Kiew", "Paris", "Den Haag", "Bagdad"]


def sentence(rng: random.Random, corpus: list[str], number: int) -> str:
    """The start of one corpus sentence, the end of another, a name, a place and a number:
    news vocabulary in combinations that rarely repeat, like a newsroom's years of work."""
    first, second = rng.choice(corpus).split(), rng.choice(corpus).split()
    head = first[: max(3, len(first) // 2)]
    tail = second[len(second) // 2 :]
    extra = f"{rng.choice(NAMES)} nannte in {rng.choice(PLACES)} die Zahl {number}"
    return " ".join([*head, *tail]).rstrip(".") + f", {extra}."


def write_tmx(path: Path, sources: list[str]) -> None:
    from xml.sax.saxutils import escape

    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
            '<tmx version="1.4"><header srclang="de-DE" datatype="plaintext" segtype="sentence" '
            'adminlang="en" o-tmf="bench" creationtool="bench" creationtoolversion="1"/>\n<body>\n'
        )
        for number, source in enumerate(sources):
            out.write(
                f'<tu changedate="20240101T120000Z"><tuv xml:lang="de-DE"><seg>{escape(source)}'
                f'</seg></tuv><tuv xml:lang="en-GB"><seg>English sentence number {number}.</seg>'
                "</tuv></tu>\n"
            )
        out.write("</body></tmx>\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--templates", action="store_true", help="near-identical sentences")
    parser.add_argument("--row", action="store_true", help="JSON rows for benchmarks/bench_all.py")
    args = parser.parse_args()
    rows: list[dict] = []
    root = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(root / name.lower())
    os.environ["ARGOS_PACKAGES_DIR"] = str(root / "packages")
    os.environ["WORKBENCH_WORKSPACE"] = str(root / "workspace.sqlite3")

    from workbench.engine import Engine
    from workbench.memory import TranslationMemory, import_tmx_file
    from workbench.memory.lookup import MemoryLookup
    from workbench.memory.text import lemma
    from workbench.models import install_model
    from workbench.pipeline import translate_document
    from workbench.segmenting import segment_text
    from workbench.testmodels import build_echo_package, corpus_sentences
    from workbench.workspace import Workspace

    rng = random.Random(7)
    corpus = [s for s in corpus_sentences() if len(s.split()) >= 6 and not set(s) & set('"„“')]
    make = template_sentence if args.templates else sentence
    sources = [make(rng, corpus, n) for n in range(args.units)]
    tmx = root / "desk.tmx"
    write_tmx(tmx, sources)
    print(f"{args.units} units: TMX {tmx.stat().st_size / 1e6:.1f} MB")

    workspace = Workspace(root / "workspace.sqlite3")
    memory = TranslationMemory(workspace)
    started = time.perf_counter()
    report = import_tmx_file(memory, tmx, "desk")
    took = time.perf_counter() - started
    size = sum(p.stat().st_size for p in root.glob("workspace.sqlite3*"))
    print(
        f"  import: {took:.1f} s ({report.units} units, {report.skipped} skipped), "
        f"workspace file {size / 1e6:.1f} MB"
    )

    known = rng.sample(range(args.units), 20)
    exact = [sources[i] for i in known[:10]]
    changed = [_one_word_changed(sources[i]) for i in known[10:]]
    fresh = [make(random.Random(n), corpus, args.units + n) for n in range(10)]
    mixed = exact + changed + fresh
    rng.shuffle(mixed)
    lookup = MemoryLookup(memory)
    started = time.perf_counter()
    lemma("Bündnisses")  # simplemma's German dictionary: loaded once per process
    print(f"  simplemma's German dictionary loaded in {time.perf_counter() - started:.2f} s")
    for label, sentences in (
        ("30-sentence article, mixed", mixed),
        ("the same article again", mixed),
    ):
        document = segment_text(" ".join(sentences))
        started = time.perf_counter()
        filled = lookup.prefill(document)
        took = time.perf_counter() - started
        fuzzy = sum(1 for s in document.segments if s.index not in filled and s.tm)
        print(
            f"  lookup, {label}: {took:.3f} s for {len(document.segments)} segments "
            f"({len(filled)} filled from memory, {fuzzy} with a fuzzy match; target < 0.5 s)"
        )
        rows.append(
            {
                "row": f"Memory lookup ({args.units:,} units), {label}",
                "figure": f"{took:.2f} s, {len(filled)} exact, {fuzzy} fuzzy",
                "target": "< 0.5 s",
                "pass": took < 0.5,
            }
        )

    model = install_model(build_echo_package(root / "echo.argosmodel"))
    sent: list[str] = []

    class Counting(Engine):
        def translate(self, sources, **options):
            sent.extend(sources)
            return super().translate(sources, **options)

    remembered = segment_text(" ".join(sources[i] for i in rng.sample(range(args.units), 30)))
    started = time.perf_counter()
    translate_document(remembered, Counting(model), memory=lookup)
    took = time.perf_counter() - started
    from_memory = sum(1 for s in remembered.segments if s.origin.startswith("tm-"))
    print(
        f"  fully remembered article: {len(remembered.segments)} segments, {from_memory} from "
        f"memory, {len(sent)} model calls, {took:.3f} s"
    )
    rows.append(
        {
            "row": "Article all in the memory",
            "figure": f"{len(sent)} model calls, {took:.2f} s",
            "target": "0 model calls",
            "pass": not sent,
        }
    )
    if args.row:
        for row in rows:
            print(json.dumps(row))


DAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
TEMPLATES = [
    "{name} sagte am {day} in {place}, das Bündnis werde {n} weitere Soldaten schicken.",
    "Die Bundeswehr ist seit {year} mit {n} Ausbildern in {place} im Einsatz.",
    "Nach Angaben von {name} kostet der Einsatz in {place} bis zu {n} Millionen Euro.",
    "Am {day} trafen sich {name} und die Minister in {place} zu Gesprächen über {n} Projekte.",
]


def template_sentence(rng: random.Random, corpus: list[str], number: int) -> str:
    return rng.choice(TEMPLATES).format(
        name=rng.choice(NAMES),
        day=rng.choice(DAYS),
        place=rng.choice(PLACES),
        n=number,
        year=2000 + number % 25,
    )


def _one_word_changed(source: str) -> str:
    words = source.split()
    middle = len(words) // 2
    words[middle] = "Wort" if words[middle] != "Wort" else "Satz"
    return " ".join(words)


if __name__ == "__main__":
    main()
