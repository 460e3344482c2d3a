"""What the benchmarks share: an isolated Argos folder, the base-size echo package, the seed
article, and the one-line result format `make bench` collects into its table.

A benchmark script run with `--row` prints, as its last line, one JSON object: {"row": name,
"figure": text, "target": text, "pass": true/false}. Nothing here is imported by the workbench.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED_ARTICLE = HERE / "seed_article_de.txt"  # the 27-sentence article people try first
STARTER_GLOSSARY = ROOT / "glossaries" / "news-de-en.csv"


def isolate() -> Path:
    """argostranslate reads its folders once, at import: point them at a temporary folder
    (call before importing the workbench)."""
    root = Path(tempfile.mkdtemp(prefix="workbench-bench-"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(root / name.lower())
    os.environ["ARGOS_PACKAGES_DIR"] = str(root / "packages")
    os.environ["WORKBENCH_WORKSPACE"] = str(root / "workspace.sqlite3")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return root


def echo_base_model(root: Path):
    """The transformer-base-sized echo package, built and installed under `root`."""
    from workbench.models import install_model
    from workbench.testmodels import build_echo_package

    return install_model(build_echo_package(root / "echo-base.argosmodel", size="base"))


def seed_document(copies: int = 1):
    """The seed article segmented (27 segments). `copies` > 1 makes a long article of that many
    copies in which every segment is different ("Teil 2: ..."), so nothing is decoded once for
    two segments."""
    from workbench.segmenting import segment_text

    text = SEED_ARTICLE.read_text(encoding="utf-8").strip() + "\n"
    single = segment_text(text)
    parts = [text]
    for copy in range(2, copies + 1):
        parts.append(
            single.lead + "".join(f"Teil {copy}: {s.source}{s.gap}" for s in single.segments)
        )
    return segment_text("\n\n".join(parts))


def starter_glossaries():
    from workbench.glossary.reading import read_glossary

    return [read_glossary(STARTER_GLOSSARY)]


def best_of(repeat: int, run):
    """(result of the last run, fastest time in seconds)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return result, best


def print_row(name: str, figure: str, target: str, passed: bool | None) -> None:
    print(json.dumps({"row": name, "figure": figure, "target": target, "pass": passed}))


def wants_row() -> bool:
    return "--row" in sys.argv[1:]
