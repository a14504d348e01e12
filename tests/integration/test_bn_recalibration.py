"""Recalibrated batch normalization: the statistics of the current weights, and nothing else."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from alexnet.config.spec import ConvBlock, DenseBlock, ModelSpec
from alexnet.data import load_sample
from alexnet.network.builder import build_model
from alexnet.network.fused_batch_norm import fuse_batch_normalization
from alexnet.training.bn_recalibration import (
    batch_norm_layers,
    moving_statistics,
    recalibrate_batch_norm,
    set_moving_statistics,
)

# Batch normalization in both conv blocks and both dense blocks; dropout between the dense
# blocks, which recalibration must leave off (as at inference).
SPEC = ModelSpec(
    name="recalibrated",
    conv_blocks=(
        ConvBlock(filters=8, kernel_size=3, pool=True),
        ConvBlock(filters=12, kernel_size=3),
    ),
    dense_blocks=(DenseBlock(units=24, dropout_rate=0.5), DenseBlock(units=16)),
    batch_norm="before_activation",
)
BATCH = 32


@pytest.fixture(scope="module")
def images() -> np.ndarray:
    return load_sample().x_train[:160]  # five batches


def _batches(x: np.ndarray) -> list[np.ndarray]:
    return [x[i : i + BATCH] for i in range(0, len(x), BATCH)]


def _trained_a_little(spec: ModelSpec = SPEC) -> keras.Model:
    """A model whose weights moved from their initial values, as during a run."""
    keras.utils.set_random_seed(1)
    model = build_model(spec)
    model.compile(keras.optimizers.Adam(0.01), "sparse_categorical_crossentropy")
    data = load_sample()
    model.fit(data.x_train[:256], data.y_train[:256], batch_size=64, epochs=1, verbose=0)
    return model


def _reference(model: keras.Model, layer_name: str, x: np.ndarray) -> tuple[np.ndarray, ...]:
    """NumPy over the activations entering the layer, batch by batch, from a Keras sub-model.

    Earlier layers normalize each batch by its own statistics, as in training; dropout is
    off. The mean is over all images; the variance is the average of the per-batch biased
    variances.
    """
    layer = model.get_layer(layer_name)
    clone = keras.models.clone_model(model)  # training=True updates its own moving averages
    clone.set_weights(model.get_weights())
    for each in clone.layers:
        if isinstance(each, keras.layers.Dropout):
            each.rate = 0.0
    probe = keras.Model(clone.inputs, clone.get_layer(layer_name).input)
    means, variances, counts = [], [], []
    for batch in _batches(x):
        a = keras.ops.convert_to_numpy(probe(batch, training=True)).astype(np.float64)
        axes = tuple(range(a.ndim - 1))
        means.append(a.mean(axis=axes))
        variances.append(a.var(axis=axes))
        counts.append(len(batch))
    weights = np.asarray(counts, dtype=np.float64)[:, None] / sum(counts)
    assert layer.moving_mean.shape == means[0].shape
    return (weights * np.stack(means)).sum(0), (weights * np.stack(variances)).sum(0)


@pytest.mark.parametrize("layer_name", ["conv2_bn", "fc2_bn"])
def test_recalibrated_statistics_equal_numpy_over_the_layer_inputs(images, layer_name):
    model = _trained_a_little()
    mean, variance = _reference(model, layer_name, images)
    assert recalibrate_batch_norm(model, _batches(images)) == len(images)
    layer = model.get_layer(layer_name)
    np.testing.assert_allclose(layer.moving_mean.numpy(), mean, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(layer.moving_variance.numpy(), variance, rtol=1e-4, atol=1e-6)


def test_no_weight_other_than_the_moving_statistics_changes(images):
    model = _trained_a_little()
    before = {v.path: np.array(v.numpy()) for v in model.variables}
    recalibrate_batch_norm(model, _batches(images))
    changed = {v.path for v in model.variables if not np.array_equal(v.numpy(), before[v.path])}
    moving = {
        getattr(layer, n).path
        for layer in batch_norm_layers(model)
        for n in ("moving_mean", "moving_variance")
    }
    assert changed == moving and len(moving) == 8  # four layers, all recalibrated
    assert int(model.optimizer.iterations.numpy()) == 4  # no optimizer step


def test_the_fused_kernel_and_keras_own_layers_give_equal_statistics(images):
    plain = _trained_a_little()
    fused = keras.models.clone_model(plain)
    fused.set_weights(plain.get_weights())
    assert fuse_batch_normalization(fused) == 2  # the conv layers; dense ones are Keras'
    recalibrate_batch_norm(plain, _batches(images))
    recalibrate_batch_norm(fused, _batches(images))
    for a, b in zip(moving_statistics(plain), moving_statistics(fused), strict=True):
        np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-6)
    # The fused training kernel is back in place afterwards.
    x = images[:BATCH]
    fused(x, training=True)
    assert all(getattr(layer, "_alexnet_fused", False) for layer in batch_norm_layers(fused)[:2])


def test_mixed_precision_takes_the_moments_in_float32(images):
    policy = keras.mixed_precision.global_policy()
    keras.mixed_precision.set_global_policy("mixed_bfloat16")
    try:
        model = _trained_a_little()
        mean, variance = _reference(model, "conv2_bn", images)
        recalibrate_batch_norm(model, _batches(images))
    finally:
        keras.mixed_precision.set_global_policy(policy)
    layer = model.get_layer("conv2_bn")
    assert layer.moving_mean.dtype == "float32"
    # bfloat16 activations: about 3 significant digits.
    np.testing.assert_allclose(layer.moving_mean.numpy(), mean, rtol=2e-2, atol=2e-2)
    np.testing.assert_allclose(layer.moving_variance.numpy(), variance, rtol=2e-2, atol=2e-2)


def test_a_model_without_batch_norm_is_left_alone(images):
    model = build_model(SPEC.with_batch_norm("none"))
    before = [w.copy() for w in model.get_weights()]
    assert recalibrate_batch_norm(model, _batches(images)) == 0
    for a, b in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_no_images_is_an_error_and_a_snapshot_puts_the_averages_back(images):
    model = _trained_a_little()
    with pytest.raises(ValueError, match="no images"):
        recalibrate_batch_norm(model, [])
    saved = moving_statistics(model)
    recalibrate_batch_norm(model, _batches(images))
    assert not np.array_equal(moving_statistics(model)[0], saved[0])
    set_moving_statistics(model, saved)
    for a, b in zip(moving_statistics(model), saved, strict=True):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="another network"):
        set_moving_statistics(model, saved[:-1])
