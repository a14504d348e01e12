"""Predict's first answer: the saved model run in NumPy until Keras has loaded, then Keras,
with the same probabilities either way."""

from __future__ import annotations

from pathlib import Path

import numpy as np

import alexnet
from alexnet.analysis.numpy_model import NumpyModel
from alexnet.data import load_sample
from alexnet.store.model_files import usable_models
from alexnet.store.run_store import RunStore
from ui import model_picker

SHIPPED = Path(alexnet.__file__).parent / "pretrained"


def test_numpy_answers_until_keras_has_loaded_and_both_agree(tmp_path) -> None:
    choices = usable_models(RunStore(tmp_path / "runs"), folder=SHIPPED)
    choice = next(c for c in choices if c.kind == "shipped")
    with model_picker._LOADS_LOCK:  # this test's own start: nothing loaded in this process
        model_picker._LOADS.pop(choice.cache_key, None)
    images = load_sample().x_test[:8]

    first = model_picker.first_model(choice)
    assert isinstance(first, NumpyModel)  # no Keras load was started: NumPy answers
    from_numpy = model_picker.predict_probabilities(first, images)

    keras_model = model_picker.start_loading(choice).result(timeout=300)
    assert model_picker.first_model(choice) is keras_model  # loaded: Keras answers from now on
    from_keras = model_picker.predict_probabilities(keras_model, images)
    np.testing.assert_allclose(from_numpy, from_keras, atol=2e-5)
    assert (from_numpy.argmax(axis=1) == from_keras.argmax(axis=1)).all()
