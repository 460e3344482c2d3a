"""Term success: the share of glossary hits whose target term is present in the English.

Translates our own German test articles (benchmarks/article_de.txt and the articles given on
the command line) with the starter glossary (glossaries/news-de-en.csv) through the echo
package (copies German: every translated term needs the fallbacks) and the random-weight
package (babble: terms must end present or be flagged missing), and prints per package: hits,
term success, and how many hits needed each fallback (ok / chosen-from-alternatives /
repaired / forced / missing), plus time per article.
Run: `.venv/bin/python benchmarks/term_success.py [ARTICLE.txt ...]`.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent


def main(argv: list[str]) -> int:
    root = Path(tempfile.mkdtemp(prefix="workbench-terms-"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(root / name.lower())
    from workbench.document import HIT_STATUSES
    from workbench.engine import Engine
    from workbench.glossary.english import find_term_in_english
    from workbench.glossary.files import read_glossary
    from workbench.models import install_model
    from workbench.pipeline import Terminology, translate_document
    from workbench.segmenting import segment_text
    from workbench.testmodels import build_echo_package, build_random_package

    articles = [HERE / "article_de.txt", *map(Path, argv)]
    terminology = Terminology([read_glossary(HERE.parent / "glossaries" / "news-de-en.csv")])
    builders: dict[str, Callable[[Path], Path]] = {
        "echo": build_echo_package,
        "random": build_random_package,
    }
    for name, build in builders.items():
        os.environ["ARGOS_PACKAGES_DIR"] = str(root / name)
        engine = Engine(install_model(build(root / f"{name}.argosmodel")))
        statuses: Counter = Counter()
        present = total = 0
        started = time.perf_counter()
        for article in articles:
            document = segment_text(article.read_text(encoding="utf-8"), article.name)
            translate_document(document, engine, terminology)
            for segment in document.segments:
                for hit in segment.hits:
                    total += 1
                    statuses[hit.status] += 1
                    present += (
                        find_term_in_english(segment.target, terminology.term(hit)) is not None
                    )
        seconds = (time.perf_counter() - started) / len(articles)
        share = present / total if total else 0.0
        print(
            f"{name}: {total} hits, term success {share:.1%} ({present}/{total}), {seconds:.2f} s per article"
        )
        print("   " + ", ".join(f"{s}: {statuses[s]}" for s in HIT_STATUSES))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
