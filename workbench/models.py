"""Argos translation models on this machine: list, choose, install (proven to work), remove,
download.

Contract:
- Packages live in `packages_dir()`: ARGOS_PACKAGES_DIR if set, else argostranslate's default
  (XDG_DATA_HOME or ~/.local/share, then argos-translate/packages). The environment is read at
  call time, never at import.
- `installed_models()` lists the packages that load; a broken folder is reported in
  `broken_models()` instead of breaking the list. Both first finish or roll back any install
  or removal a killed process left half-done (`workbench.model_folder.recover`), so a complete
  package is always in place; if that cannot be done, `broken_models()` says why.
- `find_models("de", "en")` lists the usable German->English packages, best first (highest
  package_version, then name); `find_model("de", "en")` is the first of them, and
  `find_model("de", "en", name=NAME)` the one of that folder name (None if it is not there), so
  a person can choose a model and a document can keep using the one it was translated with.
- `install_model(file)` checks a .argosmodel from its zip directory before writing anything
  (`workbench.model_archive`: structure, paths, metadata, sizes, free disk space), unpacks it
  with bounded writes into a staging area, loads it and translates a token with its own
  tokenizer, and only then swaps it in, in a way a kill at any moment cannot leave without a
  model (`workbench.model_folder`). A package of the same name is replaced only by one that
  works; one of another name is added beside it. Any problem, a full disk included, raises
  `ModelError` with a message that says what is wrong and what to do.
- `one_line(text)` is a folder name (or any text from a package) as shown on one line: the
  text itself when printable, else its repr, so a name cannot fake lines or terminal codes.
  `name_as_typed(shown)` turns such a repr, typed back, into the folder name.
- `download_model(from_code, to_code)` reads the Argos package index (ARGOS_PACKAGE_INDEX +
  index.json, the real index by default) with a time limit, downloads the best matching package
  and installs it through `install_model`. With no network it fails within DOWNLOAD_TIMEOUT
  seconds with a `ModelError` that says how to install from a file instead (argostranslate's
  own index call recurses until RecursionError offline, so we do not use it).
"""

from __future__ import annotations

import ast
import json
import os
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from workbench import model_archive, model_folder

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
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


def one_line(text: str) -> str:
    return text if text.isprintable() else repr(text)


def name_as_typed(text: str) -> str:
    """The folder name someone means when typing what `one_line` showed: a quoted string
    stands for the name it escapes, unless a folder has that very name."""
    quoted = len(text) > 1 and text[0] in "'\"" and text[-1] == text[0]
    if not quoted or (packages_dir() / text).is_dir():
        return text
    try:
        name = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return name if isinstance(name, str) else text


def read_model(folder: Path) -> InstalledModel:
    """The model in one package folder, or ModelError saying what is missing."""
    shown = one_line(folder.name)
    try:
        meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{shown}: no metadata.json in the package") from None
    except (OSError, ValueError) as exc:
        raise ModelError(f"{shown}: metadata.json is not valid JSON ({exc})") from None
    problem = model_archive.package_problem(meta, lambda name: (folder / name).is_file())
    if problem:
        raise ModelError(f"{shown}: {problem}")
    return InstalledModel(
        name=folder.name,
        path=folder,
        from_code=meta["from_code"],
        to_code=meta["to_code"],
        from_name=str(meta.get("from_name", meta["from_code"])),
        to_name=str(meta.get("to_name", meta["to_code"])),
        version=str(meta.get("package_version", "")),
    )


def _recover(folder: Path) -> list[str]:
    """Problems left by a killed install that could not be repaired (normally none)."""
    try:
        model_folder.recover(folder)
    except (OSError, model_folder.FolderBusy) as exc:
        where = model_folder.staging_root(folder)
        return [f"{where}: an interrupted install could not be finished ({exc})"]
    return []


def _scan() -> tuple[list[InstalledModel], list[str]]:
    folder = packages_dir()
    models: list[InstalledModel] = []
    broken = _recover(folder)
    if not folder.is_dir():
        return [], broken
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


def find_models(from_code: str = "de", to_code: str = "en") -> list[InstalledModel]:
    """The installed models for a language pair, best first: highest version, then name."""
    matches = [m for m in installed_models() if (m.from_code, m.to_code) == (from_code, to_code)]
    return sorted(matches, key=lambda m: (_version_key(m.version), m.name), reverse=True)


def find_model(
    from_code: str = "de", to_code: str = "en", name: str | None = None
) -> InstalledModel | None:
    """The best model for the pair, or the one called `name`; None if there is none."""
    for model in find_models(from_code, to_code):
        if name is None or model.name == name:
            return model
    return None


NO_MODEL_HELP = (
    "No German->English model is installed. Install one with "
    "'workbench models download de en' (needs internet) or "
    "'workbench models install FILE.argosmodel' (or on the app's Models page)."
)


# -- installing ------------------------------------------------------------------------------


def install_model(file: Path, *, display_name: str | None = None) -> InstalledModel:
    file = Path(file)
    filename = display_name or file.name
    if not file.is_file():
        raise ModelError(f"{filename}: no such file")
    if not zipfile.is_zipfile(file):
        raise ModelError(f"{filename}: not an Argos model (.argosmodel files are zip archives)")
    target = packages_dir()
    try:
        model_folder.recover(target)
        with model_folder.StagingArea(target) as area:
            top = model_archive.unpack(file, area.unpacked, target)
            read_model(area.unpacked / top)
            model_archive.check_translates(area.unpacked / top)
            final = area.swap_in(top)
        return read_model(final)
    except model_archive.PackageRefused as exc:
        raise ModelError(f"{filename}: {exc}") from None
    except ModelError as exc:
        raise ModelError(f"{filename}: {exc}") from None
    except model_folder.FolderBusy:
        raise ModelError(
            f"{filename}: another install or removal is still running in {target}; "
            "try again when it has finished."
        ) from None
    except OSError as exc:
        raise ModelError(
            f"{filename}: could not write to {exc.filename or target} ({exc.strerror or exc}). "
            "Check that the models folder is writable and has space, then try again; the "
            "installed models are unchanged."
        ) from None


def remove_model(name: str) -> None:
    folder = packages_dir()
    names = [m.name for m in installed_models()]  # this also finishes interrupted installs
    # only a folder right inside the packages folder ("" would be the packages folder itself)
    if not name or "/" in name or name.startswith(".") or not (folder / name).is_dir():
        listed = ", ".join(one_line(n) for n in names) or "none"
        raise ModelError(f"No installed model named {name!r}. Installed: {listed}")
    try:
        model_folder.move_out(folder, name)
    except model_folder.FolderBusy:
        raise ModelError(
            f"Another install or removal is still running in {folder}; try again when it has "
            "finished."
        ) from None
    except OSError as exc:
        raise ModelError(
            f"Could not remove {one_line(name)} from {folder} ({exc.strerror or exc})."
        ) from None


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
