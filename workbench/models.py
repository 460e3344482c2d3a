"""Argos translation models on this machine: list, install (validated), remove, download.

Contract:
- Packages live in `packages_dir()`: ARGOS_PACKAGES_DIR if set, else argostranslate's default
  (XDG_DATA_HOME or ~/.local/share, then argos-translate/packages). The environment is read at
  call time, never at import.
- `installed_models()` lists the packages that load; a broken folder is reported in
  `broken_models()` instead of breaking the list. `find_model("de", "en")` picks the
  German->English package to use (highest package_version, then name), or returns None.
- `install_model(file)` validates a .argosmodel in a staging folder first: a zip, at most
  MAX_FILES entries and MAX_UNPACKED_BYTES unpacked (checked while unpacking, not only from the
  zip's own claims), exactly one top-level folder, no links or paths that leave it, a
  metadata.json with from_code and to_code, a model/ folder with model.bin and a tokenizer.
  Only a package that passes all this is moved into place (replacing one of the same name), so
  a bad file never harms installed models. Any problem raises `ModelError` with a message that
  says what is wrong and what to do.
- `download_model(from_code, to_code)` reads the Argos package index (ARGOS_PACKAGE_INDEX + index.json,
  the real index by default) with a time limit, downloads the best matching package and
  installs it through `install_model`. With no network it fails within DOWNLOAD_TIMEOUT seconds
  with a `ModelError` that says how to install from a file instead (argostranslate's own index
  call recurses until RecursionError offline, so we do not use it).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
MAX_FILES = 2_000
MAX_UNPACKED_BYTES = 4 * 1024**3  # the largest real Argos models are well under 1 GB
DOWNLOAD_TIMEOUT = 10.0  # seconds for reaching the index: offline must fail fast


class ModelError(Exception):
    """A model problem the user can act on; the message says what to do."""


@dataclass(frozen=True)
class InstalledModel:
    name: str  # folder name in the packages folder, e.g. "translate-de_en-1_9"
    path: Path
    from_code: str
    to_code: str
    from_name: str
    to_name: str
    version: str

    @property
    def label(self) -> str:
        return f"{self.from_name} -> {self.to_name} ({self.name}, version {self.version})"


def packages_dir() -> Path:
    explicit = os.environ.get("ARGOS_PACKAGES_DIR")
    if explicit:
        return Path(explicit)
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "argos-translate" / "packages"


def read_model(folder: Path) -> InstalledModel:
    """The model in one package folder, or ModelError saying what is missing."""
    meta_path = folder / "metadata.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{folder.name}: no metadata.json in the package") from None
    except (OSError, ValueError) as exc:
        raise ModelError(f"{folder.name}: metadata.json is not valid JSON ({exc})") from None
    if not isinstance(meta, dict):
        raise ModelError(f"{folder.name}: metadata.json must hold a JSON object")
    codes = meta.get("from_code"), meta.get("to_code")
    if not (isinstance(codes[0], str) and codes[0] and isinstance(codes[1], str) and codes[1]):
        raise ModelError(f"{folder.name}: metadata.json needs from_code and to_code")
    if meta.get("type", "translate") != "translate":
        raise ModelError(f"{folder.name}: a '{meta.get('type')}' package, not a translation model")
    if not (folder / "model" / "model.bin").is_file():
        raise ModelError(f"{folder.name}: no model/model.bin (CTranslate2 model) in the package")
    if not any((folder / t).is_file() for t in ("sentencepiece.model", "bpe.model")):
        raise ModelError(f"{folder.name}: no tokenizer (sentencepiece.model or bpe.model)")
    return InstalledModel(
        name=folder.name,
        path=folder,
        from_code=codes[0],
        to_code=codes[1],
        from_name=str(meta.get("from_name", codes[0])),
        to_name=str(meta.get("to_name", codes[1])),
        version=str(meta.get("package_version", "")),
    )


def _scan() -> tuple[list[InstalledModel], list[str]]:
    models, broken = [], []
    folder = packages_dir()
    if not folder.is_dir():
        return [], []
    for sub in sorted(folder.iterdir()):
        if sub.is_dir() and not sub.name.startswith("."):
            try:
                models.append(read_model(sub))
            except ModelError as exc:
                broken.append(str(exc))
    return models, broken


def installed_models() -> list[InstalledModel]:
    return _scan()[0]


def broken_models() -> list[str]:
    return _scan()[1]


def _version_key(version: str):
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(version))
    except InvalidVersion:
        return (0, Version("0"))


def find_model(from_code: str = "de", to_code: str = "en") -> InstalledModel | None:
    matches = [m for m in installed_models() if (m.from_code, m.to_code) == (from_code, to_code)]
    if not matches:
        return None
    return max(matches, key=lambda m: (_version_key(m.version), m.name))


NO_MODEL_HELP = (
    "No German->English model is installed. Install one with "
    "'workbench models download de en' (needs internet) or "
    "'workbench models install FILE.argosmodel' (or on the app's Models page)."
)


# -- installing ------------------------------------------------------------------------------


def _check_archive(archive: zipfile.ZipFile, filename: str) -> str:
    """The single top-level folder name, or ModelError."""
    infos = archive.infolist()
    if len(infos) > MAX_FILES:
        raise ModelError(f"{filename}: {len(infos)} files in the archive (at most {MAX_FILES})")
    tops = set()
    for info in infos:
        path = PurePosixPath(info.filename)
        if path.is_absolute() or ".." in path.parts or "\\" in info.filename:
            raise ModelError(f"{filename}: unsafe path in the archive: {info.filename!r}")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ModelError(f"{filename}: the archive contains a link ({info.filename!r})")
        tops.add(path.parts[0])
        if len(path.parts) == 1 and not info.is_dir():
            raise ModelError(
                f"{filename}: '{info.filename}' lies outside a package folder; an .argosmodel "
                "holds exactly one top-level folder"
            )
    if len(tops) != 1:
        found = ", ".join(sorted(tops)) or "nothing"
        raise ModelError(
            f"{filename}: an .argosmodel holds exactly one top-level folder, this one has {found}"
        )
    top = tops.pop()
    if top.startswith("."):
        raise ModelError(f"{filename}: the package folder name {top!r} is hidden")
    return top


def _extract(archive: zipfile.ZipFile, target: Path, filename: str) -> None:
    """Extract with a running byte count, so a zip bomb stops early whatever its headers say."""
    total = 0
    for info in archive.infolist():
        dest = target / info.filename
        if info.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(info) as src, open(dest, "wb") as out:
            while chunk := src.read(1 << 20):
                total += len(chunk)
                if total > MAX_UNPACKED_BYTES:
                    raise ModelError(
                        f"{filename}: unpacks to more than {MAX_UNPACKED_BYTES // 1024**2} MB; "
                        "refused (a real model is smaller: is this a zip bomb?)"
                    )
                out.write(chunk)


def install_model(file: Path, *, display_name: str | None = None) -> InstalledModel:
    file = Path(file)
    filename = display_name or file.name
    if not file.is_file():
        raise ModelError(f"{filename}: no such file")
    if not zipfile.is_zipfile(file):
        raise ModelError(f"{filename}: not an Argos model (.argosmodel files are zip archives)")
    target_dir = packages_dir()
    staging_root = target_dir.parent / ".workbench-staging"
    staging_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=staging_root))
    try:
        try:
            with zipfile.ZipFile(file) as archive:
                top = _check_archive(archive, filename)
                _extract(archive, staging, filename)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
            raise ModelError(f"{filename}: damaged archive ({exc})") from None
        try:
            read_model(staging / top)  # metadata, model and tokenizer are there
        except ModelError as exc:
            raise ModelError(f"{filename}: {exc}") from None
        _check_loads(staging / top, filename)
        target_dir.mkdir(parents=True, exist_ok=True)
        final = target_dir / top
        if final.exists():  # same package name: replace it (an update)
            old = staging / ".old"
            os.replace(final, old)
        os.replace(staging / top, final)
        return read_model(final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_loads(folder: Path, filename: str) -> None:
    """Open the package the way argostranslate does, so a package that passes works."""
    try:
        from argostranslate.package import Package

        package = Package(folder)
        package.tokenizer.encode("Test")
    except Exception as exc:  # noqa: BLE001 - any failure here means: do not install
        raise ModelError(f"{filename}: the package does not load ({exc})") from None


def remove_model(name: str) -> None:
    folder = packages_dir() / name
    if "/" in name or name.startswith(".") or not folder.is_dir():
        names = ", ".join(m.name for m in installed_models()) or "none"
        raise ModelError(f"No installed model named {name!r}. Installed: {names}")
    shutil.rmtree(folder)


# -- downloading -----------------------------------------------------------------------------

DownloadProgress = Callable[[int, int | None], None]  # (bytes so far, total bytes or None)


def index_url() -> str:
    base = os.environ.get("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX
    return base if base.endswith(".json") else base.rstrip("/") + "/index.json"


def _fetch_index(url: str) -> list[dict]:
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT / 2) as response:
            data = json.loads(response.read())
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise ModelError(
            f"Could not reach the Argos package index ({url}): {exc}. You seem to be offline: "
            "download the .argosmodel file on a connected machine and install it with "
            "'workbench models install FILE.argosmodel' or on the app's Models page."
        ) from None
    except ValueError:
        raise ModelError(f"The package index at {url} is not valid JSON.") from None
    if not isinstance(data, list):
        raise ModelError(f"The package index at {url} is not a list of packages.")
    return [d for d in data if isinstance(d, dict)]


def download_model(
    from_code: str, to_code: str, *, progress: DownloadProgress | None = None
) -> InstalledModel:
    url = index_url()
    entries = [
        e
        for e in _fetch_index(url)
        if e.get("from_code") == from_code
        and e.get("to_code") == to_code
        and e.get("type", "translate") == "translate"
    ]
    if not entries:
        raise ModelError(f"The package index at {url} has no {from_code}->{to_code} model.")
    entry = max(entries, key=lambda e: _version_key(str(e.get("package_version", ""))))
    links = [link for link in entry.get("links", []) if isinstance(link, str)]
    if not links:
        raise ModelError(f"The index entry for {from_code}->{to_code} has no download link.")
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "download.argosmodel"
        _download(links, file, progress)
        return install_model(file, display_name=links[0].rsplit("/", 1)[-1])


def _download(links: list[str], file: Path, progress: DownloadProgress | None) -> None:
    errors = []
    for link in links:
        try:
            with (
                urllib.request.urlopen(link, timeout=DOWNLOAD_TIMEOUT) as response,
                open(file, "wb") as out,
            ):
                total = response.headers.get("Content-Length")
                total = int(total) if total and total.isdigit() else None
                done, last = 0, 0.0
                while chunk := response.read(1 << 20):
                    out.write(chunk)
                    done += len(chunk)
                    if progress and time.monotonic() - last > 0.2:
                        progress(done, total)
                        last = time.monotonic()
                if progress:
                    progress(done, total)
                return
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            errors.append(f"{link}: {exc}")
    raise ModelError("Download failed: " + "; ".join(errors))
