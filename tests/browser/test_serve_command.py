"""`workbench serve` as people run it: the process it starts is the server (a signal to its id
stops the app and frees the port), it listens on 127.0.0.1 unless told otherwise, and it warns
when told otherwise. No browser here: the real command, its process id and the kernel's table
of listening sockets."""

import signal
import socket
import time
from pathlib import Path

import pytest
from conftest import app_folders, workbench_serve

pytestmark = [pytest.mark.xdist_group("browser")]
FREE_WITHIN_SECONDS = 5


@pytest.fixture(scope="module")
def folders(tmp_path_factory, package_files):
    return app_folders(tmp_path_factory, package_files)


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def listening_addresses(port: int) -> set[str]:
    """The local addresses listening on `port`, from /proc/net/tcp and tcp6 (Linux)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                if len(address) == 8:
                    found.add(socket.inet_ntop(socket.AF_INET, bytes.fromhex(address)[::-1]))
                else:
                    words = bytes.fromhex(address)
                    raw = b"".join(words[i : i + 4][::-1] for i in range(0, 16, 4))
                    found.add(socket.inet_ntop(socket.AF_INET6, raw))
    return found


def port_is_free(port: int) -> bool:
    """Nothing answers on the port, and a new server could listen on it."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            return False
    with socket.socket() as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do
        try:
            server.bind(("127.0.0.1", port))
            server.listen()
        except OSError:
            return False
    return True


def wait_until_free(port: int) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < FREE_WITHIN_SECONDS:
        if port_is_free(port):
            return time.monotonic() - start
        time.sleep(0.1)
    return None


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGKILL])
def test_a_signal_to_the_serve_process_stops_the_app(folders, tmp_path, signal_number):
    with workbench_serve(folders, tmp_path) as (process, url, _):
        port = port_of(url)
        process.send_signal(signal_number)
        seconds = wait_until_free(port)
        assert seconds is not None, (
            f"port {port} still in use {FREE_WITHIN_SECONDS}s after {signal_number!r}"
        )
        process.wait(timeout=FREE_WITHIN_SECONDS)
        print(f"\n{signal_number.name}: port {port} free after {seconds:.2f}s")


def test_by_default_only_this_machine_can_connect(folders, tmp_path):
    with workbench_serve(folders, tmp_path) as (_, url, errors):
        assert listening_addresses(port_of(url)) == {"127.0.0.1"}
    assert "sign-in" not in errors.read_text()  # no warning


def test_another_address_is_used_with_a_warning(folders, tmp_path):
    with workbench_serve(folders, tmp_path, "--address", "0.0.0.0") as (_, url, errors):
        assert listening_addresses(port_of(url)) == {"0.0.0.0"}
        warning = errors.read_text()
    assert "listening on 0.0.0.0" in warning and "no sign-in" in warning
