"""`workbench serve` started outside the repository, in a folder whose .streamlit/config.toml
asks for the opposite of every setting we rely on: a whole session in Chromium (every page,
translate with the echo model, edit, download) sends no request anywhere but 127.0.0.1, and
the server keeps uploads to its own limit."""

from pathlib import Path

import pytest
from conftest import app_folders, outside_requests, wait_for_app, workbench_serve
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from workbench.documents import EXPORT_FORMATS
from workbench.settings import MB, SERVER_UPLOAD_LIMIT

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

HOSTILE_CONFIG = """
[server]
maxUploadSize = 1024
enableStaticServing = true
[browser]
gatherUsageStats = true
[client]
showErrorDetails = "full"
[theme]
font = "Nunito:https://fonts.googleapis.com/css2?family=Nunito&display=swap"
"""
ARTICLE = "Die Bundeswehr hilft im Norden.\n\nDas Kabinett beriet am Abend.\n"
EDIT = "The cabinet met in the evening."


@pytest.fixture(scope="module")
def served(tmp_path_factory, package_files):
    folders = app_folders(tmp_path_factory, package_files)
    elsewhere = folders["tmp"] / "elsewhere"
    (elsewhere / ".streamlit").mkdir(parents=True)
    (elsewhere / ".streamlit" / "config.toml").write_text(HOSTILE_CONFIG)
    with workbench_serve(folders, elsewhere) as (_, url, _):
        yield url, folders


def test_a_whole_session_stays_on_this_machine(served, page):
    url, _ = served
    outside = outside_requests(page, url)
    for path in ("/documents", "/glossaries", "/models", "/"):
        page.goto(url + path)
        wait_for_app(page)
    page.get_by_label("German text").fill(ARTICLE)
    page.get_by_role("button", name="Translate", exact=True).click()
    area = page.get_by_label("English, segment 2")
    area.fill(EDIT)
    area.press("Tab")
    expect(page.locator('[data-testid="wb-row"][data-index="1"]')).to_have_attribute(
        "data-status", "edited", timeout=60_000
    )  # saved while the model may still be loading (a busy machine takes its time)
    wait_for_app(page)
    page.get_by_role("button", name="Download").click()
    with page.expect_download() as download:
        page.get_by_role("button", name=EXPORT_FORMATS["txt"][0]).click()
    assert EDIT in Path(download.value.path()).read_text(encoding="utf-8")
    page.goto(url + "/documents")
    wait_for_app(page)
    expect(page.get_by_text("1 of 2 edited or confirmed")).to_be_visible()
    assert outside == []


SMALL = b"source,target\n"


def capture_upload(page, url: str):
    """Upload a small glossary through the page; the PUT request the browser sent. (A file
    chosen while the page is still being drawn can be dropped with the uploader that is
    replaced: on a busy machine it is chosen again, up to three times.)"""
    page.goto(url + "/glossaries")
    wait_for_app(page)
    page.get_by_text("Upload a glossary").click()
    wait_for_app(page)
    for attempt in range(3):
        try:
            with page.expect_request(
                lambda r: "/_stcore/upload_file/" in r.url and r.method == "PUT", timeout=20_000
            ) as sent:
                page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(
                    files=[{"name": f"klein{attempt}.csv", "mimeType": "text/csv", "buffer": SMALL}]
                )
            return sent.value
        except PlaywrightTimeout:
            wait_for_app(page)
    raise AssertionError("the page never sent the upload")


@pytest.mark.parametrize(
    "size, accepted",
    [(SERVER_UPLOAD_LIMIT - MB, True), (SERVER_UPLOAD_LIMIT + MB, False)],
)
def test_the_server_refuses_uploads_over_its_limit(served, page, size, accepted):
    """The request a page would send, replayed with a bigger file (as a script could)."""
    url, _ = served
    sent = capture_upload(page, url)
    response = page.request.put(
        sent.url,
        multipart={"file": {"name": "gross.csv", "mimeType": "text/csv", "buffer": b"x" * size}},
        headers={"X-Xsrftoken": sent.headers["x-xsrftoken"]},
    )
    assert response.ok == accepted, (response.status, response.text()[:200])
    if not accepted:
        assert response.status == 413


def test_uploaders_show_their_own_limits(served, page):
    url, _ = served
    page.goto(url + "/glossaries")
    wait_for_app(page)
    page.get_by_text("Upload a glossary").click()
    expect(page.get_by_text("5MB per file").first).to_be_visible()
    page.goto(url + "/models")
    wait_for_app(page)
    expect(page.get_by_text(f"{SERVER_UPLOAD_LIMIT // MB}MB per file").first).to_be_visible()
