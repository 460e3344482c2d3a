"""Which installed model new translations use: the person's choice, else the best one.

Contract (no Streamlit here; everything is read at call time):
- `candidates(from_code, to_code)`: the installed models for that pair, best first (highest
  package_version, then name: the order `workbench.models.find_model` picks by).
- `chosen_model(from_code="de", to_code="en")`: the model named as the default for the pair in
  the settings file (`workbench.settings.settings_path()`, key `default_models`, e.g.
  `{"de-en": "translate-de_en-1_9"}`) if it is still installed; otherwise the best installed
  one; None when none is installed. It never raises: a damaged settings file means the best
  one (`choice_problem()` says what is wrong with the file, for the Models page).
- `set_default_model(name, from_code, to_code)` records the choice; `ModelError` if no
  installed model of that pair has that name, `SettingsError` if the file cannot be written.
  Removing a model leaves the setting: if the model comes back, it is the default again.
"""

from __future__ import annotations

from workbench import models
from workbench.settings import SettingsError, read_settings, write_setting

SETTING = "default_models"


def _pair(from_code: str, to_code: str) -> str:
    return f"{from_code}-{to_code}"


def candidates(from_code: str = "de", to_code: str = "en") -> list[models.InstalledModel]:
    matches = [
        m for m in models.installed_models() if (m.from_code, m.to_code) == (from_code, to_code)
    ]
    return sorted(matches, key=_rank, reverse=True)


def _rank(model: models.InstalledModel) -> tuple:
    """find_model's order: a valid package_version beats none, higher beats lower, then name."""
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(model.version), model.name)
    except InvalidVersion:
        return (0, Version("0"), model.name)


def default_model_name(from_code: str = "de", to_code: str = "en") -> str | None:
    """The name recorded as the default for the pair (installed or not); SettingsError if the
    settings file cannot be read."""
    chosen = read_settings().get(SETTING, {})
    name = chosen.get(_pair(from_code, to_code)) if isinstance(chosen, dict) else None
    return name if isinstance(name, str) and name else None


def chosen_model(from_code: str = "de", to_code: str = "en") -> models.InstalledModel | None:
    installed = candidates(from_code, to_code)
    try:
        name = default_model_name(from_code, to_code)
    except SettingsError:
        name = None
    preferred = next((m for m in installed if m.name == name), None)
    return preferred or (installed[0] if installed else None)


def choice_problem() -> str | None:
    """Why the recorded choice cannot be read (a message for people), or None."""
    try:
        read_settings()
    except SettingsError as problem:
        return str(problem)
    return None


def set_default_model(
    name: str, from_code: str = "de", to_code: str = "en"
) -> models.InstalledModel:
    model = next((m for m in candidates(from_code, to_code) if m.name == name), None)
    if model is None:
        names = ", ".join(m.name for m in candidates(from_code, to_code)) or "none"
        raise models.ModelError(
            f"No installed {from_code}->{to_code} model named {name!r}. Installed: {names}"
        )
    chosen = read_settings().get(SETTING, {})
    chosen = dict(chosen) if isinstance(chosen, dict) else {}
    chosen[_pair(from_code, to_code)] = name
    write_setting(SETTING, chosen)
    return model
