"""The editor in Chromium, as a translator works in it: keyboard only, dense, findable, safe.

Each test drives the real grid (keys pressed, results read from the page and from the
workspace file the server writes). Screenshots land in the test's temporary folder.
"""

from __future__ import annotations

import csv
import io
import itertools
import time
from pathlib import Path

import openpyxl
import pytest
from conftest import wait_for_app
from lxml import etree
from playwright.sync_api import expect

from workbench.documents import EXPORT_FORMATS
from workbench.editing import OpenDocument
from workbench.engine import Engine
from workbench.glossary.files import read_glossary
from workbench.models import find_model
from workbench.pipeline import translate_document
from workbench.segmenting import segment_text
from workbench.workspace import Workspace

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
ARTICLE = (Path(__file__).parent / "article27.txt").read_text(encoding="utf-8")
ROW = '[data-testid="wb-row"]'


def store_document(folders, text: str, name: str, monkeypatch) -> str:
    """A translated document put straight into the server's workspace; returns its id."""
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folders["packages"]))
    model = find_model("de", "en")
    assert model is not None
    glossary = read_glossary(folders["glossaries"] / "news-de-en.csv")
    document = translate_document(segment_text(text, name), Engine(model), [glossary])
    meta = {"glossaries": ["news-de-en.csv"], "model": model.name}
    return OpenDocument.create(Workspace(folders["workspace"]), document, meta).doc_id


def stored(folders, doc_id: str):
    return Workspace(folders["workspace"]).load(doc_id)[0]


def box(page, number: int):
    return page.get_by_label(f"English, segment {number}", exact=True)


def row(page, index: int):
    return page.locator(f'{ROW}[data-index="{index}"]')


def settled(page, folders, doc_id: str, check, seconds: float = 20.0):
    """Wait until the stored document passes `check` (the grid saves in the background)."""
    deadline = time.monotonic() + seconds
    while True:
        document = stored(folders, doc_id)
        if check(document) or time.monotonic() > deadline:
            return document
        page.wait_for_timeout(200)


def translate_by_keyboard(page, url: str) -> str:
    page.goto(url)
    wait_for_app(page)
    text = page.get_by_label("German text")
    text.focus()
    text.fill(ARTICLE)
    page.get_by_role("button", name="Translate", exact=True).focus()
    page.keyboard.press("Enter")
    box(page, 27).wait_for(timeout=60_000)
    wait_for_app(page)
    return page.url.split("doc=")[1].split("&")[0]


def test_a_whole_article_confirmed_with_the_keyboard_only(server, page):
    url, folders = server
    doc_id = translate_by_keyboard(page, url)
    box(page, 1).focus()
    typed = [f"English sentence number {n}." for n in range(1, 28)]
    for text in typed:
        page.keyboard.press("Control+a")
        page.keyboard.type(text)
        page.keyboard.press("Control+Enter")
    document = settled(
        page, folders, doc_id, lambda d: all(s.status == "confirmed" for s in d.segments)
    )
    assert [s.target for s in document.segments] == typed
    assert {s.status for s in document.segments} == {"confirmed"}
    page.screenshot(path=str(folders["tmp"] / "keyboard-done.png"), full_page=True)


def test_at_least_ten_rows_on_a_1400_by_1000_screen(server, page, monkeypatch):
    url, folders = server
    doc_id = store_document(folders, ARTICLE, "Hochwasser", monkeypatch)
    page.goto(f"{url}/?doc={doc_id}")
    page.locator(ROW).first.wait_for()
    wait_for_app(page)
    page.locator(ROW).first.evaluate("node => node.scrollIntoView({block: 'start'})")
    visible = page.evaluate(
        """(selector) => Array.from(document.querySelectorAll(selector)).filter((node) => {
            const box = node.getBoundingClientRect();
            return box.top >= 0 && box.bottom <= window.innerHeight;
        }).length""",
        ROW,
    )
    page.screenshot(path=str(folders["tmp"] / "dense.png"))
    print(f"\nrows fully visible on 1400x1000: {visible}")
    assert visible >= 10
    heights = page.evaluate(
        """(selector) => Array.from(document.querySelectorAll(selector + ' textarea'))
            .map((area) => area.scrollHeight - area.clientHeight)""",
        ROW,
    )
    assert max(heights) <= 2  # every English box shows all of its text


