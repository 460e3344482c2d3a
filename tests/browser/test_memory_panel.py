"""The translation memory in Chromium: a remembered sentence arrives filled, the fuzzy match of
the segment with the cursor shows the changed German word highlighted, memory text is text."""

from __future__ import annotations

import pytest
from conftest import wait_for_app
from playwright.sync_api import expect

from workbench.memory import TranslationMemory
from workbench.memory.store import NewUnit
from workbench.workspace import Workspace

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CHANGED = "Die Terrormiliz griff am Dienstag mehrere Dörfer im Norden an."
KNOWN = "Die Bundeswehr schickt 500 Soldaten in den Norden."


def test_memory_match_and_fuzzy_difference_in_the_editor(server, page):
    url, folders = server
    TranslationMemory(Workspace(folders["workspace"])).add_memory(
        "desk <b>",
        [
            NewUnit(KNOWN, "The Bundeswehr sends 500 soldiers north."),
            NewUnit(
                CHANGED.replace("Dienstag", "Montag"),
                'The militia attacked villages on Monday <img src="x" onerror="alert(1)">.',
            ),
        ],
    )
    page.goto(url)
    wait_for_app(page)
    page.get_by_label("German text").fill(f"{CHANGED} {KNOWN}")
    page.get_by_role("button", name="Translate", exact=True).click()
    english_2 = page.get_by_label("English, segment 2", exact=True)
    expect(english_2).to_have_value("The Bundeswehr sends 500 soldiers north.", timeout=60_000)
    wait_for_app(page)
    page.get_by_label("English, segment 1", exact=True).click()
    wait_for_app(page)
    page.get_by_text("Translation memory: matches, repetitions, search").click()
    wait_for_app(page)
    inserted = page.locator(".wb-tm ins").first
    expect(inserted).to_have_text("Dienstag")
    expect(page.locator(".wb-tm del").first).to_have_text("Montag")
    expect(page.locator(".wb-tm").first).to_contain_text('<img src="x" onerror="alert(1)">')
    expect(page.locator(".wb-tm").first).to_contain_text("desk <b>")
    assert page.locator(".wb-tm img").count() == 0
    expect(page.get_by_role("button", name="Use match 1 (90%) in segment 1")).to_be_visible()
    page.screenshot(path=str(folders["tmp"] / "memory-panel.png"), full_page=True)
