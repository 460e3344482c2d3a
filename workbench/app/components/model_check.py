"""The warning every page but Models shows when no German->English model is installed."""

from __future__ import annotations

import streamlit as st

from workbench import model_choice, models


def model_warning(models_page) -> bool:
    """Show the warning with a link to the Models page; True if a model is installed."""
    if model_choice.chosen_model("de", "en") is not None:
        return True
    st.warning(models.NO_MODEL_HELP)
    st.page_link(models_page, label="Install a model on the Models page", icon=":material/memory:")
    return False
