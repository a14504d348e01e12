"""The Inspect page's computations, cached per model file and image.

TensorFlow work (filters, feature maps, Grad-CAM, a test-set evaluation) runs once per
(model file, modification time, image) and is reused on every rerun: moving the layer slider
only picks another array.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import streamlit as st

from alexnet.analysis import visualize
from alexnet.analysis.evaluation import Evaluation, evaluate_model, stored_evaluation_for
from alexnet.store.model_files import ModelFile, stored_evaluation
from ui.image_picker import fit_to_model, test_images

ModelKey = tuple[str, float]


@st.cache_data(max_entries=16, show_spinner=False)
def _filters(model_key: ModelKey, _model: Any) -> np.ndarray:
    del model_key
    return visualize.first_layer_filters(_model)


def filters(choice: ModelFile, model: Any) -> np.ndarray:
    """The first conv layer's kernels as (n, k, k, 3) images in [0, 1]."""
    return _filters(choice.cache_key, model)


@st.cache_data(max_entries=16, show_spinner=False)
def _maps(model_key: ModelKey, digest: str, _model: Any, _image: np.ndarray) -> dict:
    del model_key, digest
    return visualize.all_feature_maps(_model, _image)


def feature_maps(choice: ModelFile, model: Any, image: np.ndarray, digest: str) -> dict:
    """{layer name: (height, width, channels)} for every conv, BN, activation and pool layer."""
    return _maps(choice.cache_key, digest, model, image)


@st.cache_data(max_entries=64, show_spinner=False)
def _cam(
    model_key: ModelKey, digest: str, class_index: int | None, _model: Any, _image: np.ndarray
) -> tuple[np.ndarray, int]:
    del model_key, digest
    return visualize.grad_cam(_model, _image, class_index)


def grad_cam(
    choice: ModelFile, model: Any, image: np.ndarray, digest: str, class_index: int | None
) -> tuple[np.ndarray, np.ndarray, int]:
    """(heat map in [0, 1], the image with the heat map laid over it, the class explained).

    Args:
        choice: the model's file (cache key).
        image: uint8 (H, W, C) at the model's input size.
        digest: identifies the image's pixels.
        class_index: the class to explain; None for the predicted one.
    """
    heatmap, explained = _cam(choice.cache_key, digest, class_index, model, image)
    return heatmap, visualize.overlay_heatmap(image, heatmap), explained


@st.cache_resource(max_entries=8, show_spinner=False)
def _computed(
    model_key: ModelKey, data_key: str, _model: Any, names: tuple[str, ...]
) -> Evaluation:
    del model_key, data_key
    images = test_images()
    shape = tuple(int(s) for s in _model.input_shape[1:])
    x = (
        images.x
        if images.x.shape[1:] == shape
        else np.stack([fit_to_model(i, shape) for i in images.x])
    )
    return evaluate_model(_model, x, images.y, names, data_description=images.description)


def evaluation(choice: ModelFile, model: Any, names: list[str]) -> tuple[Evaluation, bool]:
    """(the evaluation on the test images, whether it was read from disk rather than computed).

    The run's stored evaluation.json is used when it holds the full evaluation for these test
    images; otherwise the model is evaluated here and the result kept in memory for the
    server's life (the run store has no place to write it back).

    Args:
        names: class names, one per output.
    """
    images = test_images()
    stored = stored_evaluation_for(stored_evaluation(choice), len(images.y), len(names))
    if stored is not None:
        return stored, True
    data_key = f"{images.description}:{len(images.y)}"
    return _computed(choice.cache_key, data_key, model, tuple(names)), False
