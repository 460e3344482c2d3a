"""kill -9 of the server while a person types in the editor (Chromium, the real `workbench
serve`): every row the editor showed as stored ("confirmed") is in the workspace when the
server comes back, with the text typed. One kill here; `make soak` runs several."""

from __future__ import annotations

import random
import signal

import pytest
from conftest import app_folders, wait_for_app, workbench_serve

from workbench.engine import Engine
from workbench.models import find_model
from workbench.pipeline import translate_document
from workbench.segmenting import segment_text
from workbench.workspace import Workspace

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
ROWS = 40
ROW = '[data-testid="wb-row"]'


@pytest.fixture(scope="module")
def folders(tmp_path_factory, package_files):
    return app_folders(tmp_path_factory, package_files)


def _document(folders, monkeypatch) -> str:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folders["packages"]))
    model = find_model("de", "en")
    assert model is not None
    text = " ".join(f"Satz Nummer {n} steht hier." for n in range(1, ROWS + 1))
    document = translate_document(segment_text(text, "Absturz"), Engine(model))
    return Workspace(folders["workspace"]).save_document(document, meta={"model": model.name}).id


def _typed(kill: int, row: int) -> str:
    return f"Kill {kill}: sentence {row} typed."


def _round(text: str) -> int:
    return int(text.split(":")[0].split()[1]) if text.startswith("Kill ") else -1


def _shown_as_stored(page) -> dict[int, str]:
    """Rows whose state says the server stored them, with the text in their box."""
    return page.evaluate(
        """(selector) => Object.fromEntries(Array.from(document.querySelectorAll(selector))
            .filter((row) => row.querySelector('.wb-state.wb-confirmed'))
            .map((row) => [row.dataset.index, row.querySelector('textarea').value]))""",
        ROW,
    )


def kill_while_typing(folders, browser, tmp_path, doc_id: str, kills: int, seed: int) -> int:
    chance = random.Random(seed)
    acknowledged: dict[int, str] = {}
    for kill in range(kills):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(60_000)
        try:
            with workbench_serve(folders, tmp_path) as (process, url, _):
                page.goto(f"{url}/?doc={doc_id}")
                page.locator(ROW).first.wait_for()
                wait_for_app(page)
                page.get_by_label("English, segment 1", exact=True).focus()
                for row in range(1, chance.randint(8, 20)):
                    page.keyboard.press("Control+a")
                    page.keyboard.type(_typed(kill, row))
                    page.keyboard.press("Control+Enter")
                page.wait_for_function(  # a row of this round stored: the server is saving
                    """([selector, round]) => Array.from(document.querySelectorAll(selector))
                        .some((row) => row.querySelector('.wb-state.wb-confirmed')
                            && row.querySelector('textarea').value.startsWith(round))""",
                    arg=[ROW, f"Kill {kill}:"],
                )
                page.wait_for_timeout(chance.uniform(0, 400))
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=10)
                shown = _shown_as_stored(page)
            typed_now = {int(i): t for i, t in shown.items() if t.startswith(f"Kill {kill}:")}
            assert typed_now, "the editor acknowledged nothing before the kill"
            acknowledged.update(typed_now)
        finally:
            context.close()
        stored = Workspace(folders["workspace"]).load(doc_id)[0]
        for index, text in acknowledged.items():
            segment = stored.segments[index]
            assert segment.status == "confirmed", (index, segment.status)
            # stored as shown, or by a later round that typed the row again just before its kill
            assert segment.target == text or _round(segment.target) > _round(text), (
                index,
                segment.target,
                text,
            )
    return len(acknowledged)


def test_kill_9_while_typing_loses_no_row_shown_as_stored(folders, browser, tmp_path, monkeypatch):
    doc_id = _document(folders, monkeypatch)
    assert kill_while_typing(folders, browser, tmp_path, doc_id, kills=1, seed=0) > 0


@pytest.mark.soak
def test_kill_9_while_typing_soak(folders, browser, tmp_path, monkeypatch):
    doc_id = _document(folders, monkeypatch)
    assert kill_while_typing(folders, browser, tmp_path, doc_id, kills=8, seed=1) > 0
