"""A child process for the crash tests: installs (or removes) a model and dies hard, with
os._exit, at a chosen file-system step.

    python install_child.py install PACKAGE KILL_AT
    python install_child.py remove NAME KILL_AT

Steps are the calls that change the disk: os.mkdir, os.open, os.replace, os.rename, os.unlink,
os.rmdir, os.fsync, opening a file for writing and every write to it. The child dies just
before step KILL_AT (just after, for opening a file: it exists then) with exit code KILLED.
With KILL_AT 0 it never dies and prints how many steps it took.
"""

from __future__ import annotations

import builtins
import os
import sys
from pathlib import Path

KILLED = 86
_steps = 0
_kill_at = 0


def _step() -> None:
    global _steps
    _steps += 1
    if _steps == _kill_at:
        os._exit(KILLED)


def _counted(call):
    def counted(*args, **kwargs):
        _step()
        return call(*args, **kwargs)

    return counted


class _CountedFile:
    """A file opened for writing whose every write is a step."""

    def __init__(self, file):
        self._file = file

    def write(self, data):
        _step()
        return self._file.write(data)

    def __getattr__(self, name):
        return getattr(self._file, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._file.close()


def _patch() -> None:
    for name in ("mkdir", "open", "replace", "rename", "unlink", "rmdir", "fsync"):
        setattr(os, name, _counted(getattr(os, name)))
    real_open = builtins.open

    def counted_open(file, mode="r", *args, **kwargs):
        opened = real_open(file, mode, *args, **kwargs)
        if any(flag in mode for flag in "wxa+"):
            _step()
            return _CountedFile(opened)
        return opened

    builtins.open = counted_open


def main(action: str, target: str, kill_at: int) -> None:
    global _kill_at
    from workbench import models

    _kill_at = kill_at
    _patch()
    if action == "install":
        models.install_model(Path(target))
    else:
        models.remove_model(target)
    print(_steps)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
