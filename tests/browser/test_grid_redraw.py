"""The grid when the page around it changes, in Chromium: nothing typed is lost.

- Editing while the translation still arrives (the progress bar invites it: "edit them while
  the rest arrives"): text typed before, across and after the moment the translation finishes
  is kept, in the box and in the workspace, and the cursor stays in the box.
- A filter that hides every row and is then cleared draws the grid in a new element: the same
  grid moves in (one per document), with the text and the queue of gestures it had.
- A late call from an element Streamlit replaced (an older drawing) changes neither the rows
  nor where the grid sends gestures; once the translation is over the grid stops polling.
- When the grid's element is replaced (removed first, or the new one drawn first), the cursor
  stays in its box and typing goes on there (Chrome blurs a box that is moved or removed)."""

from __future__ import annotations

import time

import pytest
from conftest import wait_for_app
from playwright.sync_api import expect

from workbench.workspace import Workspace

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# Long enough that the tiny echo model is still translating while the first rows are edited.
ARTICLE = "\n\n".join(
    f"Im Ort {n} stieg der Pegel am Dienstag um {n} Zentimeter. "
    f"Die Feuerwehr von Ort {n} pumpte die Keller aus."
    for n in range(1, 241)
)


def _box(page, number: int):
    return page.get_by_label(f"English, segment {number}", exact=True)


def _translated(page, url: str, german: str, rows: int) -> None:
    """The German translated and shown in the editor, the translation over."""
    page.goto(url)
    wait_for_app(page)
    page.get_by_label("German text").fill(german)
    page.get_by_role("button", name="Translate", exact=True).click()
    _box(page, rows).wait_for()
    page.get_by_role("progressbar").wait_for(state="detached", timeout=90_000)
    wait_for_app(page)


def test_text_typed_across_the_end_of_the_translation_is_kept(server, page):
    url, folders = server
    page.set_default_timeout(90_000)
    page.goto(url)
    wait_for_app(page)
    page.get_by_label("German text").fill(ARTICLE)
    page.get_by_role("button", name="Translate", exact=True).click()
    progress = page.get_by_role("progressbar")  # loading the model, translating, checking
    first = _box(page, 1)
    first.wait_for()
    first.focus()
    page.keyboard.press("Control+a")
    typed, while_translating = "", 0
    deadline = time.monotonic() + 120
    polled = 0
    while time.monotonic() < deadline:  # one key at a time until the translation is done...
        running = progress.count() > 0
        if running and not polled:  # the grid asks for the rows as they are translated
            polled = page.evaluate("window.__wbGrids.values().next().value.pollMs")
        typed += "abcdefghij"[len(typed) % 10]
        page.keyboard.type(typed[-1])
        while_translating += running
        if not running:
            break
        page.wait_for_timeout(60)
    assert while_translating >= 3, "the translation ended before the test could type into it"
    assert polled, "the grid did not ask for the rows while they were being translated"
    for _ in range(10):  # ...and on after it, in the same box
        typed += "z"
        page.keyboard.type("z")
        page.wait_for_timeout(60)
    # gone for good: the bar does not blink away between two drawings of a running translation
    assert progress.count() == 0, "the progress bar went away while the translation still ran"
    expect(first).to_be_focused()
    expect(first).to_have_value(typed)
    page.keyboard.press("Tab")  # leaving the box saves it
    wait_for_app(page)
    doc_id = page.url.split("doc=")[1].split("&")[0]
    workspace = Workspace(folders["workspace"])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        segment = workspace.load(doc_id)[0].segments[0]
        if segment.target == typed:
            break
        page.wait_for_timeout(200)
    assert (segment.target, segment.status) == (typed, "edited")
    expect(first).to_have_value(typed)
    print(f"\n{while_translating} keys typed while translating, {len(typed)} in all: kept")


