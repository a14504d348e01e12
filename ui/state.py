"""Session-state keys and accessors shared by every page.

Pages read and write shared values only through these functions, so a key is spelled in one
place. Widget keys of a single page stay in that page's own module.
"""

from __future__ import annotations

import streamlit as st

from alexnet.config.presets import CIFAR10_ALEXNET
from alexnet.config.spec import ModelSpec

SPEC_KEY = "alexnet.spec"  # the ModelSpec chosen on the Build page (always a valid one)
LARGE_FONT_KEY = "alexnet.large_font"  # bigger text for projectors

DEFAULT_SPEC = CIFAR10_ALEXNET  # small enough to train on a laptop


def current_spec() -> ModelSpec:
    """The spec that pages build, train and show; the CIFAR-10 AlexNet until one is chosen."""
    return st.session_state.get(SPEC_KEY, DEFAULT_SPEC)


def set_current_spec(spec: ModelSpec) -> None:
    """Make `spec` the one later pages use.

    Args:
        spec: a spec whose layer table computes without error.
    """
    if not isinstance(spec, ModelSpec):
        raise ValueError(f"Expected a ModelSpec, got {type(spec).__name__}.")
    st.session_state[SPEC_KEY] = spec


def large_font() -> bool:
    """Whether the large projector font is on."""
    return bool(st.session_state.get(LARGE_FONT_KEY, False))


# The sidebar's large font sets the page's root size to 22 px, over Streamlit's 16 px.
LARGE_FONT_SCALE = 22 / 16


def font_scale() -> float:
    """How much larger than usual the page's text is: 1, or more with the projector font."""
    return LARGE_FONT_SCALE if large_font() else 1.0


def set_large_font(enabled: bool) -> None:
    """Turn the large projector font on or off.

    Args:
        enabled: True for large text.
    """
    st.session_state[LARGE_FONT_KEY] = bool(enabled)


MODEL_KEY = "models.choice"  # the model chosen on Predict or Inspect (a ModelFile key)


def chosen_model() -> str | None:
    """The key of the model last chosen on Predict or Inspect (or by "Open in Predict")."""
    return st.session_state.get(MODEL_KEY)


def set_chosen_model(model_key: str) -> None:
    """Make Predict and Inspect open with this model.

    Args:
        model_key: a `alexnet.store.model_files.ModelFile` key, e.g. "run:<run id>".
    """
    st.session_state[MODEL_KEY] = model_key
