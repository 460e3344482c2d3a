"""Real-browser smoke test: the core flow of a translator, end to end, in Chromium.

paste -> translate (echo model) -> glossary term highlighted and repaired -> edit -> reload:
edit still there -> download .txt holds the edit -> glossary page: add a row, save, on disk.
Timings are printed (not asserted); see benchmarks/bench_app.py for the base-size model.
"""

import re
import time
from pathlib import Path

import pytest
from conftest import wait_for_app
from playwright.sync_api import expect

from workbench.documents import EXPORT_FORMATS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ARTICLE = (
    "Terrormiliz greift Dörfer an\n\n"
    "Die Terrormiliz griff am Montag mehrere Dörfer im Norden an. "
    "Das Kabinett beriet am Abend über die Lage.\n\n"
    "Die Bundeswehr bildet weiter Soldaten aus.\n"
)
EDIT = "The cabinet met in the evening to discuss the situation."


def translate(page, url: str) -> float:
    page.goto(url)
    wait_for_app(page)
    page.get_by_label("German text").fill(ARTICLE)
    start = time.perf_counter()
    page.get_by_role("button", name="Translate", exact=True).click()
    page.locator("mark.wb-hit[title^='Terrormiliz']").first.wait_for()
    page.get_by_label("English, segment 4").wait_for()
    return time.perf_counter() - start


def edit_segment(page, number: int, text: str) -> float:
    """Type into a segment and leave it; seconds until the row is saved and drawn again."""
    area = page.get_by_label(f"English, segment {number}")
    area.fill(text)
    start = time.perf_counter()
    area.press("Tab")  # leaving the box saves it at once
    row = page.locator(f'[data-testid="wb-row"][data-index="{number - 1}"]')
    expect(row).to_have_attribute("data-status", "edited")
    seconds = time.perf_counter() - start
    wait_for_app(page)
    return seconds


def add_glossary_row(page, source: str, target: str) -> None:
    """Add a row in st.data_editor (drawn on a canvas): Add row, double-click, type, Tab."""
    grid = page.locator('.st-key-glossary-table [data-testid="stDataFrame"]')
    expect(grid).to_be_visible(timeout=60_000)  # drawn once the page's run has finished
    grid.scroll_into_view_if_needed()
    grid.hover()
    page.get_by_role("button", name="Add row").click()
    box = grid.bounding_box()
    page.mouse.dblclick(box["x"] + 100, box["y"] + box["height"] - 16)
    page.locator(".gdg-input").fill(source)
    page.keyboard.press("Tab")
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    page.locator(".gdg-input").fill(target)
    page.keyboard.press("Enter")
    wait_for_app(page)


def test_translate_edit_reload_download_and_glossary(server, page):
    url, folders = server
    seconds = translate(page, url)
    assert "doc=" in page.url
    expect(page.get_by_label("English, segment 2")).to_have_value(
        "Die terrorist militia griff am Montag mehrere Dörfer im Norden an."
    )
    page.get_by_label("English, segment 2").focus()  # the active row lists its terms
    expect(page.locator(".wb-term", has_text="terrorist militia").first).to_be_visible()

    edit_seconds = edit_segment(page, 3, EDIT)
    expect(page.get_by_text(re.compile(r"\b1 edited\b"))).to_be_visible()
    page.screenshot(path=str(folders["tmp"] / "editor.png"), full_page=True)
    print(
        f"\nbrowser (tiny echo): translate {seconds:.2f}s, save + redraw one edit "
        f"{edit_seconds:.2f}s, screenshot {folders['tmp'] / 'editor.png'}"
    )

    page.reload()
    wait_for_app(page)
    expect(page.get_by_label("English, segment 3")).to_have_value(EDIT)
    expect(page.get_by_text(re.compile(r"\b1 edited\b"))).to_be_visible()

    page.get_by_role("button", name="Download").click()
    with page.expect_download() as download:
        page.get_by_role("button", name=EXPORT_FORMATS["txt"][0]).click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert EDIT in text and "terrorist militia" in text

    page.goto(url + "/glossaries")
    wait_for_app(page)
    add_glossary_row(page, "Lagebesprechung", "situation briefing")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text(re.compile(r"Saved \d+ terms to news-de-en.csv"))).to_be_visible()
    saved = (folders["glossaries"] / "news-de-en.csv").read_text(encoding="utf-8-sig")
    assert "Lagebesprechung,situation briefing" in saved
