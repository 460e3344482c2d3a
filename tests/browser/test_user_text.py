"""Text people wrote reaches the screen as text, in Chromium: document names, glossary file
names and problem messages, model names, search words and the `?doc=` link. None of it
becomes maths, colour, an icon, a link or an image, and no request leaves 127.0.0.1."""

import json
import shutil
from urllib.parse import quote

import pytest
from conftest import outside_requests, wait_for_app
from playwright.sync_api import expect

from workbench.segmenting import segment_text
from workbench.workspace import Workspace

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

BEACON = "![x](http://198.51.100.7/t.png)"
PAYLOADS = [
    "5 $ und 6 $",
    ":red[rot] und :material/home:",
    BEACON,
    "<img src=x onerror=alert(1)>",
    "[link](javascript:alert(1))",
    "**bold** _kursiv_",
    "C:\\\\Daten\\\\",  # two backslashes, twice
    ":streamlit: a -- b -> c",  # Streamlit rewrites these after escapes are resolved
]
NO_SLASH = [p for p in PAYLOADS if "/" not in p]  # these can be file and folder names


@pytest.fixture(scope="module")
def filled(server):
    """The server's folders with documents, glossaries and models named by the payloads."""
    url, folders = server
    workspace = Workspace(folders["workspace"])
    for payload in PAYLOADS:
        workspace.save_document(segment_text("Ein Satz.", name=payload), meta={"model": payload})
    lines = ["source,target"] + [f'"{p.replace(chr(34), chr(34) * 2)}",' for p in PAYLOADS]
    (folders["glossaries"] / "0-probleme.csv").write_text("\n".join(lines) + "\n")
    for payload in NO_SLASH:
        (folders["glossaries"] / f"{payload}.csv").write_text("source,target\nKrieg,war\n")
    echo = folders["packages"] / "translate-de_en-echo"
    for number, payload in enumerate(PAYLOADS):
        copy = folders["packages"] / f"translate-de_en-copy{number}"
        shutil.copytree(echo, copy)
        meta = json.loads((copy / "metadata.json").read_text())
        (copy / "metadata.json").write_text(json.dumps({**meta, "from_name": payload}))
    for payload in NO_SLASH:
        (folders["packages"] / f"broken {payload}").mkdir()
    return url


@pytest.fixture
def watched(page, filled):
    """(page, URL, requests that left the server, dialogs opened)."""
    dialogs: list[str] = []

    def refuse(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    return page, filled, outside_requests(page, filled), dialogs


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def shown_text(page) -> str:
    """The main area's text as a reader sees it (word joiners are invisible)."""
    return page.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")


def assert_shown(page, lines) -> None:
    """Each of `lines` is a whole line of the page, or the start of one."""
    shown = [line.strip() for line in shown_text(page).splitlines() if line.strip()]
    missing = [text for text in lines if not any(line.startswith(text) for line in shown)]
    assert not missing, f"not shown as typed: {missing}\n--- page text ---\n" + "\n".join(shown)


def assert_only_text(page, outside, dialogs) -> None:
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator(".katex")).to_have_count(0)
    expect(main.locator("img")).to_have_count(0)
    expect(main.locator("a[href^='javascript']")).to_have_count(0)
    expect(main.locator("[data-testid='stIconMaterial']", has_text="home")).to_have_count(0)
    expect(main.locator("span[style*='color']")).to_have_count(0)
    assert outside == [] and dialogs == []


def test_document_names_models_and_search_words(watched):
    page, url, outside, dialogs = watched
    open_page(page, url + "/documents")
    expect(page.get_by_text("Model:").first).to_be_visible()
    assert_shown(page, PAYLOADS + [f"Model: {p}" for p in PAYLOADS])
    assert_only_text(page, outside, dialogs)

    page.get_by_label("Search by name or text").fill(BEACON)
    page.get_by_label("Search by name or text").press("Enter")
    wait_for_app(page)
    expect(page.get_by_text("1 documents contain")).to_be_visible()
    assert_shown(page, [f"1 documents contain “{BEACON}”.", f"Name: {BEACON}"])
    assert_only_text(page, outside, dialogs)


def choose_glossary(page, name: str) -> None:
    page.get_by_role("combobox", name="Glossary").click()
    page.get_by_role("option", name=name, exact=True).click()
    wait_for_app(page)


def test_glossary_names_and_problems(watched):
    page, url, outside, dialogs = watched
    open_page(page, url + "/glossaries")
    choose_glossary(page, "0-probleme.csv")
    expect(page.get_by_text("no target for").first).to_be_visible()
    assert_shown(page, [f"line {n}: no target for '{p}'" for n, p in enumerate(PAYLOADS, 2)])
    assert_only_text(page, outside, dialogs)
    for payload in NO_SLASH:
        choose_glossary(page, f"{payload}.csv")
        expect(page.get_by_role("combobox", name="Glossary")).to_have_value(f"{payload}.csv")
    assert_only_text(page, outside, dialogs)


def test_model_names_and_broken_packages(watched):
    page, url, outside, dialogs = watched
    open_page(page, url + "/models")
    expect(page.get_by_text("Broken package").first).to_be_visible()
    assert_shown(page, [f"{p} -> English · " for p in PAYLOADS])
    assert_shown(page, [f"Broken package (ignored): broken {p}: no metadata" for p in NO_SLASH])
    assert_only_text(page, outside, dialogs)


@pytest.mark.parametrize("path", ["/", "/documents"])
def test_a_document_link_with_markdown_is_dropped(watched, path):
    page, url, outside, dialogs = watched
    open_page(page, url + path + "?doc=" + quote(BEACON))
    expect(page.get_by_text("The document link in the address is not valid")).to_be_visible()
    assert "doc=" not in page.url
    assert_only_text(page, outside, dialogs)