def test_rows_hidden_by_a_filter_and_shown_again_keep_text_and_save_on(server, page):
    url, folders = server
    _translated(page, url, "Der Pegel stieg. Die Feuerwehr kam. Es regnete.", rows=3)
    doc_id = page.url.split("doc=")[1].split("&")[0]
    _box(page, 2).fill("The fire brigade came.")
    search = page.get_by_label("Text in German or English")
    search.fill("kein solches Wort")  # leaving the box for the filter saves it
    search.press("Enter")
    expect(page.get_by_text("No segments match these filters.")).to_be_visible()
    search.fill("")
    search.press("Enter")
    expect(_box(page, 2)).to_have_value("The fire brigade came.")
    wait_for_app(page)
    assert page.locator('[data-testid="wb-grid"]').count() == 1
    assert page.evaluate("window.__wbGrids.size") == 1  # the grid of this document, moved in
    page.screenshot(path=str(folders["tmp"] / "redrawn.png"))
    print(f"\nscreenshot {folders['tmp'] / 'redrawn.png'}")
    _box(page, 3).focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("It rained.")
    page.keyboard.press("Control+Enter")
    workspace = Workspace(folders["workspace"])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        segments = workspace.load(doc_id)[0].segments
        if segments[2].status == "confirmed":
            break
        page.wait_for_timeout(200)
    assert [(s.target, s.status) for s in segments[1:]] == [
        ("The fire brigade came.", "edited"),
        ("It rained.", "confirmed"),
    ]


# Streamlit may call an element it has replaced once more, late, with what it was drawn with.
LATE_CALL = """() => {
    const grid = window.__wbGrids.values().next().value;
    const before = { trigger: grid.trigger, rows: grid.data.rows.length, drawn: grid.drawn };
    const late = { ...grid.data, rows: [], drawing: [grid.drawer, grid.drawn - 1] };
    const taken = grid.show(document.createElement("div"), late, () => {});
    return {
        taken,
        sameTrigger: grid.trigger === before.trigger,
        rows: grid.data.rows.length === before.rows && before.rows > 0,
        inPage: grid.root.isConnected,
        polling: grid.pollMs,
    };
}"""


def test_a_late_call_with_an_older_drawing_changes_nothing(server, page):
    url, _ = server
    _translated(page, url, "Der Pegel stieg. Die Feuerwehr kam.", rows=2)
    assert page.evaluate(LATE_CALL) == {
        "taken": False,
        "sameTrigger": True,
        "rows": True,
        "inPage": True,
        "polling": 0,  # the translation is over: the grid no longer asks to be redrawn
    }
    expect(_box(page, 1)).to_have_value("Der Pegel stieg.")


# Streamlit replacing the grid's element, played with elements of the test's own: the old one
# removed first and the new one drawn in a later task, or the new one drawn first (the grid
# moves out of the old one). Chrome blurs the box in both cases.
# (Streamlit's own element is left in place: it draws the grid there again later.)
REMOVED = """() => {
    const element = window.__wbGrids.values().next().value.root.parentNode;
    if (element.dataset.own) element.remove();
}"""
DRAWN_AGAIN = """() => {
    const grid = window.__wbGrids.values().next().value;
    const old = grid.root.parentNode;
    const fresh = document.body.appendChild(document.createElement("div"));
    fresh.dataset.own = "yes";
    grid.show(fresh, grid.data, grid.trigger);
    if (old && old.dataset.own) old.remove();
    return document.activeElement.getAttribute("aria-label");
}"""


def test_the_cursor_stays_in_its_box_when_the_element_is_replaced(server, page):
    url, folders = server
    _translated(page, url, "Der Pegel stieg. Die Feuerwehr kam.", rows=2)
    doc_id = page.url.split("doc=")[1].split("&")[0]
    _box(page, 2).focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("The fire")
    wait_for_app(page)
    assert page.evaluate(DRAWN_AGAIN) == "English, segment 2"  # into an element of the test's
    page.evaluate(REMOVED)
    assert page.evaluate(DRAWN_AGAIN) == "English, segment 2"
    page.keyboard.type(" brigade")
    assert page.evaluate(DRAWN_AGAIN) == "English, segment 2"
    page.keyboard.type(" came.")
    expect(_box(page, 2)).to_have_value("The fire brigade came.")
    page.keyboard.press("Control+Enter")
    workspace = Workspace(folders["workspace"])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        segment = workspace.load(doc_id)[0].segments[1]
        if segment.status == "confirmed":
            break
        page.wait_for_timeout(200)
    assert (segment.target, segment.status) == ("The fire brigade came.", "confirmed")
