"""The installed models: which one new German->English translations use, choosing it, removing.

- `model_status()`: one line saying which German->English model new translations use (the
  person's choice, see `workbench.model_choice`), or that none is installed; and a problem
  with the settings file, if any.
- `default_choice()`: with two or more German->English models, a select box to choose the one
  new translations use (`model-default`); the choice is stored at once.
- `model_rows()`: one row per installed model with Remove (`remove-NAME`), which asks first,
  naming the model (`really-remove-NAME` / `keep-NAME`).
Actions end with a flash message and a rerun: the page shows the state after the action.
"""

from __future__ import annotations

import streamlit as st

from workbench import model_choice, models
from workbench.app.components.flash import flash
from workbench.app.safe_text import md_text
from workbench.settings import SettingsError, settings_path

CHOICE_KEY = "model-default"


def model_status() -> None:
    chosen = model_choice.chosen_model("de", "en")
    if chosen is None:
        st.warning("No German->English model is installed: install one below.")
    else:
        st.success(f"New German->English translations use **{md_text(chosen.name)}**.")
    problem = model_choice.choice_problem()
    if problem:
        st.warning(md_text(problem))


def _choose() -> None:
    name = st.session_state[CHOICE_KEY]
    try:
        model_choice.set_default_model(name, "de", "en")
    except (models.ModelError, SettingsError) as error:
        flash("error", md_text(error))
    else:
        flash("success", f"New German->English translations now use {md_text(name)}.")


def default_choice() -> None:
    candidates = model_choice.candidates("de", "en")
    chosen = model_choice.chosen_model("de", "en")
    if len(candidates) < 2 or chosen is None:
        return
    st.session_state[CHOICE_KEY] = chosen.name  # always show the choice as it is on disk
    st.selectbox(
        "Model for new German->English translations",
        [m.name for m in candidates],
        key=CHOICE_KEY,
        on_change=_choose,
        help=f"Remembered in {md_text(settings_path())}; until you choose, the best installed "
        "one is used. Documents already translated keep their text.",
    )


def _remove(name: str) -> None:
    st.session_state.pop(f"confirm-remove-{name}", None)
    try:
        models.remove_model(name)
    except models.ModelError as error:
        flash("error", md_text(error))
    else:
        flash("success", f"Removed {md_text(name)}.")
    st.rerun()


def model_rows() -> None:
    installed = models.installed_models()
    chosen = model_choice.chosen_model("de", "en")
    if not installed:
        st.info("No translation models are installed.")
    for model in installed:
        label_col, remove_col = st.columns([5, 1])
        in_use = " · used for new translations" if chosen and model.name == chosen.name else ""
        label_col.markdown(
            f"**{md_text(f'{model.from_name} -> {model.to_name}')}** · {md_text(model.name)}"
            f" · version {md_text(model.version or '?')}{in_use}"
        )
        confirm = f"confirm-remove-{model.name}"
        if remove_col.button("Remove", key=f"remove-{model.name}"):
            st.session_state[confirm] = True
        if st.session_state.get(confirm):
            st.warning(
                f"Remove the model {md_text(model.name)} ({md_text(model.label)}) from this "
                "machine? Documents already translated keep their text; to use it again, "
                "install its file again."
            )
            yes, no = st.columns(2)
            if yes.button("Yes, remove", key=f"really-remove-{model.name}", type="primary"):
                _remove(model.name)
            if no.button("Keep it", key=f"keep-{model.name}"):
                st.session_state.pop(confirm)
                st.rerun()
    for problem in models.broken_models():
        st.error(f"Broken package (ignored): {md_text(problem)}")
