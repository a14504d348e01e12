"""The model a page works with, shared by Predict and Inspect: choose it, load it, ask it.

Which models exist is the core's rule (`alexnet.store.model_files`); here they get labels in
the page's language, a chooser whose choice both pages share, and caches: a model is loaded
once per file path and modification time (a checkpoint written again, by a resumed run, is
loaded afresh), and its outputs once per image.

Loading starts in the background the moment a model is chosen (`choose_model`), and its
first prediction is made there too, so the page draws its gallery while TensorFlow starts
and Keras builds the prediction function: on a first visit the images come first, and a
click on one is answered from a warm model (docs/benchmarks.md, "First visit").
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np
import streamlit as st

from alexnet.analysis.evaluation import predict_probabilities
from alexnet.analysis.models import load_model, model_class_names, model_input_shape
from alexnet.analysis.numpy_model import NumpyModel, UnsupportedModel
from alexnet.store.model_files import ModelFile, damaged_runs, data_source_of, usable_models
from ui.i18n import message_text, t, translated_choice
from ui.state import chosen_model, set_chosen_model
from ui.words import class_label, state_label

_SHOWN_KEY = "models.shown"  # the key last shown, to notice a choice made elsewhere
MAX_LOADED = 4  # models kept loaded in the server (the ImageNet AlexNet is 250 MB each)
# One loader thread for the server: models load one after another, never two at once.
_LOADER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="model-loader")
_LOADS: OrderedDict[tuple[str, float], Future] = OrderedDict()
_LOADS_LOCK = threading.Lock()
KERAS_AFTER_SECONDS = 3.0  # a page that answered from NumPy loads Keras this long after


def model_label(model: ModelFile) -> str:
    """What the chooser shows for a model, in the session's language."""
    if model.kind == "shipped":
        accuracy = "?" if model.test_accuracy is None else f"{model.test_accuracy:.1%}"
        return t("Shipped: {name} ({accuracy} test accuracy)").format(
            name=message_text(model.name), accuracy=accuracy
        )
    if model.kind == "pretrained":
        return t("Pretrained: {name}").format(name=message_text(model.name))
    return t("Run: {name} ({state}, {epochs} epochs)").format(
        name=message_text(model.name),
        state=state_label(model.state or "unknown"),
        epochs="?" if model.epochs is None else model.epochs,
    )


def _load_and_warm(path: str, input_shape: tuple[int, int, int] | None, delay: float) -> Any:
    time.sleep(delay)
    model = load_model(path)
    if input_shape is not None:  # Keras builds its prediction function on the first call
        predict_probabilities(model, np.zeros((1, *input_shape), np.uint8))
    return model


def start_loading(model: ModelFile, delay: float = 0.0) -> Future:
    """Load a model in the background (once per file and modification time); its future.

    Args:
        delay: seconds to wait first, where the model is not needed yet: importing
            TensorFlow takes a core for two seconds, which the browser on a 2-core laptop
            needs to draw the page just sent to it.
    """
    key = model.cache_key
    with _LOADS_LOCK:
        future = _LOADS.pop(key, None)
        if future is None or (future.done() and future.exception() is not None):
            future = _LOADER.submit(_load_and_warm, str(model.path), model.input_shape, delay)
        _LOADS[key] = future  # the most recent last
        while len(_LOADS) > MAX_LOADED:
            _LOADS.popitem(last=False)
    return future


def load(model: ModelFile) -> Any:
    """The Keras model of a file, waiting for its background load.

    Raises:
        ValueError: if the file is not a loadable model (the message says why).
    """
    return start_loading(model).result()


def class_names(model: Any, choice: ModelFile | None = None) -> list[str]:
    """What each output of the model means, numbered classes in the session's language.

    Args:
        model: the loaded model.
        choice: where it came from; a run's data source decides (random data: numbered).
    """
    source = None if choice is None else data_source_of(choice)
    generic = t("class {n}")
    return [
        generic.format(n=name.split()[1]) if name.startswith("class ") else class_label(name)
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


def choose_model(key: str, *, load: bool = True) -> ModelFile | None:
    """A model chooser; returns the chosen model file, or None after saying why there is none.

    The choice is kept in the session, so Predict and Inspect show the same model.

    Args:
        key: widget key prefix of the page.
        load: start loading the Keras model in the background now. A page that answers
            first from `first_model` starts it at its end instead (`start_loading`): importing
            TensorFlow beside the page's own run slows the run down by seconds.
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
                runs="; ".join(message_text(line) for line in damaged)
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
    if load:
        start_loading(choice)
    return choice


def loaded_model(choice: ModelFile) -> Any | None:
    """The chosen model once loaded, or None after saying why it could not be."""
    try:
        with st.spinner(t("Loading the model...")):
            return load(choice)
    except ValueError as error:
        st.error(
            t("This model could not be loaded: {error}").format(error=error),
            icon=":material/error:",
        )
        return None


_NUMPY_MODELS: OrderedDict[tuple[str, float], NumpyModel | None] = OrderedDict()


def _numpy_model(choice: ModelFile) -> NumpyModel | None:
    """The file's model run in NumPy, or None where it holds anything else (kept per file)."""
    key = choice.cache_key
    with _LOADS_LOCK:
        if key not in _NUMPY_MODELS:
            try:
                _NUMPY_MODELS[key] = NumpyModel.from_file(choice.path)
            except UnsupportedModel:
                _NUMPY_MODELS[key] = None
            while len(_NUMPY_MODELS) > MAX_LOADED:
                _NUMPY_MODELS.popitem(last=False)
        _NUMPY_MODELS.move_to_end(key)
        return _NUMPY_MODELS[key]


def first_model(choice: ModelFile) -> Any | None:
    """The chosen model, as soon as it can answer: the Keras model once it has loaded, and
    before that the same file run in NumPy (`alexnet.analysis.numpy_model`, the same
    outputs to rounding) where its layers allow; else it waits for Keras like `loaded_model`.
    """
    with _LOADS_LOCK:
        future = _LOADS.get(choice.cache_key)
        if future is not None and future.done() and future.exception() is None:
            _NUMPY_MODELS.pop(choice.cache_key, None)  # Keras answers now: one copy in memory
            return future.result()
    return _numpy_model(choice) or loaded_model(choice)


def input_shape(choice: ModelFile) -> tuple[int, int, int] | None:
    """The image size the model takes, known before it is loaded where its files say it;
    None after saying why the model could not be loaded."""
    if choice.input_shape is not None:
        return choice.input_shape
    model = loaded_model(choice)
    return None if model is None else model_input_shape(model)