def test_reload_comes_back_to_the_same_page_and_segment(server, page, monkeypatch):
    url, folders = server
    sentences = " ".join(f"Satz Nummer {n} steht hier." for n in range(1, 301))
    doc_id = store_document(folders, sentences, "Lang", monkeypatch)
    page.goto(f"{url}/?doc={doc_id}")
    page.locator(ROW).first.wait_for()
    wait_for_app(page)
    goto = page.get_by_label("Go to segment")
    goto.fill("120")
    goto.press("Enter")
    expect(box(page, 120)).to_be_focused()
    expect(page.get_by_text("Page 3 of 6")).to_be_visible()
    wait_for_app(page)
    assert "seg=120" in page.url
    page.reload()
    expect(box(page, 120)).to_be_focused()
    expect(page.get_by_text("Page 3 of 6")).to_be_visible()
    assert row(page, 100).count() == 1 and row(page, 99).count() == 0


def test_find_nato_replace_with_nato_in_unconfirmed_segments_then_undo_one(
    server, page, monkeypatch
):
    url, folders = server
    text = "Die Nato tagt. Das Kabinett tagt. Die Nato zögert. Die Nato wartet."
    doc_id = store_document(folders, text, "Nato", monkeypatch)
    workspace = Workspace(folders["workspace"])
    doc = OpenDocument.open(workspace, doc_id)
    for index, english in enumerate(
        ["The Nato meets.", "The cabinet meets.", "The Nato hesitates.", "The Nato waits."]
    ):
        doc.save_target(index, english)
    doc.confirm(3)
    page.goto(f"{url}/?doc={doc_id}")
    page.locator(ROW).first.wait_for()
    page.get_by_text("Find and replace").click()
    page.get_by_label("Find", exact=True).fill("Nato")
    page.get_by_label("Replace with").fill("NATO")
    page.get_by_text("Match case").click()
    page.get_by_role("button", name="Replace in 2 segment(s)").click()
    wait_for_app(page)
    document = stored(folders, doc_id)
    assert [s.target for s in document.segments] == [
        "The NATO meets.",
        "The cabinet meets.",
        "The NATO hesitates.",
        "The Nato waits.",  # confirmed: left alone
    ]
    box(page, 3).focus()
    row(page, 2).get_by_role("button", name="Undo").click()
    document = settled(page, folders, doc_id, lambda d: "Nato" in d.segments[2].target)
    assert document.segments[2].target == "The Nato hesitates."
    assert document.segments[0].target == "The NATO meets."


KEYS = ["Tab", "Shift+Tab", "Enter", "Space"]
SEQUENCES = [
    *([k] for k in KEYS),
    *([a, b] for a, b in itertools.product(KEYS, repeat=2)),
    ["Tab", "Tab", "Enter"],
]


def test_no_key_sequence_replaces_typed_text_with_machine_translation(server, page, monkeypatch):
    url, folders = server
    doc_id = store_document(folders, ARTICLE, "Tasten", monkeypatch)
    page.goto(f"{url}/?doc={doc_id}")
    page.locator(ROW).first.wait_for()
    wait_for_app(page)
    machine = {s.index: s.machine for s in stored(folders, doc_id).segments}
    for number, keys in enumerate(SEQUENCES):
        index = 5 + number % 15
        typed = f"Typed by a person, try {number}"
        area = box(page, index + 1)
        area.focus()
        page.keyboard.press("Control+a")
        page.keyboard.type(typed)
        for key in keys:
            page.keyboard.press(key)
        wait_for_app(page)
        document = settled(
            page, folders, doc_id, lambda d, i=index, t=typed: t in d.segments[i].target
        )
        assert typed in document.segments[index].target, keys
        assert document.segments[index].target != machine[index], keys
        assert typed in area.input_value(), keys


