"""The packages folder on disk: staging areas, one swap at a time, and swaps that survive a kill.

Contract:
- Bookkeeping lives next to the packages folder PACKAGES, in `staging_root(PACKAGES)` =
  PACKAGES.parent / ".workbench-staging" (outside PACKAGES, so argostranslate's own listing
  never sees it, and on the same disk, so moving a folder in is one rename):
  - `.lock`, the folder lock (`folder_lock`), held while a staging area is made, while a package
    is swapped in or moved out, and while `recover` runs; each is short.
  - one folder per install or removal (`StagingArea`), holding a `.lock` that its owner keeps
    locked for as long as it works. Locks are `fcntl.flock` locks: the kernel drops them when
    the owner dies, even on SIGKILL, so an area whose lock can be taken is stale.
    `area.unpacked` receives the new package; `old/NAME` holds the package it replaces during a
    swap; `removed/NAME` a package being removed.
- `area.swap_in(NAME)` replaces PACKAGES/NAME by `area.unpacked / NAME` in two renames under the
  folder lock: PACKAGES/NAME -> old/NAME, then unpacked/NAME -> PACKAGES/NAME; leaving the area
  deletes the old package. Each rename is atomic, so whenever the process dies, either
  PACKAGES/NAME is a complete package (old or new), or it is missing and old/NAME is the
  complete old package.
- `recover(PACKAGES)` takes the folder lock and, for every stale area, moves old/NAME back when
  PACKAGES/NAME is missing (an interrupted swap is rolled back), then deletes the area (what is
  left is a half-unpacked package, a replaced one, or a half-removed one). Areas of running
  installs are left alone. It returns the names it restored. With no area in the staging
  folder it does nothing at all (so listing a read-only folder writes nothing).
- `move_out(PACKAGES, NAME)` removes a package the same way: one rename out, then a delete that
  `recover` finishes if it is interrupted.
- Lock waits end after `LOCK_TIMEOUT` seconds with `FolderBusy`. Errors of the file system are
  raised as `OSError`; callers turn them into messages. Locks need POSIX `flock` (Linux, macOS).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

LOCK_TIMEOUT = 60.0  # seconds: the holders (a rename, or deleting a stale area) are quick
LOCK_NAME = ".lock"


class FolderBusy(TimeoutError):
    """Another process kept the packages folder locked for longer than LOCK_TIMEOUT."""


def staging_root(packages: Path) -> Path:
    return packages.parent / ".workbench-staging"


def _try_lock(path: Path, *, create: bool = True) -> int | None:
    """An open descriptor holding an exclusive lock on `path`, or None if another holds it."""
    fd = os.open(path, os.O_RDWR | (os.O_CREAT if create else 0), 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


@contextlib.contextmanager
def folder_lock(packages: Path) -> Iterator[None]:
    root = staging_root(packages)
    root.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + LOCK_TIMEOUT
    while (fd := _try_lock(root / LOCK_NAME)) is None:
        if time.monotonic() > deadline:
            raise FolderBusy(f"{root / LOCK_NAME} stayed locked for {LOCK_TIMEOUT:.0f} s")
        time.sleep(0.05)
    try:
        yield
    finally:
        os.close(fd)  # closing the descriptor drops the lock


def _sync_folder(folder: Path) -> None:
    """Make renames in `folder` durable (a power cut must not undo a swap half-way). Best
    effort: some file systems cannot sync a folder, and the rename itself is done already."""
    try:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


def _delete_area(area: Path) -> None:
    """Delete an area's content first and its lock file last: while the lock file exists, the
    area stays recognisable as in use (or stale) to `recover`."""
    for entry in area.iterdir():
        if entry.name != LOCK_NAME:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    with contextlib.suppress(FileNotFoundError):
        (area / LOCK_NAME).unlink()
    with contextlib.suppress(FileNotFoundError):
        area.rmdir()


class StagingArea:
    """A private folder for one install or removal, locked by its owner while it lives."""

    def __init__(self, packages: Path):
        self.packages = packages
        self.path = Path()
        self._fd: int | None = None

    @property
    def unpacked(self) -> Path:
        return self.path / "unpacked"

    def __enter__(self) -> StagingArea:
        with folder_lock(self.packages):  # recover() never sees an area before it is locked
            self.path = Path(tempfile.mkdtemp(prefix="area-", dir=staging_root(self.packages)))
            self._fd = _try_lock(self.path / LOCK_NAME)
        self.unpacked.mkdir()
        return self

    def __exit__(self, *exc) -> None:
        try:
            _delete_area(self.path)
        except OSError:
            pass  # the area stays behind, unlocked: the next recover() deletes it
        finally:
            if self._fd is not None:
                os.close(self._fd)

    def swap_in(self, name: str) -> Path:
        final = self.packages / name
        old = self.path / "old"
        with folder_lock(self.packages):
            self.packages.mkdir(parents=True, exist_ok=True)
            old.mkdir()
            if final.exists() or final.is_symlink():
                os.replace(final, old / name)
            try:
                os.replace(self.unpacked / name, final)
            except OSError:
                if (old / name).exists():
                    os.replace(old / name, final)  # the old package goes back in place
                raise
            _sync_folder(self.packages)
        return final

    def move_out(self, name: str) -> None:
        removed = self.path / "removed"
        with folder_lock(self.packages):
            removed.mkdir()
            os.replace(self.packages / name, removed / name)
            _sync_folder(self.packages)


def move_out(packages: Path, name: str) -> None:
    with StagingArea(packages) as area:
        area.move_out(name)


def _recover_area(area: Path, packages: Path) -> list[str]:
    restored = []
    old = area / "old"
    if old.is_dir():
        for package in old.iterdir():
            final = packages / package.name
            if not (final.exists() or final.is_symlink()):
                os.replace(package, final)
                restored.append(package.name)
        if restored:
            _sync_folder(packages)
    _delete_area(area)
    return restored


def recover(packages: Path) -> list[str]:
    root = staging_root(packages)
    if not root.is_dir() or not any(p.is_dir() for p in root.iterdir()):
        return []  # nothing to do: no lock taken, nothing written
    restored: list[str] = []
    with folder_lock(packages):
        for area in sorted(root.iterdir()):
            if area.name == LOCK_NAME or not area.is_dir():
                continue
            try:
                fd = _try_lock(area / LOCK_NAME, create=False)
            except FileNotFoundError:
                fd = -1  # killed before locking it, or its owner is deleting it: stale either way
            if fd is None:
                continue  # a running install or removal owns it
            try:
                restored += _recover_area(area, packages)
            except FileNotFoundError:
                pass  # its owner deleted it meanwhile
            finally:
                if fd >= 0:
                    os.close(fd)
    return restored
