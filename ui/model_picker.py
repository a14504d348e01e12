"""The model a page works with, shared by Predict and Inspect: choose it, load it, ask it.

Which models exist is the core's rule (`alexnet.store.model_files`); here they get labels in
the page's language, a chooser whose choice both pages share, and caches: a model is loaded
once per file path and modification time (a checkpoint written again, by a resumed run, is
loaded afresh), and its outputs once per image.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import streamlit as st

from alexnet.analysis.evaluation import predict_probabilities
from alexnet.analysis.models import load_model, model_class_names
from alexnet.store.model_files import ModelFile, damaged_runs, data_source_of, usable_models
from ui.i18n import t, translated_choice
from ui.state import chosen_model, set_chosen_model
from ui.words import state_label

_SHOWN_KEY = "models.shown"  # the key last shown, to notice a choice made elsewhere


def model_label(model: ModelFile) -> str:
    """What the chooser shows for a model, in the session's language."""
    if model.kind == "shipped":
        accuracy = "?" if model.test_accuracy is None else f"{model.test_accuracy:.1%}"
        return t("Shipped: {name} ({accuracy} test accuracy)").format(
            name=model.name, accuracy=accuracy
        )
    if model.kind == "pretrained":
        return t("Pretrained: {name}").format(name=model.name)
    return t("Run: {name} ({state}, {epochs} epochs)").format(
        name=model.name,
        state=state_label(model.state or "unknown"),
        epochs="?" if model.epochs is None else model.epochs,
    )


@st.cache_resource(max_entries=4, show_spinner=False)
def _loaded_model(path: str, mtime: float) -> Any:
    del mtime  # part of the cache key only
    return load_model(path)


def load(model: ModelFile) -> Any:
    """The Keras model of a file (cached per path and modification time).

    Raises:
        ValueError: if the file is not a loadable model (the message says why).
    """
    return _loaded_model(*model.cache_key)


def class_names(model: Any, choice: ModelFile | None = None) -> list[str]:
    """What each output of the model means, numbered classes in the session's language.

    Args:
        model: the loaded model.
        choice: where it came from; a run's data source decides (random data: numbered).
    """
    source = None if choice is None else data_source_of(choice)
    generic = t("class {n}")
    return [
        generic.format(n=name.split()[1]) if name.startswith("class ") else name
        for name in model_class_names(model, source)
    ]


@st.cache_data(max_entries=256, show_spinner=False)
def _probabilities(model_key: tuple[str, float], digest: str, _model: Any, _x: np.ndarray) -> Any:
    del model_key, digest  # the cache key: which model, which pixels
    return predict_probabilities(_model, _x)


def probabilities(choice: ModelFile, model: Any, x: np.ndarray, digest: str) -> np.ndarray:
    """Softmax outputs (N, num_classes) of `model` for images `x`, cached by model and `digest`.

    Args:
        choice: the chosen model (its file and modification time are the cache key).
        x: (N, H, W, C) uint8 images at the model's input size.
        digest: a string that identifies the pixels of `x`.
    """
    return _probabilities(choice.cache_key, digest, model, x)


def _no_models() -> None:
    st.info(
        t(
            "There is no trained model yet. Train a model on the Train page first; "
            "it appears here when it has finished or was stopped."
        ),
        icon=":material/info:",
    )


def _remembered_choice(widget_key: str, keys: list[str]) -> None:
    # Chosen elsewhere (the other page, or "Open in Predict" on the Runs page) wins; a choice
    # that is gone (a deleted run) falls back to the first model.
    ss = st.session_state
    remembered = chosen_model()
    if remembered in keys and (remembered != ss.get(_SHOWN_KEY) or widget_key not in ss):
        ss[widget_key] = remembered
    elif ss.get(widget_key) not in keys:
        ss[widget_key] = keys[0]


def choose_model(key: str) -> tuple[ModelFile, Any] | None:
    """A model chooser; returns (choice, loaded model), or None after saying why there is none.

    The choice is kept in the session, so Predict and Inspect show the same model.

    Args:
        key: widget key prefix of the page.
    """
    try:
        choices = usable_models()
        damaged = damaged_runs()
    except (OSError, ValueError) as error:
        st.error(t("The runs folder could not be read: {error}").format(error=error))
        return None
    if damaged:
        st.warning(
            t("These runs could not be read and are left out: {runs}").format(
                runs="; ".join(damaged)
            ),
            icon=":material/warning:",
        )
    if not choices:
        _no_models()
        return None
    by_key = {c.key: c for c in choices}
    labels = {c.key: model_label(c) for c in choices}
    widget_key = translated_choice(f"{key}.model")
    _remembered_choice(widget_key, list(by_key))
    chosen_key = st.selectbox(
        t("Model"),
        list(by_key),
        format_func=labels.__getitem__,
        key=widget_key,
        help=t(
            "Finished or stopped training runs, and the pretrained models shipped with the app."
        ),
    )
    choice = by_key.get(chosen_key) or choices[0]
    set_chosen_model(choice.key)
    st.session_state[_SHOWN_KEY] = choice.key
    try:
        with st.spinner(t("Loading the model...")):
            model = load(choice)
    except ValueError as error:
        st.error(
            t("This model could not be loaded: {error}").format(error=error),
            icon=":material/error:",
        )
        return None
    return choice, model
