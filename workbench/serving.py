"""How `workbench serve` runs the app: Streamlit in the workbench's own process, every setting
given explicitly, listening on this machine only unless told otherwise.

Contract (no Streamlit imported here):
- `streamlit_options(port, address)`: every Streamlit setting the workbench relies on, as
  {option: value}. They are passed as command-line flags, which beat any
  `.streamlit/config.toml` (of the folder `serve` starts in, or of the user) and any
  STREAMLIT_* variable, so the app behaves the same wherever it is started: no usage
  statistics sent anywhere, no error details or help links in the browser, the upload limit
  `workbench.settings.SERVER_UPLOAD_LIMIT`, no file watcher, no static file serving, no agent
  API, the theme with Streamlit's bundled fonts (nothing is fetched from another host), and
  the address shown at start-up (so Streamlit never looks up this machine's public address).
- `streamlit_command(port, address)`: `python -m streamlit run <app> --option value ...`.
- `exposure_warning(address)`: None for a loopback address (127.x, ::1, localhost), else the
  warning that anyone who can reach the address can use the app (there is no sign-in yet).
- `serve(port, address)`: prints that warning on stderr, then replaces the current process
  with Streamlit (`os.execv`): the process id that ran `workbench serve` is the server, so
  SIGTERM or SIGKILL to it stops the app and frees the port; no child is left behind.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
from pathlib import Path

from workbench.settings import MB, SERVER_UPLOAD_LIMIT

APP = Path(__file__).parent / "app" / "main.py"
DEFAULT_ADDRESS = "127.0.0.1"
DEFAULT_PORT = 8501
WILDCARDS = ("0.0.0.0", "::", "")  # every interface

# Options that do not depend on the command line. Streamlit's own defaults would send usage
# statistics (browser.gatherUsageStats) and show tracebacks (client.showErrorDetails).
FIXED_OPTIONS: dict[str, str] = {
    "server.headless": "true",
    "server.showEmailPrompt": "false",
    "server.fileWatcherType": "none",
    "server.runOnSave": "false",
    "server.maxUploadSize": str(SERVER_UPLOAD_LIMIT // MB),
    "server.enableStaticServing": "false",
    "server.enableXsrfProtection": "true",
    "server.enableCORS": "true",
    "server.enableAgentApi": "false",
    "browser.gatherUsageStats": "false",
    "client.showErrorDetails": "none",
    "client.showErrorLinks": "false",
    "client.toolbarMode": "minimal",
    "global.developmentMode": "false",
    "theme.base": "light",
    "theme.primaryColor": "#1f5fa8",
    "theme.font": "sans-serif",  # Streamlit's bundled Source Sans: no font is downloaded
}


def streamlit_options(port: int = DEFAULT_PORT, address: str = DEFAULT_ADDRESS) -> dict[str, str]:
    # The address people open. Left unset with a wildcard address, Streamlit asks
    # checkip.amazonaws.com for this machine's public address to print it.
    shown = socket.gethostname() if address.strip("[]") in WILDCARDS else address
    return {
        **FIXED_OPTIONS,
        "server.address": address,
        "server.port": str(port),
        "browser.serverAddress": shown,
    }


def streamlit_command(port: int = DEFAULT_PORT, address: str = DEFAULT_ADDRESS) -> list[str]:
    command = [sys.executable, "-m", "streamlit", "run", str(APP)]
    for option, value in streamlit_options(port, address).items():
        command += [f"--{option}", value]
    return command


def is_loopback(address: str) -> bool:
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any interface


def exposure_warning(address: str) -> str | None:
    if is_loopback(address):
        return None
    return (
        f"workbench serve: listening on {address}: anyone who can reach this address can "
        "read, change and delete the documents, glossaries and models (there is no sign-in "
        f"yet). Leave out --address to listen on {DEFAULT_ADDRESS} (this machine only)."
    )


def serve(port: int = DEFAULT_PORT, address: str = DEFAULT_ADDRESS) -> None:
    """Never returns: this process becomes the Streamlit server."""
    warning = exposure_warning(address)
    if warning:
        print(warning, file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    command = streamlit_command(port, address)
    os.execv(command[0], command)
