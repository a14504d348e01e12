"""A saved model run in NumPy gives Keras' own outputs, for every layer and option the
builder makes; anything else is refused, so the page waits for Keras instead."""

from __future__ import annotations

import zipfile
from pathlib import Path

import keras
import numpy as np
import pytest

from alexnet.analysis.evaluation import predict_probabilities
from alexnet.analysis.numpy_model import NumpyModel, UnsupportedModel
from alexnet.config.presets import get_preset
from alexnet.config.spec import ACTIVATIONS, ConvBlock, DenseBlock, ModelSpec
from alexnet.network.builder import build_model

# Every option of the builder at least once: both paddings, strides, overlapping and plain
# pools, batch normalization before and after the activation and none, every activation,
# dropout, no rescaling, a non-square input with one channel and 7 classes.
EVERY_OPTION = ModelSpec(
    name="every option",
    input_shape=(29, 23, 1),
    num_classes=7,
    rescale=False,
    batch_norm="after_activation",
    conv_blocks=(
        ConvBlock(6, 5, strides=2, padding="same", pool=True, activation="elu"),
        ConvBlock(8, 3, padding="valid", activation="gelu", batch_norm="before_activation"),
        ConvBlock(
            5,
            3,
            strides=2,
            padding="same",
            pool=True,
            pool_size=2,
            pool_strides=1,
            activation="selu",
            batch_norm="none",
        ),
        ConvBlock(4, 1, activation="swish"),
    ),
    dense_blocks=(
        DenseBlock(12, dropout_rate=0.5, activation="tanh"),
        DenseBlock(10, activation="sigmoid", batch_norm="before_activation"),
        DenseBlock(9, activation="leaky_relu", batch_norm="none"),
    ),
)


def _saved(model: keras.Model, folder: Path, seed: int = 0) -> Path:
    """`model` with random weights and moving statistics (not Keras' 0 and 1), saved."""
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        weights = layer.get_weights()
        if isinstance(layer, keras.layers.BatchNormalization):
            gamma, beta, mean, variance = (w.shape for w in weights)
            weights = [rng.uniform(0.5, 1.5, gamma), rng.normal(0, 0.3, beta),
                       rng.normal(0, 0.5, mean), rng.uniform(0.2, 2.0, variance)]  # fmt: skip
        layer.set_weights([np.asarray(w, np.float32) for w in weights])
    path = folder / f"{model.name}.keras"
    model.save(path)
    return path


@pytest.mark.parametrize(
    "spec",
    [get_preset("cifar10_alexnet"), get_preset("cifar10_alexnet_bn"), EVERY_OPTION],
    ids=["cifar10_alexnet", "cifar10_alexnet_bn", "every_option"],
)
def test_numpy_gives_keras_outputs_for_the_builders_models(spec, tmp_path) -> None:
    keras.utils.set_random_seed(1)
    path = _saved(build_model(spec), tmp_path)
    images = np.random.default_rng(2).integers(0, 256, (16, *spec.input_shape), dtype=np.uint8)
    expected = predict_probabilities(keras.saving.load_model(path, compile=False), images)
    model = NumpyModel.from_file(path)
    assert model.input_shape == (None, *spec.input_shape)
    assert model.output_shape == (None, spec.num_classes)
    got = predict_probabilities(model, images)  # the same entry point the pages call
    assert got.dtype == np.float32 and got.shape == (16, spec.num_classes)
    np.testing.assert_allclose(got, expected, atol=2e-5, rtol=1e-4)
    assert (got.argmax(axis=1) == expected.argmax(axis=1)).all()


def test_every_activation_the_builder_offers_is_computed() -> None:
    from alexnet.analysis.numpy_model import ACTIVATIONS as COMPUTED

    assert set(ACTIVATIONS) <= set(COMPUTED)


def test_a_bfloat16_model_is_refused(tmp_path) -> None:
    keras.mixed_precision.set_global_policy("mixed_bfloat16")
    try:
        model = build_model(get_preset("cifar10_alexnet"))
    finally:
        keras.mixed_precision.set_global_policy("float32")
    path = _saved(model, tmp_path)
    with pytest.raises(UnsupportedModel, match="computes in mixed_bfloat16"):
        NumpyModel.from_file(path)


def test_other_models_and_files_are_refused_with_the_reason(tmp_path) -> None:
    inputs = keras.Input((8, 8, 3))
    functional = keras.Model(inputs, keras.layers.Dense(2)(keras.layers.Flatten()(inputs)))
    with pytest.raises(UnsupportedModel, match="a Functional model"):
        NumpyModel.from_file(_saved(functional, tmp_path))
    other_layer = keras.Sequential(
        [keras.Input((8, 8, 3)), keras.layers.AveragePooling2D(2), keras.layers.Flatten()]
    )
    with pytest.raises(UnsupportedModel, match="a AveragePooling2D layer"):
        NumpyModel.from_file(_saved(other_layer, tmp_path))
    not_a_zip = tmp_path / "broken.keras"
    not_a_zip.write_bytes(b"not a model")
    with pytest.raises(UnsupportedModel, match=r"not a readable \.keras file"):
        NumpyModel.from_file(not_a_zip)
    no_weights = tmp_path / "empty.keras"
    with zipfile.ZipFile(no_weights, "w") as archive:
        archive.writestr("config.json", "{}")
    with pytest.raises(UnsupportedModel, match=r"not a readable \.keras file"):
        NumpyModel.from_file(no_weights)
