"""Benchmark: 20 articles in one `workbench translate ... -o OUTDIR/` against one call per file.

Builds the transformer-base-sized echo package (the cost of a real Argos model; its English is
its German) in a temporary ARGOS_PACKAGES_DIR, writes 20 news articles made from
benchmarks/article_de.txt (paragraphs rotated and cut, numbers changed: 5 to 27 segments
each; 14 .txt, 3 .md, 3 .docx), then times, each as a user runs it in a fresh process:
  (a) `workbench translate ARTICLE -o OUT --quiet`, once per article, one after the other;
  (b) `workbench translate A B C ... -o OUTDIR/ --quiet`: one process, one model load,
      segments batched across articles.
Both write the same files (checked). The figure is the throughput ratio (a) / (b) in wall
time; target >= 1.5x. `--glossary` adds the starter glossary to both.
Prints one line: `many articles: X.Xx (target >= 1.5x) PASS|FAIL` (and the times before it).
`measure() -> (figure, passed)` is the same, for a table of all benchmarks.
Run: `.venv/bin/python benchmarks/bench_many_articles.py [--articles N] [--glossary]`.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent
TARGET = 1.5
STARTER = ROOT / "glossaries" / "news-de-en.csv"


def _isolated_env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[name] = str(root / name.lower())
    env["ARGOS_PACKAGES_DIR"] = str(root / "packages")
    env["WORKBENCH_WORKSPACE"] = str(root / "workspace.sqlite3")
    return env


def _workbench() -> list[str]:
    script = Path(sys.executable).with_name("workbench")
    return [str(script)] if script.exists() else [sys.executable, "-m", "workbench.cli"]


def _articles(folder: Path, count: int) -> list[Path]:
    """`count` articles of different lengths, from the benchmark article's paragraphs."""
    import docx

    paragraphs = [
        p.strip()
        for p in (HERE / "article_de.txt").read_text(encoding="utf-8").split("\n\n")
        if p.strip()
    ]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        rotated = paragraphs[n % len(paragraphs) :] + paragraphs[: n % len(paragraphs)]
        body = rotated[: 2 + n % (len(paragraphs) - 1)]
        body = [p.replace("500", str(500 + 10 * n)).replace("2014", str(2000 + n)) for p in body]
        text = "\n\n".join(body) + "\n"
        if n % 7 == 3:
            path = folder / f"artikel{n:02}.docx"
            document = docx.Document()
            for paragraph in body:
                document.add_paragraph(paragraph)
            out = io.BytesIO()
            document.save(out)
            path.write_bytes(out.getvalue())
        elif n % 7 == 5:
            path = folder / f"artikel{n:02}.md"
            path.write_text("# " + text, encoding="utf-8")
        else:
            path = folder / f"artikel{n:02}.txt"
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _run(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        args, check=False, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT
    )
    if done.returncode:
        raise SystemExit(f"{' '.join(args[:3])}... failed:\n{done.stderr.decode(errors='replace')}")
    return time.perf_counter() - started


def measure(articles: int = 20, glossary: bool = False, verbose: bool = True) -> tuple[float, bool]:
    with tempfile.TemporaryDirectory(prefix="workbench-bench-many-") as tmp:
        root = Path(tmp)
        env = _isolated_env(root)
        package = root / "echo-base.argosmodel"
        subprocess.run(
            [sys.executable, "-m", "workbench.testmodels", "echo", str(package), "--size", "base"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            cwd=ROOT,
        )
        subprocess.run(
            [*_workbench(), "models", "install", str(package)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            cwd=ROOT,
        )
        paths = _articles(root / "in", articles)
        extra = ["--glossary", str(STARTER)] if glossary else []
        one_by_one, together = root / "one", root / "together"
        one_by_one.mkdir()
        single = 0.0
        for path in paths:
            out = one_by_one / path.name
            single += _run(
                [*_workbench(), "translate", str(path), "-o", str(out), "--quiet", *extra], env
            )
        many = _run(
            [*_workbench(), "translate", *map(str, paths), "-o", f"{together}/", "--quiet", *extra],
            env,
        )
        same = all(
            (together / p.name).read_bytes() == (one_by_one / p.name).read_bytes()
            for p in paths
            if p.suffix != ".docx"  # Word files carry their creation time
        )
        segments = _count_segments(paths)
    figure = single / many
    passed = figure >= TARGET and same
    if verbose:
        print(
            f"{articles} articles, {segments} segments{' with the starter glossary' if glossary else ''}: "
            f"one process per file {single:.1f} s, one process for all {many:.1f} s; "
            f"same output: {same}"
        )
    return figure, passed


def _count_segments(paths: list[Path]) -> int:
    from workbench.documents import read_document

    return sum(len(read_document(p.read_bytes(), p.name).segments) for p in paths)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--glossary", action="store_true", help="with the starter glossary")
    parser.add_argument("--row", action="store_true", help="one line for bench_all.py")
    args = parser.parse_args()
    figure, passed = measure(args.articles, args.glossary)
    print(f"many articles: {figure:.1f}x (target >= {TARGET}x) {'PASS' if passed else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
