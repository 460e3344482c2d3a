"""The one helper for real-browser tests: a private `streamlit run` server and Debian Chromium.

Each test module gets its own free 127.0.0.1 port and its own folders (packages with the echo
model installed, workspace, a copy of glossaries/), so xdist workers never collide. Playwright
drives /usr/lib/chromium/chromium (never `playwright install`).
`workbench_serve(folders, cwd, *args)` starts the real `workbench serve` command instead (from
any folder), and `outside_requests(page, url)` records every request that leaves the server.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/lib/chromium/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not start in {STARTUP_SECONDS}s: {log.read_text()[-2000:]}")


def install_echo(packages: Path, package_file: Path) -> None:
    from workbench.models import install_model

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARGOS_PACKAGES_DIR", str(packages))
        install_model(package_file)


@pytest.fixture(scope="module")
def server(tmp_path_factory, package_files):
    """(base URL, folders) of a running app with the tiny echo model installed."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)")
    yield from run_server(app_folders(tmp_path_factory, package_files))


def app_folders(tmp_path_factory, package_files) -> dict:
    """Private packages (echo model installed), glossaries (a copy of ours) and workspace."""
    folder = tmp_path_factory.mktemp("browser-app")
    folders = {
        "packages": folder / "packages",
        "glossaries": folder / "glossaries",
        "workspace": folder / "workspace.sqlite3",
        "tmp": folder,
    }
    install_echo(folders["packages"], package_files["echo"])
    shutil.copytree(ROOT / "glossaries", folders["glossaries"], ignore=shutil.ignore_patterns(".*"))
    return folders


def app_env(folders: dict) -> dict:
    return {
        **os.environ,
        "ARGOS_PACKAGES_DIR": str(folders["packages"]),
        "WORKBENCH_WORKSPACE": str(folders["workspace"]),
        "WORKBENCH_GLOSSARIES": str(folders["glossaries"]),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }


def run_server(folders: dict):
    port = free_port()
    env = app_env(folders)
    log = folders["tmp"] / f"streamlit-{port}.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "workbench/app/main.py"),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, log)
        yield url, folders
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


WORKBENCH = Path(sys.executable).with_name("workbench")  # the installed command


@contextmanager
def workbench_serve(
    folders: dict, cwd: Path, *args: str
) -> Iterator[tuple[subprocess.Popen, str, Path]]:
    """`workbench serve --port PORT *args` started in `cwd`: (process, URL, stderr file)."""
    port = free_port()
    log, errors = folders["tmp"] / f"serve-{port}.log", folders["tmp"] / f"serve-{port}.err"
    with open(log, "wb") as out, open(errors, "wb") as err:
        process = subprocess.Popen(
            [str(WORKBENCH), "serve", "--port", str(port), *args],
            cwd=cwd,
            env=app_env(folders),
            stdout=out,
            stderr=err,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, log)
        yield process, url, errors
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def outside_requests(page, url: str) -> list[str]:
    """Every request of `page` that does not go to `url` (the list fills as the page runs).
    (Not intercepted: Playwright's routing would stop downloads.)"""
    outside: list[str] = []

    def check(request) -> None:
        if not request.url.startswith((url + "/", "data:", "blob:")) and request.url != url:
            outside.append(request.url)

    page.on("request", check)
    return outside


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def wait_for_app(page) -> None:
    """Wait until the script run after the last action has finished (see style.md)."""
    page.wait_for_timeout(200)
    page.wait_for_selector('[data-test-script-state="notRunning"]', state="attached")
