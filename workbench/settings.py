"""Where the workbench keeps things on disk, size limits, and the person's own settings file.

Contract:
- Everything is read from the environment and from disk at call time; importing creates
  nothing.
- `glossaries_dir()`: $WORKBENCH_GLOSSARIES if set, else `<current directory>/glossaries`.
  Nothing is created here; callers create folders when they write.
- Upload limits for the app (bytes): each uploader gets its own limit (`upload_limit_mb`) and
  checks the uploaded bytes themselves as well. `SERVER_UPLOAD_LIMIT` is the server's global
  limit, the largest of the small caps: no upload larger than that is ever held in the server's
  memory. A model larger than that is installed from a path on the server instead.
- `settings_path()`: `settings.json` in the workspace's folder (beside the file
  `default_workspace_path()` names, so `WORKBENCH_WORKSPACE` moves it too).
  `read_settings()` gives its JSON object ({} when there is no file yet) or raises
  `SettingsError` naming the file and what to do; `write_setting(key, value)` changes one key
  atomically (a temporary file, then a rename) and refuses, with `SettingsError`, to write over
  a file it cannot read, so nothing a person wrote there is lost.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

GLOSSARIES_ENV = "WORKBENCH_GLOSSARIES"
STARTER_GLOSSARY = "news-de-en.csv"
MB = 1024 * 1024
MAX_ARTICLE_UPLOAD = 10 * MB  # same as workbench.documents' own limit
MAX_GLOSSARY_UPLOAD = 5 * MB  # tens of thousands of terms
SERVER_UPLOAD_LIMIT = max(MAX_ARTICLE_UPLOAD, MAX_GLOSSARY_UPLOAD)
# Through the browser only small model packages (test packages) fit; real models (100-300 MB)
# are installed from a path on the server, so they never sit in the server's memory.
MAX_MODEL_UPLOAD = SERVER_UPLOAD_LIMIT
MAX_PASTED_CHARS = 200_000  # a long article is ~20,000 characters
SETTINGS_FILE = "settings.json"


class SettingsError(Exception):
    """The settings file cannot be read or written; the message names it and says what to do."""


def glossaries_dir() -> Path:
    configured = os.environ.get(GLOSSARIES_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    return Path.cwd() / "glossaries"


def upload_limit_mb(limit: int) -> int:
    """An uploader's limit in whole megabytes (what st.file_uploader takes), rounded up."""
    return max(1, -(-limit // MB))


def settings_path() -> Path:
    from workbench.workspace import default_workspace_path

    return default_workspace_path().parent / SETTINGS_FILE


def read_settings() -> dict:
    path = settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(
            f"The settings file {path} cannot be read ({error}). Make it readable, or move it "
            "away to start with default settings."
        ) from None
    try:
        data = json.loads(text)
    except ValueError as error:
        raise SettingsError(
            f"The settings file {path} is not valid JSON ({error}). Correct it, or move it "
            "away to start with default settings; it was left untouched."
        ) from None
    if not isinstance(data, dict):
        raise SettingsError(
            f"The settings file {path} must hold a JSON object ({{...}}). Correct it, or move "
            "it away to start with default settings; it was left untouched."
        )
    return data


def write_setting(key: str, value) -> Path:
    """Set one key, keeping every other one; returns the file written."""
    settings = read_settings()  # a damaged file raises here: it is never written over
    settings[key] = value
    path = settings_path()
    try:
        _write_atomically(path, json.dumps(settings, ensure_ascii=False, indent=2) + "\n")
    except OSError as error:
        raise SettingsError(
            f"The settings file {path} cannot be written ({error.strerror or error}). Make "
            "its folder writable, or set WORKBENCH_WORKSPACE to a writable location."
        ) from None
    return path


def _write_atomically(path: Path, text: str) -> None:
    """Readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
