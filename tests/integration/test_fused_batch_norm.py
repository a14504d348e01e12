"""The fused batch-norm kernel trains exactly as Keras' own BatchNormalization does."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from alexnet.config.spec import ConvBlock, DenseBlock, ModelSpec
from alexnet.network.builder import build_model
from alexnet.network.fused_batch_norm import fuse_batch_normalization, is_fusable

SPEC = ModelSpec(
    name="tiny_bn",
    conv_blocks=(
        ConvBlock(filters=8, kernel_size=3, pool=True),
        ConvBlock(filters=12, kernel_size=3),
    ),
    dense_blocks=(DenseBlock(units=16),),
    batch_norm="before_activation",
)


def _batch_norm_layers(model: keras.Model) -> list:
    return [layer for layer in model.layers if isinstance(layer, keras.layers.BatchNormalization)]


def _pair() -> tuple[keras.Model, keras.Model]:
    keras.utils.set_random_seed(3)
    keras_bn = build_model(SPEC)
    fused = build_model(SPEC)
    fused.set_weights(keras_bn.get_weights())
    return keras_bn, fused


def _train_step(model: keras.Model, x: np.ndarray, y: np.ndarray) -> tuple[tf.Tensor, list]:
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    return loss, tape.gradient(loss, model.trainable_variables)


def test_only_4d_channels_last_layers_are_switched_and_dense_ones_keep_keras_code():
    _, fused = _pair()
    bn_layers = _batch_norm_layers(fused)
    conv_bn = [layer for layer in bn_layers if len(layer.input.shape) == 4]
    assert len(conv_bn) == 2 and len(bn_layers) == 3  # two conv blocks and one dense block
    assert fuse_batch_normalization(fused) == 2
    assert fuse_batch_normalization(fused) == 2  # a second call changes nothing
    assert [is_fusable(layer) for layer in bn_layers] == [True, True, False]


def test_a_model_without_batch_norm_has_nothing_to_fuse():
    assert fuse_batch_normalization(build_model(SPEC.with_batch_norm("none"))) == 0


def test_a_training_step_gives_keras_outputs_gradients_and_moving_statistics():
    keras_bn, fused = _pair()
    fuse_batch_normalization(fused)
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (32, 32, 32, 3)).astype("float32")
    y = rng.integers(0, 10, 32)
    for _ in range(3):  # later steps start from moving statistics the first step changed
        loss_a, grads_a = _train_step(keras_bn, x, y)
        loss_b, grads_b = _train_step(fused, x, y)
        np.testing.assert_allclose(loss_b.numpy(), loss_a.numpy(), rtol=1e-5)
        for grad_a, grad_b in zip(grads_a, grads_b, strict=True):
            np.testing.assert_allclose(grad_b.numpy(), grad_a.numpy(), rtol=2e-3, atol=1e-5)
    for a, b in zip(keras_bn.non_trainable_variables, fused.non_trainable_variables, strict=True):
        assert a.path == b.path
        np.testing.assert_allclose(b.numpy(), a.numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(fused(x, training=False), keras_bn(x, training=False), rtol=1e-5)


def test_fit_trains_and_a_saved_fused_model_loads_as_plain_keras(tmp_path):
    _, fused = _pair()
    fuse_batch_normalization(fused)
    fused.compile("adam", "sparse_categorical_crossentropy")
    rng = np.random.default_rng(1)
    x = rng.integers(0, 256, (64, 32, 32, 3)).astype("uint8")
    history = fused.fit(x, rng.integers(0, 10, 64), batch_size=32, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    path = tmp_path / "fused.keras"
    fused.save(path)
    loaded = keras.saving.load_model(path, safe_mode=True)
    layers = _batch_norm_layers(loaded)
    assert layers and all(type(layer) is keras.layers.BatchNormalization for layer in layers)
    assert all("call" not in vars(layer) for layer in layers)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), fused.predict(x, verbose=0), rtol=1e-5)


@pytest.mark.parametrize("option", [{"renorm": True}, {"center": False}, {"synchronized": True}])
def test_layers_the_kernel_cannot_express_keep_keras_code(option):
    inputs = keras.Input((8, 8, 3))
    layer = keras.layers.BatchNormalization(**option)
    keras.Model(inputs, layer(inputs))
    assert not is_fusable(layer)


def _op_types(model: keras.Model) -> set[str]:
    step = tf.function(lambda x: model(x, training=True))
    graph = step.get_concrete_function(tf.TensorSpec((4, 32, 32, 3), tf.float32)).graph
    return {op.type for op in graph.get_operations()}


def test_the_training_graph_runs_the_fused_kernel_only_after_fusing():
    keras_bn, fused = _pair()
    fuse_batch_normalization(fused)
    assert "FusedBatchNormV3" in _op_types(fused)
    assert "FusedBatchNormV3" not in _op_types(keras_bn)


def test_under_mixed_bfloat16_the_fused_kernel_trains_like_keras():
    keras.mixed_precision.set_global_policy("mixed_bfloat16")
    try:
        keras_bn, fused = _pair()
        fuse_batch_normalization(fused)
        assert "FusedBatchNormV3" in _op_types(fused)
        rng = np.random.default_rng(2)
        x = rng.integers(0, 256, (32, 32, 32, 3)).astype("float32")
        y = rng.integers(0, 10, 32)
        loss_a, _ = _train_step(keras_bn, x, y)
        loss_b, grads_b = _train_step(fused, x, y)
        assert fused(x, training=False).dtype == "float32"  # the softmax stays float32
        np.testing.assert_allclose(loss_b.numpy(), loss_a.numpy(), rtol=2e-2)
        assert all(np.isfinite(g.numpy()).all() for g in grads_b)
        pairs = zip(keras_bn.non_trainable_variables, fused.non_trainable_variables, strict=True)
        for a, b in pairs:
            assert b.dtype == "float32"
            np.testing.assert_allclose(b.numpy(), a.numpy(), rtol=2e-2, atol=2e-3)
    finally:
        keras.mixed_precision.set_global_policy("float32")
