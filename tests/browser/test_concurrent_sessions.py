"""Several people at once on one server, in Chromium: every session loads, translates (tiny
echo model) and edits; the translations run at the same time, the edits start as soon as the
rows are on screen (some translations are still being checked), and no edit or document is
lost or mixed up with another session's, and no gesture went to a part of the page that was
gone. 8 sessions here; `make soak` runs 10 with more edits. (Typing while a translation
finishes: tests/browser/test_grid_redraw.py.) If an edit is not stored, what its page showed,
its console and the server's log are printed."""

from __future__ import annotations

import time

import pytest
from conftest import wait_for_app

from workbench.workspace import Workspace

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _article(n: int) -> str:
    return (
        f"Sitzung {n} meldet Hochwasser.\n\n"
        f"Der Pegel in Ort {n} stieg am Dienstag. Die Feuerwehr war im Einsatz.\n\n"
        f"Am Abend sank das Wasser in Ort {n} wieder."
    )


def _box(page, number: int):
    return page.get_by_label(f"English, segment {number}", exact=True)


def _typed(session: int, row: int) -> str:
    return f"Session {session} wrote row {row}."


def run_sessions(server, browser, sessions: int, edits: int) -> None:
    url, folders = server
    contexts = [
        browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(sessions)
    ]
    try:
        pages = [context.new_page() for context in contexts]
        consoles: list[list[str]] = [[] for _ in pages]
        for page, console in zip(pages, consoles, strict=True):  # for the log, if an edit is lost
            page.on("console", lambda message, into=console: into.append(message.text[:300]))
        for page in pages:
            page.set_default_timeout(90_000)
            page.goto(url)
        for n, page in enumerate(pages):  # all loaded, then every Translate clicked at once
            wait_for_app(page)
            page.get_by_label("German text").fill(_article(n))
        started = time.monotonic()
        for page in pages:
            page.get_by_role("button", name="Translate", exact=True).click()
        doc_ids = []
        for page in pages:
            _box(page, 4).wait_for()
            wait_for_app(page)
            doc_ids.append(page.url.split("doc=")[1].split("&")[0])
        shown = time.monotonic() - started
        assert len(set(doc_ids)) == sessions
        for row in range(1, edits + 1):  # the sessions take turns, each confirming a row
            for n, page in enumerate(pages):
                _box(page, row).focus()
                page.keyboard.press("Control+a")
                page.keyboard.type(_typed(n, row))
                page.keyboard.press("Control+Enter")
        workspace = Workspace(folders["workspace"])
        deadline = time.monotonic() + 90
        while True:
            documents = [workspace.load(doc_id)[0] for doc_id in doc_ids]
            edited = [s for d in documents for s in d.segments[:edits]]
            if all(s.status == "confirmed" for s in edited) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        print(
            f"\n{sessions} sessions: every translation shown {shown:.1f} s after the clicks, "
            f"{sessions * edits} edits stored {time.monotonic() - started:.1f} s after them"
        )
        for n, document in enumerate(documents):
            mine, rest = document.segments[:edits], document.segments[edits:]
            if any(s.status != "confirmed" for s in mine):  # what the person saw, for the log
                print(f"session {n} not stored: {_seen(pages[n], edits)}")
                print("its console:", *consoles[n][-30:], sep="\n")
                print("server log:", *_server_log(folders)[-40:], sep="\n")
            assert [(s.target, s.status) for s in mine] == [
                (_typed(n, row), "confirmed") for row in range(1, edits + 1)
            ]
            # the echo model copies: each session's rows are its own German, nothing mixed
            assert all(f" {n} " in s.source for s in document.segments if "Ort" in s.source)
            assert [s.target for s in rest] == [s.source for s in rest]
            assert all(s.status == "translated" for s in rest)
        # Streamlit drops a gesture sent into a fragment that is gone: the editor keeps one
        # fragment for the document's life, translating or not, so none was ever sent
        dropped = [line for line in _server_log(folders) if "does not exist anymore" in line]
        assert not dropped, dropped[:3]
    finally:
        for context in contexts:
            context.close()


def _seen(page, edits: int) -> dict:
    rows = page.locator('[data-testid="wb-row"]')
    return {
        "url": page.url,
        "boxes": [_box(page, row).input_value() for row in range(1, edits + 2)],
        "rows": [rows.nth(i).inner_text()[:300] for i in range(min(edits + 1, rows.count()))],
        "notice": page.locator(".wb-notice").all_inner_texts(),
        "focused": page.evaluate("document.activeElement?.getAttribute('aria-label')"),
        "progress": page.get_by_role("progressbar").count(),
        "script": page.locator("[data-test-script-state]").first.get_attribute(
            "data-test-script-state"
        ),
        "grids": page.evaluate(GRID_STATE),
        "status": page.locator('[data-testid="stStatusWidget"]').all_inner_texts(),
        "alerts": page.locator(
            '[data-testid="stException"], [data-testid="stAlert"]'
        ).all_inner_texts(),
    }


# what the page's grids hold (grid.js): queue, acknowledgements, the statuses last drawn
GRID_STATE = """() => Array.from(window.__wbGrids || new Map(), ([key, g]) => ({
    key, token: g.token, seq: g.seq, sends: g.sends, renders: g.renders,
    pending: g.pending.map((e) => `${e.seq}:${e.type}`), ack: g.data && g.data.ack,
    dataToken: g.data && g.data.token, attached: g.root.isConnected,
    statuses: g.data && g.data.rows.map((r) => r.status),
}))"""


def _server_log(folders: dict) -> list[str]:
    return [
        line
        for log in sorted(folders["tmp"].glob("streamlit-*.log"))
        for line in log.read_text(errors="replace").splitlines()
    ]


def test_eight_sessions_translate_and_edit_at_once_nothing_lost(server, browser):
    run_sessions(server, browser, sessions=8, edits=1)


@pytest.mark.soak
def test_ten_sessions_with_several_edits_each_soak(server, browser):
    run_sessions(server, browser, sessions=10, edits=4)
