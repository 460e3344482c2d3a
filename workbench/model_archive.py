"""What a safe, working .argosmodel is: checked from its zip directory, unpacked with bounded
writes, and proven to translate before it may replace anything.

Contract:
- `package_problem(meta, has_file)` says what is wrong with a package whose metadata.json holds
  `meta` and whose files `has_file(relative path)` answers for, or returns None: metadata must
  be a JSON object with from_code and to_code, type "translate" (the default), and the package
  must hold model/model.bin and a tokenizer (sentencepiece.model or bpe.model). The listing of
  installed packages and the install use the same rules.
- `unpack(file, target, where)` returns the package folder name after unpacking `file` into
  `target` (`where` is the folder named in messages, e.g. the packages folder).
  Before anything is written, the zip directory is checked: at most MAX_FILES members and
  MAX_UNPACKED_BYTES in total as the directory states them; exactly one top-level folder with a
  printable, non-hidden name; no absolute paths, `..`, backslashes, links or special files; no
  name twice and no path both a file and a folder; metadata.json (read with a bound) and the
  files above present; enough free space (`shutil.disk_usage`) for the stated sizes. Then each
  member is inflated in bounded chunks (`workbench.safezip`), so a member that inflates past its
  stated size is refused as soon as it does: nothing beyond the stated sizes is ever written.
  Files are synced to disk before the caller may swap them in.
- `check_translates(folder)` loads the unpacked package with its own tokenizer and its
  CTranslate2 model and translates one token; anything that fails there is refused.
- Every refusal is a `PackageRefused` whose message says what is wrong (and, for a full disk,
  how much space is needed where); the caller adds the file name. Other file system errors
  propagate as `OSError`.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from workbench.safezip import ZipMemberError, member_chunks, read_member

MAX_FILES = 2_000
MAX_UNPACKED_BYTES = 4 * 1024**3  # the largest real Argos models are well under 1 GB
MAX_METADATA_BYTES = 1024**2
TOKENIZERS = ("sentencepiece.model", "bpe.model")
MODEL_FILE = "model/model.bin"
_BLOCK = 4096  # disk space per file beyond its size, at most (the last, partly used block)


class PackageRefused(Exception):
    """A package that must not be installed; the message says why."""


def megabytes(size: int) -> str:
    return f"{size / 1024**2:.1f} MB"


def package_problem(meta: object, has_file: Callable[[str], bool]) -> str | None:
    if not isinstance(meta, dict):
        return "metadata.json must hold a JSON object"
    codes = meta.get("from_code"), meta.get("to_code")
    if not all(isinstance(code, str) and code for code in codes):
        return "metadata.json needs from_code and to_code"
    if meta.get("type", "translate") != "translate":
        return f"a {meta.get('type')!r} package, not a translation model"
    if not has_file(MODEL_FILE):
        return "no model/model.bin (CTranslate2 model) in the package"
    if not any(has_file(name) for name in TOKENIZERS):
        return "no tokenizer (sentencepiece.model or bpe.model)"
    return None


# -- the zip directory -------------------------------------------------------------------------


def _member_path(info: zipfile.ZipInfo) -> PurePosixPath:
    path = PurePosixPath(info.filename)
    unsafe = path.is_absolute() or ".." in path.parts or "\\" in info.filename
    if unsafe or not path.parts or not info.filename.isprintable():
        raise PackageRefused(f"unsafe path in the archive: {info.filename!r}")
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind == stat.S_IFLNK:
        raise PackageRefused(f"the archive contains a link ({info.filename!r})")
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise PackageRefused(f"the archive contains a special file ({info.filename!r})")
    return path


def _check_tree(infos: list[zipfile.ZipInfo]) -> tuple[str, dict[str, zipfile.ZipInfo]]:
    """The single top-level folder name and the files by path, after checking every path and
    the shape of the tree."""
    files: list[str] = []
    by_path: dict[str, zipfile.ZipInfo] = {}
    folders: set[str] = set()
    for info in infos:
        path = _member_path(info)
        folders.update(str(parent) for parent in path.parents if str(parent) != ".")
        if info.is_dir():
            folders.add(str(path))
        elif len(path.parts) == 1:
            raise PackageRefused(
                f"{info.filename!r} lies outside a package folder; an .argosmodel holds exactly "
                "one top-level folder"
            )
        else:
            files.append(str(path))
            by_path[str(path)] = info
    twice = sorted(name for name, count in Counter(files).items() if count > 1)
    if twice:
        raise PackageRefused(f"{twice[0]!r} appears twice in the archive")
    both = sorted(folders.intersection(files))
    if both:
        raise PackageRefused(f"the archive holds {both[0]!r} both as a file and as a folder")
    tops = {name.split("/")[0] for name in folders}
    if len(tops) != 1:
        found = ", ".join(repr(t) for t in sorted(tops)) or "nothing"
        raise PackageRefused(
            f"an .argosmodel holds exactly one top-level folder, this one has {found}"
        )
    top = tops.pop()
    if top.startswith("."):
        raise PackageRefused(f"the package folder name {top!r} is hidden")
    return top, by_path


def _check_metadata(fp: BinaryIO, top: str, files: dict[str, zipfile.ZipInfo]) -> None:
    info = files.get(f"{top}/metadata.json")
    if info is None:
        raise PackageRefused("no metadata.json in the package")
    try:
        meta = json.loads(read_member(fp, info, MAX_METADATA_BYTES))
    except ValueError as exc:
        raise PackageRefused(f"metadata.json is not valid JSON ({exc})") from None
    problem = package_problem(meta, lambda name: f"{top}/{name}" in files)
    if problem:
        raise PackageRefused(problem)


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_FILES:
        raise PackageRefused(f"{len(infos)} files in the archive (at most {MAX_FILES})")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED_BYTES:
        raise PackageRefused(
            f"unpacks to {megabytes(total)}, more than {megabytes(MAX_UNPACKED_BYTES)}; "
            "refused (a real model is smaller: is this a zip bomb?)"
        )


def _needed_space(infos: list[zipfile.ZipInfo]) -> int:
    return sum(i.file_size for i in infos) + _BLOCK * len(infos)


def _check_space(infos: list[zipfile.ZipInfo], target: Path, where: Path) -> None:
    free = shutil.disk_usage(target).free
    if _needed_space(infos) > free:
        raise PackageRefused(_space_message(_needed_space(infos), where, free))


def _space_message(needed: int, where: Path, free: int | None = None) -> str:
    have = f" ({megabytes(free)} are free)" if free is not None else ""
    return (
        f"not enough disk space: installing needs {megabytes(needed)} free in {where}{have}. "
        "Free some space there (or set ARGOS_PACKAGES_DIR to a folder on a larger disk) and "
        "try again."
    )


# -- unpacking -----------------------------------------------------------------------------------


def _write_member(fp: BinaryIO, info: zipfile.ZipInfo, dest: Path) -> None:
    with open(dest, "xb") as out:
        for chunk in member_chunks(fp, info):
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())


def unpack(file: Path, target: Path, where: Path | None = None) -> str:
    where = where or target  # the folder named in messages
    infos: list[zipfile.ZipInfo] = []
    with open(file, "rb") as fp:
        try:
            infos = zipfile.ZipFile(fp).infolist()
            _check_sizes(infos)
            top, files = _check_tree(infos)
            _check_metadata(fp, top, files)
            _check_space(infos, target, where)
            for info in infos:
                dest = target.joinpath(*PurePosixPath(info.filename).parts)
                if info.is_dir():
                    dest.mkdir(parents=True, exist_ok=True)
                else:
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    _write_member(fp, info, dest)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
            raise PackageRefused(f"damaged archive ({exc})") from None
        except ZipMemberError as exc:
            raise PackageRefused(str(exc)) from None
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise PackageRefused(_space_message(_needed_space(infos), where)) from None
            raise
    return top


def check_translates(folder: Path) -> None:
    """Load the package as the engine does and translate one token, or PackageRefused."""
    try:
        import ctranslate2
        from argostranslate.package import Package

        package = Package(folder)
        tokens = package.tokenizer.encode("Test")
        translator = ctranslate2.Translator(
            str(folder / "model"), device="cpu", inter_threads=1, intra_threads=1
        )
        prefix = [[package.target_prefix]] if package.target_prefix else None
        result = translator.translate_batch(
            [tokens], beam_size=1, max_decoding_length=8, target_prefix=prefix
        )
        package.tokenizer.decode(result[0].hypotheses[0])
    except Exception as exc:  # noqa: BLE001 - any failure here means: do not install
        raise PackageRefused(
            f"the package does not load or translate ({type(exc).__name__}: {exc}); "
            "it was not installed and the installed models are unchanged"
        ) from None
