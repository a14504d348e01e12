"""Test-time flips: the mean of each image's and its mirror image's predictions, against NumPy."""

from __future__ import annotations

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from alexnet.analysis import tta  # noqa: E402


@pytest.fixture(scope="module")
def model_and_weights() -> tuple[keras.Model, np.ndarray, np.ndarray]:
    """Rescaling, Flatten, Dense softmax: its output is a NumPy one-liner."""
    keras.utils.set_random_seed(1)
    model = keras.Sequential(
        [
            keras.Input((4, 5, 3)),
            keras.layers.Rescaling(1 / 255),
            keras.layers.Flatten(),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    kernel, bias = (np.asarray(w) for w in model.layers[-1].get_weights())
    return model, kernel, bias + np.array([0.1, -0.2, 0.3], np.float32)


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _numpy_predictions(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray) -> np.ndarray:
    def forward(images: np.ndarray) -> np.ndarray:
        return _softmax(images.reshape(len(images), -1).astype(np.float64) / 255 @ kernel + bias)

    return (forward(x) + forward(x[:, :, ::-1])) / 2


@pytest.fixture(scope="module")
def images() -> np.ndarray:
    return np.random.default_rng(0).integers(0, 256, size=(37, 4, 5, 3), dtype=np.uint8)


def test_flip_averaged_predictions_match_numpy(model_and_weights, images):
    model, kernel, bias = model_and_weights
    model.layers[-1].set_weights([kernel, bias])
    got = tta.flip_averaged_predictions(model, images, batch_size=8)
    np.testing.assert_allclose(got, _numpy_predictions(images, kernel, bias), atol=1e-5)
    assert got.shape == (37, 3) and got.dtype == np.float32


def test_chunks_of_mirrored_images_give_the_same_answer(model_and_weights, images, monkeypatch):
    model, kernel, bias = model_and_weights
    model.layers[-1].set_weights([kernel, bias])
    whole = tta.flip_averaged_predictions(model, images, batch_size=8)
    monkeypatch.setattr(tta, "CHUNK_IMAGES", 5)  # 37 = 7 chunks of 5 and one of 2
    np.testing.assert_allclose(tta.flip_averaged_predictions(model, images, 8), whole, atol=1e-6)


def test_a_mirror_symmetric_image_gets_its_plain_prediction(model_and_weights, images):
    model, kernel, bias = model_and_weights
    model.layers[-1].set_weights([kernel, bias])
    wide = images.astype(np.uint16)
    symmetric = ((wide + wide[:, :, ::-1]) // 2).astype(np.uint8)  # column j = column W-1-j
    assert np.array_equal(symmetric, symmetric[:, :, ::-1])
    plain = model.predict(symmetric, verbose=0)
    np.testing.assert_allclose(tta.flip_averaged_predictions(model, symmetric, 8), plain, atol=1e-6)


def test_flip_averaged_accuracy_counts_the_argmax_of_the_mean(model_and_weights, images):
    model, kernel, bias = model_and_weights
    model.layers[-1].set_weights([kernel, bias])
    expected = _numpy_predictions(images, kernel, bias).argmax(axis=1)
    labels = expected.copy()
    labels[:10] = (labels[:10] + 1) % 3  # 10 of 37 wrong
    assert tta.flip_averaged_accuracy(model, images, labels, 8) == pytest.approx(27 / 37)


def test_images_that_are_not_a_batch_are_refused(model_and_weights):
    with pytest.raises(ValueError, match="shape \\(N, height, width, channels\\)"):
        tta.flip_averaged_predictions(model_and_weights[0], np.zeros((4, 5, 3), np.uint8))
