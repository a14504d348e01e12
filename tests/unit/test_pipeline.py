"""The tf.data input pipelines: shapes, dtypes, seeded orders, epochs, prediction."""

from __future__ import annotations

import itertools

import keras
import numpy as np
import pytest

from alexnet.config.spec import ConvBlock, DenseBlock, ModelSpec
from alexnet.data.pipeline import (
    epoch_order,
    make_dataset,
    make_predict_dataset,
    predict_batches,
    steps_per_epoch,
)
from alexnet.network.builder import build_model

NUM_IMAGES = 300


def indexed_images(count: int = NUM_IMAGES) -> tuple[np.ndarray, np.ndarray]:
    """Images that carry their own index in two pixels, so an order can be read back exactly."""
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (count, 8, 8, 3), dtype=np.uint8)
    index = np.arange(count)
    x[:, 0, 0, 0] = index % 256
    x[:, 0, 0, 1] = index // 256
    return x, (index % 10).astype(np.int64)


def read_index(images: np.ndarray) -> np.ndarray:
    return images[:, 0, 0, 0].astype(np.int64) + 256 * images[:, 0, 0, 1].astype(np.int64)


def one_epoch(dataset, steps: int | None = None) -> tuple[np.ndarray, list[int]]:
    images, sizes = [], []
    for batch, _ in itertools.islice(dataset, steps):
        images.append(read_index(batch.numpy()))
        sizes.append(len(batch))
    return np.concatenate(images), sizes


def test_batches_are_uint8_images_with_int32_labels_that_match_their_images():
    x, y = indexed_images()
    dataset = make_dataset(x, y, batch_size=64, shuffle=True, seed=1)
    assert dataset.cardinality().numpy() == 5
    for images, labels in dataset:
        assert images.dtype.name == "uint8" and labels.dtype.name == "int32"
        assert images.shape[1:] == (8, 8, 3)
        np.testing.assert_array_equal(labels.numpy(), read_index(images.numpy()) % 10)


def test_every_epoch_shows_every_image_once_in_a_new_order():
    x, y = indexed_images()
    dataset = make_dataset(x, y, batch_size=64, shuffle=True, seed=1)
    first, sizes = one_epoch(dataset)
    second, _ = one_epoch(dataset)
    assert sizes == [64, 64, 64, 64, 44]
    np.testing.assert_array_equal(np.sort(first), np.arange(NUM_IMAGES))
    np.testing.assert_array_equal(np.sort(second), np.arange(NUM_IMAGES))
    assert not np.array_equal(first, second)


def test_the_same_seed_gives_the_same_orders_and_another_seed_does_not():
    x, y = indexed_images()

    def two_epochs(seed: int) -> np.ndarray:
        dataset = make_dataset(x, y, batch_size=64, shuffle=True, seed=seed)
        return np.concatenate([one_epoch(dataset)[0], one_epoch(dataset)[0]])

    np.testing.assert_array_equal(two_epochs(7), two_epochs(7))
    assert not np.array_equal(two_epochs(7), two_epochs(8))


def test_repeating_dataset_gives_epoch_orders_that_a_resumed_run_sees_again():
    x, y = indexed_images()
    steps = steps_per_epoch(NUM_IMAGES, 64)
    uninterrupted = make_dataset(x, y, batch_size=64, shuffle=True, seed=3, repeat=True)
    iterator = iter(uninterrupted)
    epochs = [one_epoch(iterator, steps)[0] for _ in range(3)]
    for epoch, order in enumerate(epochs):
        np.testing.assert_array_equal(order, epoch_order(NUM_IMAGES, 3, epoch).numpy())
    resumed = make_dataset(x, y, batch_size=64, shuffle=True, seed=3, repeat=True, initial_epoch=2)
    np.testing.assert_array_equal(one_epoch(iter(resumed), steps)[0], epochs[2])
    assert not np.array_equal(epochs[0], epochs[1])


def test_without_shuffle_batches_keep_the_array_order():
    x, y = indexed_images()
    order, _ = one_epoch(make_dataset(x, y, batch_size=64, shuffle=False, seed=0))
    np.testing.assert_array_equal(order, np.arange(NUM_IMAGES))


