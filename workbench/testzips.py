"""Hostile zip archives for tests and benchmarks, and a child process that reads one and
reports what it cost.

Contract:
- `zip_bytes(members)` writes a zip by hand from `Member`s, so a member's zip directory entry
  can claim a size (and CRC) other than the truth: `Member.lying(name, inflated, claimed)` is
  `inflated` zero bytes (a deflate stream about inflated/1000 bytes long, built instantly)
  whose directory claims `claimed` bytes and the CRC of the first `claimed` bytes, so readers
  that stop at the claimed size see a valid member. `Member.honest(name, data)` tells the truth;
  `Member.zeros(name, size)` is an honest member of `size` zero bytes, built as fast.
- `members_of(zip_data)` gives the honest members of an existing zip (e.g. a real .docx).
- `measure(kind, path)` reads the file the way the app does (kind "docx", "xlsx" or
  "argosmodel") in a fresh child process and returns {"outcome", "message", "peak_rss_mb",
  "written_mb"}: the child's peak resident memory (VmHWM, Linux; ru_maxrss elsewhere) and the
  bytes it wrote (/proc/self/io wchar, Linux; -1 elsewhere). An .argosmodel is installed into a temporary packages folder.
  `python -m workbench.testzips KIND PATH` is that child; it prints one JSON line.
- Nothing happens at import time.
"""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_MIB = 1 << 20


@dataclass(frozen=True)
class Member:
    name: str
    raw: bytes  # the deflate stream as stored
    crc: int  # as the zip directory states it
    size: int  # uncompressed size as the zip directory states it

    @classmethod
    def honest(cls, name: str, data: bytes) -> Member:
        packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        return cls(name, packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))

    @classmethod
    def zeros(cls, name: str, size: int) -> Member:
        crc = 0
        for start in range(0, size, _MIB):
            crc = zlib.crc32(bytes(min(_MIB, size - start)), crc)
        return cls(name, _zeros_stream(size), crc, size)

    @classmethod
    def lying(cls, name: str, inflated: int, claimed: int = 1000) -> Member:
        return cls(name, _zeros_stream(inflated), zlib.crc32(bytes(claimed)), claimed)


def _zeros_stream(size: int) -> bytes:
    """A deflate stream of `size` zero bytes: after a full flush the compressor starts afresh,
    so every MiB of zeros compresses to the same bytes, which are simply repeated."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = packer.compress(bytes(_MIB)) + packer.flush(zlib.Z_FULL_FLUSH)
    whole, rest = divmod(size, _MIB)
    tail = packer.compress(bytes(rest)) + packer.flush()
    return block * whole + tail


def _shared_fields(m: Member, name: bytes) -> tuple[int, ...]:
    """Fields local header and directory entry share: flags, deflate, 1980-01-01 00:00, crc,
    compressed and stated sizes, name length."""
    return (0, zipfile.ZIP_DEFLATED, 0, 0x21, m.crc, len(m.raw), m.size, len(name))


def zip_bytes(members: list[Member]) -> bytes:
    out, central = io.BytesIO(), io.BytesIO()
    for m in members:
        name = m.name.encode()
        offset = out.tell()
        out.write(_LOCAL.pack(b"PK\x03\x04", 20, 0, *_shared_fields(m, name), 0) + name + m.raw)
        # made by version 2.0 on Unix; no extra field, comment or disk number; mode rw-r--r--
        entry = (*_shared_fields(m, name), 0, 0, 0, 0, 0o100644 << 16, offset)
        central.write(_CENTRAL.pack(b"PK\x01\x02", 20, 3, 20, 0, *entry) + name)
    start = out.tell()
    out.write(central.getvalue())
    count = len(members)
    out.write(_END.pack(b"PK\x05\x06", 0, 0, count, count, len(central.getvalue()), start, 0))
    return out.getvalue()


def members_of(zip_data: bytes) -> list[Member]:
    with zipfile.ZipFile(io.BytesIO(zip_data)) as archive:
        return [Member.honest(i.filename, archive.read(i)) for i in archive.infolist()]


# -- measuring a read in a child process ----------------------------------------------------------


def _read(kind: str, path: Path) -> None:
    data = path.read_bytes() if kind != "argosmodel" else b""
    if kind == "docx":
        from workbench.documents import read_document

        read_document(data, path.name)
    elif kind == "xlsx":
        from workbench.documents.bilingual import read_rows

        read_rows(data, path.name)
    elif kind == "argosmodel":
        from workbench.models import install_model

        install_model(path)
    else:
        raise ValueError(f"unknown kind {kind!r}: docx, xlsx or argosmodel")


def _proc_value(file: str, key: str) -> int:
    """A number from /proc/self (Linux), or -1."""
    try:
        for line in Path("/proc/self", file).read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return -1


def _peak_rss_kb() -> int:
    # VmHWM is the peak of this process image alone. ru_maxrss is not: Linux carries the
    # parent's peak over fork and exec, so a child of a large test process would report that.
    peak = _proc_value("status", "VmHWM")
    if peak < 0:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak


def _outcome(kind: str, path: Path) -> tuple[str, str]:
    try:
        _read(kind, path)
    except Exception as exc:  # noqa: BLE001 - the outcome is what is measured
        return type(exc).__name__, str(exc)
    return "accepted", ""


def _child(kind: str, path: Path, copies: int) -> dict:
    from concurrent.futures import ThreadPoolExecutor

    started = time.perf_counter()
    with ThreadPoolExecutor(copies) as pool:  # like as many uploads at once in the app
        outcomes = list(pool.map(lambda _: _outcome(kind, path), range(copies)))
    outcome, message = outcomes[0]
    return {
        "outcome": outcome,
        "message": message[:300],
        "seconds": time.perf_counter() - started,
        "peak_rss_mb": _peak_rss_kb() / 1024,
        "written_mb": _proc_value("io", "wchar") / _MIB,
    }


def measure(kind: str, path: Path, copies: int = 1, timeout: float = 300) -> dict:
    with tempfile.TemporaryDirectory(prefix="testzips-") as home:
        env = {**os.environ, "ARGOS_PACKAGES_DIR": str(Path(home) / "packages")}
        done = subprocess.run(
            [sys.executable, "-m", "workbench.testzips", kind, str(path), str(copies)],
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
            check=True,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    print(json.dumps(_child(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]))))
