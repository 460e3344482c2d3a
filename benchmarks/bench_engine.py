"""Benchmark: the workbench engine against argostranslate's own translate() on one package.

Builds a transformer-base-sized echo package (6+6 layers, d_model 512, 32k vocabulary, int8:
the cost of a real Argos model, but its output is its input), installs it into a temporary
ARGOS_PACKAGES_DIR, and translates benchmarks/article_de.txt (about 30 sentences):
  (a) through the workbench engine (segmenting + batched translate_batch), and
  (b) through argostranslate.translate.translate() on the same package, with its sentence
      splitter replaced by ours so it runs offline (MiniSBD would download a model).
Same beam size (4). Prints both times, the ratio, and whether the outputs are identical.
Run: `make bench` or `.venv/bin/python benchmarks/bench_engine.py [--repeat N]`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent


def _isolate() -> Path:
    """argostranslate reads its folders once, at import: point them at a temporary folder."""
    root = Path(tempfile.mkdtemp(prefix="workbench-bench-"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(root / name.lower())
    os.environ["ARGOS_PACKAGES_DIR"] = str(root / "packages")
    return root


class _OurSentences:
    def split_sentences(self, text: str) -> list[str]:
        from workbench.segmenting import segment_text

        return [s.source for s in segment_text(text).segments]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best counts")
    parser.add_argument("--baseline", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--row", action="store_true", help="print one JSON line for make bench")
    args = parser.parse_args()
    if args.baseline:
        baseline(args.baseline)
        return 0
    root = _isolate()
    from workbench.engine import Engine
    from workbench.models import install_model
    from workbench.segmenting import segment_text
    from workbench.testmodels import build_echo_package

    started = time.perf_counter()
    package = build_echo_package(root / "echo-base.argosmodel", size="base")
    model = install_model(package)
    if not args.row:
        print(
            f"built and installed base-size echo package in {time.perf_counter() - started:.1f} s"
        )

    text = (HERE / "article_de.txt").read_text(encoding="utf-8")
    document = segment_text(text)
    sources = [s.source for s in document.segments]
    if not args.row:
        print(f"article: {len(sources)} segments, {len(text.split())} words")

    engine = Engine(model)
    engine.translate(["Aufwärmen."])  # load the model outside the timing

    def run():
        engine.forget()  # the engine keeps results: measure the decoding
        return engine.translate(sources, num_candidates=1)

    ours, ours_time = _best_of(args.repeat, run)

    # The baseline runs in a process of its own: CTranslate2 sets OpenMP's thread count per
    # process, so sharing one with our engine would change argostranslate's speed.
    measured = subprocess.run(
        [sys.executable, __file__, "--baseline", str(args.repeat)],
        env=os.environ,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    theirs_time, theirs = json.loads(measured.stdout)

    ours_words = " ".join(r.text for r in ours).split()
    theirs_words = theirs.split()
    if "--row" in sys.argv[1:]:
        same = ours_words == theirs_words
        print(
            json.dumps(
                {
                    "row": "Engine vs argostranslate, 32 segments",
                    "figure": f"{theirs_time / ours_time:.1f}x faster ({ours_time:.2f} / "
                    f"{theirs_time:.2f} s), identical: {same}",
                    "target": ">= 5x, identical output",
                    "pass": theirs_time / ours_time >= 5 and same,
                }
            )
        )
        return 0 if same else 1
    print(f"workbench engine:         {ours_time:6.2f} s")
    print(f"argostranslate.translate: {theirs_time:6.2f} s")
    print(f"ratio: workbench is {theirs_time / ours_time:.1f}x faster (target: at least 5x)")
    print(f"identical output: {ours_words == theirs_words}")
    print(f"echo copied every segment: {[r.text for r in ours] == sources}")
    return 0 if ours_words == theirs_words else 1


def baseline(repeat: int) -> None:
    """argostranslate's own translate() on the installed package; prints [seconds, text]."""
    import argostranslate.translate as argos

    text = (HERE / "article_de.txt").read_text(encoding="utf-8")
    translation = argos.get_translation_from_codes("de", "en")
    translation.underlying.sentencizer = _OurSentences()
    argos.translate("Aufwärmen.", "de", "en")

    def run():
        translation.cache = {}  # argostranslate caches paragraphs it has seen: measure the work
        return argos.translate(text, "de", "en")

    result, seconds = _best_of(repeat, run)
    print(json.dumps([seconds, result]))


def _best_of(repeat: int, run):
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return result, best


if __name__ == "__main__":
    sys.exit(main())
