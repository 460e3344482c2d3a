"""Benchmark: how many formatting tags land on the right English words (echo package).

Builds an echo package (its English is its German and its attention the identity, so the right
place of every tag is known), makes an HTML article from benchmarks/article_de.txt with
formatting on random word spans of every sentence (bold, italic, links, a few images: fixed
seed), imports it, translates it and reports:
  - placement rate: tags whose English span covers exactly the words the German tag covered
    (not put at the end), of all tags; tags left unplaced (flagged "tag-unplaced");
  - the cost of placement: translation time of the article with tags (attention returned,
    tags placed) and of the same text without tags, and the time spent placing tags;
  - that the .html written from the original has the same number of each element.
Run: `.venv/bin/python benchmarks/tag_placement.py [--size tiny|base] [--repeat N]`.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent


def _isolate() -> Path:
    root = Path(tempfile.mkdtemp(prefix="workbench-bench-"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(root / name.lower())
    os.environ["ARGOS_PACKAGES_DIR"] = str(root / "packages")
    return root


def _tagged_sentence(sentence: str, rng: random.Random) -> str:
    from html import escape

    words = sentence.split()
    out = [escape(w, quote=False) for w in words]
    for _ in range(rng.randint(1, 3)):
        start = rng.randrange(len(words))
        end = min(len(words), start + rng.randint(1, 3))
        if any(("<" in w) for w in out[start:end]):
            continue
        kind = rng.choice(["strong", "em", "a", "img"])
        if kind == "img":
            out[start] = '<img src="/b.jpg" alt="">' + out[start]
        elif kind == "a":
            out[start] = f'<a href="/t/{start}">' + out[start]
            out[end - 1] += "</a>"
        else:
            out[start] = f"<{kind}>" + out[start]
            out[end - 1] += f"</{kind}>"
    return " ".join(out)


def _page(sentences: list[str], rng: random.Random) -> str:
    body = "\n".join(f"<p>{_tagged_sentence(s, rng)}</p>" for s in sentences)
    return f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"></head><body>\n{body}\n</body></html>'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="tiny", choices=["tiny", "base"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    root = _isolate()
    from workbench import pipeline
    from workbench.documents import export_document, read_document
    from workbench.engine import Engine
    from workbench.models import install_model
    from workbench.segmenting import segment_text
    from workbench.tags import UNPLACED, current_target_tags
    from workbench.testmodels import build_echo_package

    model = install_model(build_echo_package(root / "echo.argosmodel", size=args.size))
    engine = Engine(model)
    article = (HERE / "article_de.txt").read_text(encoding="utf-8")
    sentences = [s.source for s in segment_text(article).segments if len(s.source.split()) > 2]
    page = _page(sentences, random.Random(args.seed)).encode("utf-8")

    def tagged_run():
        document = read_document(page, "artikel.html")
        started = time.perf_counter()
        pipeline.translate_document(document, engine)
        return document, time.perf_counter() - started

    def plain_run():
        document = read_document(page, "artikel.html")
        for segment in document.segments:
            segment.source_tags = []
        started = time.perf_counter()
        pipeline.translate_document(document, engine)
        return time.perf_counter() - started

    from workbench import tags

    spent = [0.0]
    carry = tags.carry

    def timed_carry(*args, **kwargs):
        started = time.perf_counter()
        carry(*args, **kwargs)
        spent[0] += time.perf_counter() - started

    tags.carry = timed_carry
    tagged_run()  # load the model once
    tagged_times, plain_times = [], []
    document = None
    for _ in range(args.repeat):  # interleaved, so both see the same load on a shared machine
        document, took = tagged_run()
        tagged_times.append(took)
        plain_times.append(plain_run())
    assert document is not None
    best_tagged, best_plain = min(tagged_times), min(plain_times)
    runs = args.repeat + 1

    total = placed = unplaced = 0
    for segment in document.segments:
        english = {t.id: t for t in current_target_tags(segment)}
        for tag in segment.source_tags:
            total += 1
            target = english.get(tag.id)
            if target is None:
                continue
            if target.state == UNPLACED:
                unplaced += 1
            elif segment.target[target.start : target.end] == segment.source[tag.start : tag.end]:
                placed += 1
    out = export_document(document, "html", ("artikel.html", page)).decode("utf-8")

    def elements(html: str) -> Counter:
        return Counter(re.findall(r"<(strong|em|a|img)\b", html))

    print(f"echo package ({args.size}); {len(document.segments)} segments, {total} tags")
    print(
        f"placement rate: {placed}/{total} = {100 * placed / max(total, 1):.1f} % on the aligned words"
    )
    print(f"unplaced (kept at the sentence end, flagged): {unplaced}")
    print(
        f"translation time, best of {args.repeat}: with tags {best_tagged:.3f} s, "
        f"without tags {best_plain:.3f} s ({best_tagged / max(best_plain, 1e-9):.2f}x)"
    )
    print(
        f"tag placement itself (tags.carry): {1000 * spent[0] / runs:.1f} ms per article "
        f"({1000 * spent[0] / runs / max(len(document.segments), 1):.2f} ms per segment)"
    )
    same = elements(out) == elements(page.decode("utf-8"))
    print(f".html out has the same elements as the input: {same} {dict(elements(out))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