def test_drop_remainder_drops_the_short_last_batch():
    x, y = indexed_images()
    dataset = make_dataset(x, y, batch_size=64, shuffle=True, seed=0, drop_remainder=True)
    order, sizes = one_epoch(dataset)
    assert sizes == [64] * 4 and dataset.cardinality().numpy() == 4
    assert len(np.unique(order)) == 256
    with pytest.raises(ValueError, match="leaves no batch"):
        make_dataset(x[:10], y[:10], batch_size=64, shuffle=True, seed=0, drop_remainder=True)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"x": np.zeros((4, 8, 8, 3), np.float32)}, "uint8"),
        ({"y": np.zeros(5, np.int64)}, r"shape \(4,\)"),
        ({"batch_size": 0}, "batch_size"),
        ({"crop_padding": -1}, "crop_padding"),
    ],
)
def test_bad_arguments_raise_value_errors_that_say_what_was_wrong(change, message):
    arguments = {
        "x": np.zeros((4, 8, 8, 3), np.uint8),
        "y": np.zeros(4, np.int64),
        "batch_size": 2,
        "shuffle": True,
        "seed": 0,
    }
    arguments.update(change)
    with pytest.raises(ValueError, match=message):
        make_dataset(**arguments)


def test_augmentation_is_reproducible_and_keeps_labels_with_their_images():
    pytest.importorskip("alexnet.data.augment")
    x, y = indexed_images(128)
    x[:, :, :, 2] = np.arange(8, dtype=np.uint8)  # a left-to-right ramp, so flips show

    def batches(seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
        dataset = make_dataset(x, y, batch_size=32, shuffle=True, seed=seed, flip=True)
        return [(a.numpy(), b.numpy()) for a, b in dataset]

    first, again = batches(5), batches(5)
    for (images, labels), (images_again, labels_again) in zip(first, again, strict=True):
        np.testing.assert_array_equal(images, images_again)
        np.testing.assert_array_equal(labels, labels_again)
    ramps = np.concatenate([images[:, 4, :, 2] for images, _ in first])
    flipped = (ramps == np.arange(8)[::-1]).all(axis=1)
    assert 0 < flipped.sum() < len(ramps)


def test_predict_dataset_keeps_order_and_the_short_last_batch():
    x, _ = indexed_images()
    batches = [b.numpy() for b in make_predict_dataset(x, 128)]
    assert [len(b) for b in batches] == [128, 128, 44]
    np.testing.assert_array_equal(read_index(np.concatenate(batches)), np.arange(NUM_IMAGES))


def test_predict_batches_equals_keras_predict_on_the_same_images():
    keras.utils.set_random_seed(0)
    spec = ModelSpec(
        name="tiny",
        input_shape=(8, 8, 3),
        conv_blocks=(ConvBlock(filters=4, kernel_size=3, pool=True),),
        dense_blocks=(DenseBlock(units=8),),
    )
    model = build_model(spec)
    x, _ = indexed_images()
    expected = model.predict(x, batch_size=64, verbose=0)
    np.testing.assert_allclose(predict_batches(model, x, batch_size=64), expected, atol=1e-6)
    np.testing.assert_allclose(
        predict_batches(model, x[:5], batch_size=64), expected[:5], atol=1e-6
    )


def batches_of(dataset, steps: int) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(a.numpy(), b.numpy()) for a, b in itertools.islice(dataset, steps)]


def test_rows_give_the_batches_a_copy_of_those_rows_would_give():
    x, y = indexed_images()
    rows = np.random.default_rng(3).choice(NUM_IMAGES, size=170, replace=False)
    options = dict(batch_size=32, shuffle=True, seed=5, flip=True, crop_padding=2, repeat=True)
    steps = 2 * steps_per_epoch(170, 32)
    from_rows = batches_of(make_dataset(x, y, rows=rows, **options), steps)
    from_copy = batches_of(make_dataset(x[rows], y[rows], **options), steps)
    for (a, b), (c, d) in zip(from_rows, from_copy, strict=True):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(b, d)


def test_a_memory_mapped_array_gives_the_batches_the_array_in_memory_gives(tmp_path):
    x, y = indexed_images()
    np.save(tmp_path / "x.npy", x)
    mapped = np.load(tmp_path / "x.npy", mmap_mode="r")
    rows = np.arange(10, 250)
    options = dict(batch_size=50, shuffle=True, seed=2, rows=rows)
    for (a, b), (c, d) in zip(
        batches_of(make_dataset(mapped, y, **options), 5),
        batches_of(make_dataset(x, y, **options), 5),
        strict=True,
    ):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(b, d)
    predicted = np.concatenate([b.numpy() for b in make_predict_dataset(mapped, batch_size=64)])
    np.testing.assert_array_equal(predicted, x)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (np.array([0, NUM_IMAGES]), "from 0 to 300"),
        (np.array([-1, 3]), "from -1 to 3"),
        (np.array([], dtype=np.int64), "rows is empty"),
        (np.array([1.0, 2.0]), "1-D integer NumPy array"),
        ([1, 2], "1-D integer NumPy array"),
    ],
)
def test_bad_rows_say_which_indices_to_use(rows, message):
    x, y = indexed_images()
    with pytest.raises(ValueError, match=message):
        make_dataset(x, y, batch_size=8, shuffle=False, seed=0, rows=rows)
