"""What the inside recorder measures equals an independent NumPy computation on the probe."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from alexnet.config.spec import ConvBlock, DenseBlock, ModelSpec
from alexnet.network.builder import build_model
from alexnet.network.fused_batch_norm import fuse_batch_normalization
from alexnet.training.inside import Probe, distribution, probe_rows, record_positions
from alexnet.training.setup import initialize_weights

# One conv block with batch normalization before its ReLU, one dense block without: small
# enough that every output is measured (no sampling) and NumPy can redo the whole pass.
SMALL = ModelSpec(
    name="small",
    input_shape=(6, 6, 3),
    num_classes=3,
    conv_blocks=(
        ConvBlock(filters=4, kernel_size=3, padding="valid", batch_norm="before_activation"),
    ),
    dense_blocks=(DenseBlock(units=5),),
)


def _images(count: int = 8, shape: tuple[int, ...] = (6, 6, 3)) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    return rng.integers(0, 256, (count, *shape), dtype=np.uint8), np.arange(count) % 3


def _weights(model: keras.Model, name: str) -> list[np.ndarray]:
    return [np.asarray(w) for w in model.get_layer(name).get_weights()]


def _numpy_forward(model: keras.Model, x: np.ndarray) -> dict[str, np.ndarray]:
    """The same pass in NumPy: conv, batch statistics, ReLU, dense, ReLU, softmax."""
    h = x.astype(np.float64) / 255.0
    kernel, bias = _weights(model, "conv1")
    windows = np.lib.stride_tricks.sliding_window_view(h, (3, 3), axis=(1, 2))  # N,4,4,C,3,3
    conv = np.einsum("nhwcij,ijcf->nhwf", windows, kernel) + bias
    gamma, beta, _, _ = _weights(model, "conv1_bn")
    mean, var = conv.mean(axis=(0, 1, 2)), conv.var(axis=(0, 1, 2))
    normalized = (conv - mean) / np.sqrt(var + 1e-3) * gamma + beta
    relu = np.maximum(normalized, 0)
    dense_kernel, dense_bias = _weights(model, "fc1")
    fc = relu.reshape(len(x), -1) @ dense_kernel + dense_bias
    return {"conv1": conv, "conv1_bn": normalized, "conv1_relu": relu, "fc1": fc}


def test_recorded_distributions_and_zero_shares_equal_numpy_on_the_probe():
    model = build_model(SMALL)
    initialize_weights(model, seed=3)
    fuse_batch_normalization(model)  # as in training: the probe must not use the fused call
    x, y = _images()
    measured = Probe(model, x, y).measure({})
    expected = _numpy_forward(model, x)
    conv1, fc1 = measured["layers"]["conv1"], measured["layers"]["fc1"]
    for part, values in (
        (conv1["input"], expected["conv1_bn"]),
        (conv1["before_bn"], expected["conv1"]),
        (fc1["input"], expected["fc1"]),
    ):
        flat = values.ravel()
        assert part["p15"] == pytest.approx(np.percentile(flat, 15), abs=1e-4)
        assert part["p50"] == pytest.approx(np.percentile(flat, 50), abs=1e-4)
        assert part["p85"] == pytest.approx(np.percentile(flat, 85), abs=1e-4)
        assert part["mean"] == pytest.approx(flat.mean(), abs=1e-4)
        assert part["std"] == pytest.approx(flat.std(), abs=1e-4)
    assert conv1["zero_share"] == pytest.approx(np.mean(expected["conv1_relu"] == 0))
    assert fc1["zero_share"] == pytest.approx(np.mean(np.maximum(expected["fc1"], 0) == 0))
    assert "before_bn" not in fc1  # no batch normalization in the dense block
    # Batch normalization by the probe's own statistics: the inputs are standardized.
    assert conv1["input"]["mean"] == pytest.approx(0.0, abs=1e-3)
    assert conv1["input"]["std"] == pytest.approx(1.0, abs=1e-2)


def test_the_probe_changes_no_weight_and_no_moving_statistic():
    model = build_model(SMALL)
    initialize_weights(model, seed=3)
    before = [np.array(w) for w in model.get_weights()]
    Probe(model, *_images()).measure({})
    for old, new in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(old, new)


def _softmax_regression(seed: int = 0) -> keras.Model:
    model = keras.Sequential(
        [
            keras.Input(shape=(2, 2, 1)),
            keras.layers.Rescaling(1 / 255, name="rescaling"),
            keras.layers.Flatten(name="flatten"),
            keras.layers.Dense(3, activation="softmax", name="predictions"),
        ]
    )
    rng = np.random.default_rng(seed)
    model.get_layer("predictions").set_weights([rng.normal(size=(4, 3)), rng.normal(size=3)])
    return model


def _loss_and_gradient(w: np.ndarray, b: np.ndarray, x: np.ndarray, y: np.ndarray):
    """Softmax regression in closed form: mean cross-entropy and its gradient."""
    logits = x @ w + b
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    onehot = np.eye(3)[y]
    loss = -np.mean(np.log(p[np.arange(len(y)), y]))
    delta = (p - onehot) / len(y)
    return loss, x.T @ delta, delta.sum(axis=0)


def test_the_landscape_equals_the_closed_form_of_softmax_regression():
    model = _softmax_regression()
    images, labels = _images(12, (2, 2, 1))
    probe = Probe(model, images, labels, step_sizes=(0.5, 2.0))
    loss, gradient, _ = probe.loss_and_gradients()
    landscape = probe.landscape(loss, gradient)

    x = images.reshape(len(images), -1).astype(np.float64) / 255
    w, b = (np.asarray(v, np.float64) for v in model.get_layer("predictions").get_weights())
    loss0, gw, gb = _loss_and_gradient(w, b, x, labels)
    assert loss == pytest.approx(loss0, rel=1e-5)
    losses, changes = [], []
    for eta in (0.5, 2.0):
        moved, mw, mb = _loss_and_gradient(w - eta * gw, b - eta * gb, x, labels)
        losses.append(moved)
        changes.append(np.sqrt(np.sum((mw - gw) ** 2) + np.sum((mb - gb) ** 2)))
    norm = np.sqrt(np.sum(gw**2) + np.sum(gb**2))
    assert landscape["losses"] == pytest.approx(losses, rel=1e-4)
    assert landscape["loss_variation"] == pytest.approx(
        max(loss0, *losses) - min(loss0, *losses), rel=1e-4
    )
    assert landscape["gradient_changes"] == pytest.approx(changes, rel=1e-3)
    assert landscape["gradient_predictiveness"] == pytest.approx(max(changes), rel=1e-3)
    assert landscape["beta_smoothness"] == pytest.approx(
        max(c / (eta * norm) for c, eta in zip(changes, (0.5, 2.0), strict=True)), rel=1e-3
    )
    # ...and the weights are back where they were.
    np.testing.assert_allclose(model.get_layer("predictions").get_weights()[0], w)


def test_percentile_distribution_matches_numpy_on_known_values():
    values = np.arange(101, dtype=np.float64)  # 0..100: percentile p is p itself
    assert distribution(values) == pytest.approx(
        {"p15": 15.0, "p50": 50.0, "p85": 85.0, "mean": 50.0, "std": float(np.std(values))}
    )


def test_both_networks_of_a_pair_get_the_same_probe():
    rows = np.arange(100, 600)
    first, second = probe_rows(rows, seed=4), probe_rows(rows, seed=4)
    np.testing.assert_array_equal(first, second)
    assert len(set(first)) == 32 and set(first) <= set(rows)
    assert not np.array_equal(first, probe_rows(rows, seed=5))


def test_records_fall_evenly_through_an_epoch_the_last_at_its_end():
    assert record_positions(71, 2) == {36, 71}
    assert record_positions(10, 4) == {2, 5, 8, 10}
    assert record_positions(3, 10) == {1, 2, 3}  # never more records than steps
