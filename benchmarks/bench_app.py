"""App speed in a real browser (figures, not a test): the base-size echo model, a 30-sentence
article (benchmarks/article_de.txt), the starter glossaries.

Prints: seconds from clicking Translate to the editor shown, and seconds for one segment edit
to be saved and its row drawn again (median of a few edits). Uses the browser tests' helper
(tests/browser/conftest.py) to start `streamlit run` and Debian Chromium.

    .venv/bin/python benchmarks/bench_app.py
"""

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "browser")]

import conftest as harness  # noqa: E402  (tests/browser/conftest.py)
from playwright.sync_api import sync_playwright  # noqa: E402
from test_smoke import edit_segment  # noqa: E402

from workbench.testmodels import build_echo_package  # noqa: E402


def main() -> None:
    article = (ROOT / "benchmarks" / "article_de.txt").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        folders = {
            "packages": tmp / "packages",
            "glossaries": tmp / "glossaries",
            "workspace": tmp / "workspace.sqlite3",
            "tmp": tmp,
        }
        started = time.perf_counter()
        harness.install_echo(
            folders["packages"], build_echo_package(tmp / "echo-base.argosmodel", size="base")
        )
        print(
            f"built and installed the base-size echo package in {time.perf_counter() - started:.1f}s"
        )
        shutil.copytree(ROOT / "glossaries", folders["glossaries"])
        server = harness.run_server(folders)
        url, _ = next(server)
        try:
            measure(url, article)
        finally:
            server.close()


def measure(url: str, article: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=harness.CHROMIUM, headless=True, args=harness.CHROMIUM_FLAGS
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(120_000)
        page.goto(url)
        harness.wait_for_app(page)
        page.get_by_label("German text").fill(article)
        start = time.perf_counter()
        page.get_by_role("button", name="Translate", exact=True).click()
        page.get_by_label("English, segment 1", exact=True).wait_for()
        harness.wait_for_app(page)
        translate = time.perf_counter() - start
        segments = page.get_by_text("segments edited or confirmed").inner_text()
        edits = [edit_segment(page, n, f"Edited segment {n}.") for n in (2, 3, 4, 5, 6)]
        print(f"article: {segments}")
        print(f"click Translate -> editor shown: {translate:.2f}s")
        print(
            f"one segment edit saved and redrawn: median {statistics.median(edits):.2f}s "
            f"(min {min(edits):.2f}s, max {max(edits):.2f}s)"
        )
        browser.close()


if __name__ == "__main__":
    main()
