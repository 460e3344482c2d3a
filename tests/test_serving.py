"""How `workbench serve` starts Streamlit: every setting explicit, the same as the repository's
.streamlit/config.toml, and a warning for any address other people can reach.
(The running server: tests/browser/test_serve_command.py and test_offline_session.py.)"""

import sys
import tomllib
from pathlib import Path

import pytest

from workbench import serving

ROOT = Path(__file__).resolve().parent.parent


def test_the_command_passes_every_option_as_a_flag():
    command = serving.streamlit_command(8600, "127.0.0.1")
    assert command[:5] == [sys.executable, "-m", "streamlit", "run", str(serving.APP)]
    flags = dict(zip(command[5::2], command[6::2], strict=True))
    assert flags == {f"--{k}": v for k, v in serving.streamlit_options(8600, "127.0.0.1").items()}
    for option, value in [
        ("--server.address", "127.0.0.1"),
        ("--server.port", "8600"),
        ("--browser.gatherUsageStats", "false"),
        ("--client.showErrorDetails", "none"),
        ("--server.maxUploadSize", "10"),
        ("--server.fileWatcherType", "none"),
        ("--browser.serverAddress", "127.0.0.1"),
    ]:
        assert flags[option] == value


def test_a_wildcard_address_names_this_machine_so_streamlit_looks_nothing_up():
    options = serving.streamlit_options(8600, "0.0.0.0")
    assert options["browser.serverAddress"] not in ("", "0.0.0.0")


def _toml_value(value) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def test_the_repository_config_says_the_same():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    flat = {
        f"{section}.{name}": _toml_value(value)
        for section, values in config.items()
        for name, value in values.items()
    }
    assert flat == {**serving.FIXED_OPTIONS, "server.address": serving.DEFAULT_ADDRESS}


@pytest.mark.parametrize(
    "address, warns",
    [
        ("127.0.0.1", False),
        ("127.0.0.2", False),
        ("localhost", False),
        ("::1", False),
        ("[::1]", False),
        ("0.0.0.0", True),
        ("::", True),
        ("192.168.1.20", True),
        ("newsroom-pc", True),
    ],
)
def test_an_address_others_can_reach_gets_a_warning(address, warns):
    warning = serving.exposure_warning(address)
    if warns:
        assert warning is not None and address in warning and "no sign-in" in warning
    else:
        assert warning is None