def test_an_edited_confirmed_segment_exports_without_stale_flags(server, page, monkeypatch):
    url, folders = server
    doc_id = store_document(folders, ARTICLE, "Export", monkeypatch)
    page.goto(f"{url}/?doc={doc_id}")
    page.locator(ROW).first.wait_for()
    wait_for_app(page)
    expect(row(page, 3).locator(".wb-flag-untranslated")).to_be_visible()  # the echo's German
    box(page, 4).focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("The water level rose to 7.45 metres on Tuesday morning.")
    page.keyboard.press("Control+Enter")
    expect(row(page, 3)).to_have_attribute("data-status", "confirmed")
    expect(row(page, 3).locator(".wb-flag")).to_have_count(0)
    settled(page, folders, doc_id, lambda d: d.segments[3].status == "confirmed")
    wait_for_app(page)
    exports = {}
    for fmt in ("csv", "xlsx", "xlf"):
        page.get_by_role("button", name="Download").click()
        with page.expect_download() as download:
            page.get_by_role("button", name=EXPORT_FORMATS[fmt][0]).click()
        exports[fmt] = Path(download.value.path()).read_bytes()
        page.keyboard.press("Escape")
    flags = {fmt: _flags_by_segment(fmt, data) for fmt, data in exports.items()}
    for fmt, by_segment in flags.items():
        assert "untranslated" not in by_segment[4], fmt  # segment 4: confirmed, real English
        assert "untranslated" in by_segment[5], fmt  # segment 5: a flag the editor shows


def _flags_by_segment(fmt: str, data: bytes) -> dict[int, str]:
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        at = rows[0].index("flags")
        return {int(r[0]): r[at] for r in rows[1:]}
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        assert sheet is not None
        values = list(sheet.iter_rows(values_only=True))
        at = list(values[0]).index("flags")
        return {int(str(r[0])): str(r[at] or "") for r in values[1:]}
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    root = etree.fromstring(data)
    return {
        int(unit.get("id")): " ".join(n.text or "" for n in unit.findall("x:note", ns))
        for unit in root.iterfind(".//x:trans-unit", ns)
    }


def test_join_and_split_in_the_grid(server, page, monkeypatch):
    url, folders = server
    text = "Die Lage ist ernst. Das Kabinett tagt am Abend. Der Minister schweigt."
    doc_id = store_document(folders, text, "Teilen", monkeypatch)
    page.goto(f"{url}/?doc={doc_id}")
    page.locator(ROW).first.wait_for()
    wait_for_app(page)
    box(page, 1).focus()
    row(page, 0).get_by_role("button", name="Join with next").click()
    expect(page.locator(ROW)).to_have_count(2)
    expect(box(page, 1)).to_have_value("Die Lage ist ernst. Das Kabinett tagt am Abend.")
    box(page, 1).focus()
    row(page, 0).get_by_role("button", name="Split…").click()
    row(page, 0).get_by_role("button", name="✂").nth(2).click()  # after "Die Lage ist"
    expect(page.locator(ROW)).to_have_count(3)
    sources = [s.source for s in stored(folders, doc_id).segments]
    assert sources == [
        "Die Lage ist",
        "ernst. Das Kabinett tagt am Abend.",
        "Der Minister schweigt.",
    ]


def test_tag_markers_move_with_the_words_and_a_deleted_one_is_flagged(server, page, monkeypatch):
    from workbench.documents import read_document

    url, folders = server
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folders["packages"]))
    data = (
        b'<html lang="de"><body><p>Die Regierung hat <strong>einen neuen Plan</strong> '
        b'vorgestellt.</p><p>Mehr im <a href="/bericht">Bericht</a>.</p></body></html>'
    )
    model = find_model("de", "en")
    assert model is not None
    document = translate_document(read_document(data, "plan.html"), Engine(model))
    workspace = Workspace(folders["workspace"])
    doc_id = OpenDocument.create(workspace, document, {"model": model.name}).doc_id
    workspace.save_original(doc_id, "plan.html", data)
    page.goto(f"{url}/?doc={doc_id}")
    page.locator(ROW).first.wait_for()
    wait_for_app(page)
    expect(box(page, 1)).to_have_value("Die Regierung hat ⟨1⟩einen neuen Plan⟨/1⟩ vorgestellt.")
    box(page, 1).focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("The government presented ⟨1⟩a new plan⟨/1⟩.")
    page.keyboard.press("Control+Enter")
    box(page, 2).focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("More in the report.")  # the link's markers deleted
    page.keyboard.press("Control+Enter")
    expect(row(page, 1).locator(".wb-flag-tag-missing")).to_be_visible()
    stored_doc = settled(page, folders, doc_id, lambda d: d.segments[1].status == "confirmed")
    assert stored_doc.segments[0].target == "The government presented a new plan."
    page.get_by_role("button", name="Download").click()
    with page.expect_download() as download:
        page.get_by_role("button", name=EXPORT_FORMATS["html"][0]).click()
    html = Path(download.value.path()).read_bytes()
    assert b"The government presented <strong>a new plan</strong>." in html
    assert b'<html lang="en">' in html
