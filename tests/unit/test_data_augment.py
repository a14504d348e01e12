"""Augmentation: random flips and crops on real images, uint8 in and out, reproducible."""

from __future__ import annotations

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

from alexnet.data import load_sample  # noqa: E402
from alexnet.data.augment import augment_batch  # noqa: E402


@pytest.fixture(scope="module")
def images() -> np.ndarray:
    return np.array(load_sample().x_train[:64])


def _run(images, seed=(1, 2), **options) -> np.ndarray:
    return augment_batch(tf.constant(images), tf.constant(seed), **options).numpy()


@pytest.mark.parametrize(
    "options",
    [{"flip": True}, {"crop_padding": 4}, {"flip": True, "crop_padding": 4, "pad_mode": "reflect"}],
)
def test_augmentation_keeps_shape_and_uint8_and_is_deterministic_for_a_seed(images, options):
    first = _run(images, **options)
    assert first.shape == images.shape and first.dtype == np.uint8
    np.testing.assert_array_equal(first, _run(images, **options))
    assert not np.array_equal(first, _run(images, seed=(3, 4), **options))


def test_both_options_off_by_default_returns_the_images_unchanged(images):
    np.testing.assert_array_equal(_run(images), images)


def test_flip_mirrors_about_half_of_the_images_and_leaves_the_rest(images):
    out = _run(images, flip=True)
    mirrored = (out == images[:, :, ::-1]).all(axis=(1, 2, 3))
    unchanged = (out == images).all(axis=(1, 2, 3))
    assert (mirrored | unchanged).all()
    assert 16 <= mirrored.sum() <= 48


def test_crop_shifts_each_image_by_at_most_the_padding(images):
    padding = 4
    out = _run(images, crop_padding=padding)
    padded = np.pad(images, ((0, 0), (padding, padding), (padding, padding), (0, 0)))
    shifts = []
    for k in range(len(images)):
        found = [
            (dy, dx)
            for dy in range(2 * padding + 1)
            for dx in range(2 * padding + 1)
            if np.array_equal(out[k], padded[k, dy : dy + 32, dx : dx + 32])
        ]
        assert found, f"image {k} is not a 32x32 window of the zero-padded image"
        shifts.append(found[0])
    assert len(set(shifts)) > 5  # each image gets its own offset
    assert sum(s != (padding, padding) for s in shifts) > len(images) // 2


def test_augmentation_runs_inside_a_tf_data_pipeline(images):
    dataset = tf.data.Dataset.from_tensor_slices(images).batch(16)
    dataset = dataset.map(lambda b: augment_batch(b, tf.constant([5, 6]), crop_padding=2))
    batches = list(dataset)
    assert [b.shape[0] for b in batches] == [16] * 4 and batches[0].dtype == tf.uint8


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"crop_padding": -1}, "crop_padding"),
        ({"flip": "yes"}, "flip"),
        ({"crop_padding": 2, "pad_mode": "wrap"}, "pad_mode"),
        ({"crop_padding": 32, "pad_mode": "reflect"}, "smaller padding"),
    ],
)
def test_bad_augmentation_options_are_refused(images, options, match):
    with pytest.raises(ValueError, match=match):
        _run(images, **options)
