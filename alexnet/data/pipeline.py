"""tf.data input pipelines: uint8 images (in memory or memory-mapped) -> batches for Keras.

Why not `model.fit(numpy_arrays)`: Keras then builds a new `tf.data` iterator every epoch and
waits on TensorFlow's autotune thread, so a 2-core CPU sits idle for seconds at every epoch
boundary (and `predict(numpy)` stalls the same way). Here:

- images stay uint8 (150 MB for CIFAR-10, not 600 MB as float32); the model's Rescaling layer
  turns them into floats batch by batch; memory-mapped images (`load_cifar10(memory_map=True)`)
  are read batch by batch from the OS file cache and never held by the process at all;
- the images are never copied into TensorFlow (`tf.convert_to_tensor` copies a NumPy array,
  150 MB more for CIFAR-10 per dataset): an epoch is a permutation of indices, batched first,
  then each batch is taken from the caller's array by NumPy: one small copy per batch;
- the order of epoch `e` is a stateless shuffle keyed by `(seed, e)`: the same seed gives the
  same order on every machine, and a resumed run sees the order an uninterrupted run would;
- autotune is off and prefetching is fixed (2 batches), so nothing waits on a tuning thread.

With `repeat=True` the dataset never ends and one iterator serves every epoch (pass
`steps_per_epoch(...)` to `fit`): no iterator is rebuilt at epoch boundaries at all.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import tensorflow as tf

from alexnet.data.augment import augment_batch
from alexnet.data.file_rows import row_reader

# Batches prepared ahead of the model: one being trained on, one ready. More buys nothing on
# 2 cores (the pipeline is a gather per batch) and costs memory.
PREFETCH_BATCHES = 2
# tf.data gets its own small pool so its work never queues behind the model's ops.
PIPELINE_THREADS = 1
# Large enough that an epoch index never collides with a batch index in augmentation seeds.
_BATCH_SEED_STRIDE = 1 << 20


def steps_per_epoch(num_examples: int, batch_size: int, drop_remainder: bool = False) -> int:
    """Batches in one epoch (what `fit(steps_per_epoch=...)` needs with `repeat=True`).

    Args:
        num_examples: images in the data set.
        batch_size: images per batch.
        drop_remainder: whether a last, smaller batch is dropped.
    """
    if drop_remainder:
        return num_examples // batch_size
    return math.ceil(num_examples / batch_size)


def dataset_options() -> tf.data.Options:
    """The options every pipeline here uses (fixed threads and buffers, no autotune)."""
    options = tf.data.Options()
    # Autotune's background thread is what makes a fresh iterator wait at epoch boundaries.
    options.autotune.enabled = False
    options.threading.private_threadpool_size = PIPELINE_THREADS
    options.threading.max_intra_op_parallelism = 1
    options.deterministic = True
    # Workers under MultiWorkerMirroredStrategy each build the same pipeline (same seed), so
    # sharding by element gives every worker a disjoint part of each epoch.
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    return options


def epoch_order(num_examples: int, seed: int, epoch: int) -> tf.Tensor:
    """The shuffled indices of one epoch: a pure function of (seed, epoch).

    Args:
        num_examples: images in the data set.
        seed: the run's seed.
        epoch: the epoch number, counted from 0.
    """
    key = tf.stack([tf.cast(seed, tf.int64), tf.cast(epoch, tf.int64)])
    return tf.random.experimental.stateless_shuffle(
        tf.range(num_examples, dtype=tf.int64), seed=key
    )


def _check_arrays(x: np.ndarray, y: np.ndarray | None, batch_size: int) -> None:
    if not isinstance(x, np.ndarray) or x.ndim != 4 or x.dtype != np.uint8:
        got = f"{type(x).__name__} {getattr(x, 'dtype', '')} {getattr(x, 'shape', '')}"
        raise ValueError(
            f"images must be a uint8 NumPy array of shape (N, height, width, channels), got {got}."
            " Pass the raw 0-255 pixels (the model rescales them)."
        )
    if len(x) == 0:
        raise ValueError("images is empty; pass at least one image.")
    if y is not None and (
        not isinstance(y, np.ndarray) or y.shape != (len(x),) or y.dtype.kind not in "iu"
    ):
        got = f"{type(y).__name__} {getattr(y, 'dtype', '')} {getattr(y, 'shape', '')}"
        raise ValueError(
            f"labels must be an integer NumPy array of shape ({len(x)},), one class index per "
            f"image, got {got}."
        )
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive whole number, got {batch_size!r}.")


def _augmenter(flip: bool, crop_padding: int) -> Callable[[tf.Tensor, tf.Tensor], tf.Tensor]:
    if isinstance(crop_padding, bool) or not isinstance(crop_padding, int) or crop_padding < 0:
        raise ValueError(
            f"crop_padding must be a whole number of pixels >= 0 (0 = no random crop), got "
            f"{crop_padding!r}."
        )

    def augment(images: tf.Tensor, seed: tf.Tensor) -> tf.Tensor:
        return augment_batch(images, seed, flip=flip, crop_padding=crop_padding)

    return augment


def _check_rows(rows: np.ndarray | None, num_images: int) -> None:
    if rows is None:
        return
    if not isinstance(rows, np.ndarray) or rows.ndim != 1 or rows.dtype.kind not in "iu":
        got = f"{type(rows).__name__} {getattr(rows, 'dtype', '')} {getattr(rows, 'shape', '')}"
        raise ValueError(f"rows must be a 1-D integer NumPy array of image indices, got {got}.")
    if len(rows) == 0:
        raise ValueError("rows is empty; pass at least one image index, or rows=None for all.")
    if rows.min() < 0 or rows.max() >= num_images:
        raise ValueError(
            f"rows holds indices from {rows.min()} to {rows.max()}, but there are {num_images:,} "
            f"images; use indices from 0 to {num_images - 1}."
        )


def _batch_taker(
    x: np.ndarray, y: np.ndarray | None, rows: np.ndarray | None = None
) -> Callable[[tf.Tensor], tuple[tf.Tensor, ...]]:
    """A graph function: indices in, the images (and labels) at them out, read from NumPy.

    With `rows`, index `i` means image `rows[i]` of `x`. A memory-mapped `x` is read with
    `pread` (see `alexnet.data.file_rows`), so its pages never become this process's memory.
    """
    image_shape = (None, *x.shape[1:])
    read = row_reader(x)
    if rows is not None:
        rows = rows.astype(np.int64, copy=False)
        y = None if y is None else y[rows]

    def take_numpy(idx: np.ndarray) -> tuple[np.ndarray, ...]:
        images = read(idx if rows is None else rows[idx])
        return (images,) if y is None else (images, y[idx])

    def take(idx: tf.Tensor) -> tuple[tf.Tensor, ...]:
        types = (tf.uint8,) if y is None else (tf.uint8, tf.int32)
        # stateful=False: a pure function of the indices, so tf.data may optimize around it.
        parts = tf.numpy_function(take_numpy, [idx], types, stateful=False)
        parts[0].set_shape(image_shape)
        if y is not None:
            parts[1].set_shape((None,))
        return tuple(parts)

    return take


def make_dataset(
    x: np.ndarray,
    y: np.ndarray,
    *,
    batch_size: int,
    shuffle: bool,
    seed: int,
    flip: bool = False,
    crop_padding: int = 0,
    drop_remainder: bool = False,
    initial_epoch: int = 0,
    repeat: bool = False,
    rows: np.ndarray | None = None,
) -> tf.data.Dataset:
    """Batches of (uint8 images, int32 labels) from arrays in memory or memory-mapped.

    Args:
        x: uint8 images, shape (N, height, width, channels).
        y: integer class labels, shape (N,).
        batch_size: images per batch.
        shuffle: a new seeded order every epoch; False keeps the array order.
        seed: fixes the epoch orders and the augmentation; the same seed gives the same batches.
        flip: random horizontal flips (training only).
        crop_padding: random crops after padding by this many pixels; 0 turns crops off.
        drop_remainder: drop the last batch of an epoch when it is smaller than `batch_size`.
        initial_epoch: the first epoch's number (a resumed run passes the epoch it resumes at).
        repeat: never end; epoch after epoch, each with its own order. Pass
            `steps_per_epoch(images used, batch_size, drop_remainder)` to `fit`. Without it each
            iteration of the dataset is one epoch, with a new order each time it is iterated
            (deterministic for a seed; a resumed run then starts a new sequence of orders).
        rows: use only these images of `x` (a subset or a validation split), as if the
            dataset were made from `x[rows], y[rows]` but without copying them.

    Returns:
        A `tf.data.Dataset` of (images uint8 (B, H, W, C), labels int32 (B,)).

    Raises:
        ValueError: on arrays of the wrong type or shape, a bad batch size or padding, or
            when `drop_remainder` would leave no batch at all.
    """
    _check_arrays(x, y, batch_size)
    _check_rows(rows, len(x))
    num_examples = len(x) if rows is None else len(rows)
    if drop_remainder and num_examples < batch_size:
        raise ValueError(
            f"drop_remainder with batch_size={batch_size} leaves no batch of {num_examples} "
            "images; use a smaller batch_size or drop_remainder=False."
        )
    augment = _augmenter(flip, crop_padding) if (flip or crop_padding) else None
    take = _batch_taker(x, y.astype(np.int32, copy=False), rows)

    one_epoch = _epoch_batches(num_examples, batch_size, drop_remainder, shuffle, seed)
    gather = _gatherer(take, augment, seed)
    epochs = _epoch_keys(seed, initial_epoch, repeat)
    dataset = epochs.flat_map(one_epoch).map(gather).prefetch(PREFETCH_BATCHES)
    if not repeat:
        # flat_map hides the length; Keras uses it for progress and epoch ends.
        count = steps_per_epoch(num_examples, batch_size, drop_remainder)
        dataset = dataset.apply(tf.data.experimental.assert_cardinality(count))
    return dataset.with_options(dataset_options())


def _epoch_batches(
    num_examples: int, batch_size: int, drop_remainder: bool, shuffle: bool, seed: int
) -> Callable[[tf.Tensor], tf.data.Dataset]:
    """epoch key -> (epoch key, batch number, the batch's indices) for each batch of it."""

    def one_epoch(epoch_key: tf.Tensor) -> tf.data.Dataset:
        if shuffle:
            order = epoch_order(num_examples, seed, epoch_key)
        else:
            order = tf.range(num_examples, dtype=tf.int64)
        batches = tf.data.Dataset.from_tensor_slices(order).batch(batch_size, drop_remainder)
        return batches.enumerate().map(lambda i, idx: (epoch_key, i, idx))

    return one_epoch


def _gatherer(take: Callable, augment: Callable | None, seed: int) -> Callable:
    """(epoch key, batch number, indices) -> (images, labels), augmented with a seed of each
    batch's own, so a batch's augmentation is the same whenever it is made."""

    def gather(epoch_key: tf.Tensor, index: tf.Tensor, idx: tf.Tensor) -> tuple:
        batch, batch_labels = take(idx)
        if augment is not None:
            batch_seed = tf.stack([tf.cast(seed, tf.int64), epoch_key * _BATCH_SEED_STRIDE + index])
            batch = augment(batch, batch_seed)
        return batch, batch_labels

    return gather


def _epoch_keys(seed: int, initial_epoch: int, repeat: bool) -> tf.data.Dataset:
    """The key of each epoch: its number, counted on for ever with `repeat`; else one key,
    a new one each time the dataset is iterated, in a sequence fixed by the seed."""
    if repeat:
        return tf.data.Dataset.range(initial_epoch, np.iinfo(np.int64).max)
    keys = tf.data.Dataset.random(seed=seed + initial_epoch, rerandomize_each_iteration=True)
    return keys.take(1).map(lambda k: k % _BATCH_SEED_STRIDE)


def make_predict_dataset(x: np.ndarray, batch_size: int) -> tf.data.Dataset:
    """Batches of uint8 images in array order, for prediction and evaluation.

    Args:
        x: uint8 images, shape (N, height, width, channels).
        batch_size: images per batch; the last batch may be smaller.
    """
    _check_arrays(x, None, batch_size)
    num_examples = len(x)
    take = _batch_taker(x, None)
    starts = tf.data.Dataset.range(0, num_examples, batch_size)
    dataset = starts.map(
        lambda start: take(tf.range(start, tf.minimum(start + batch_size, num_examples)))[0]
    )
    dataset = dataset.prefetch(PREFETCH_BATCHES)
    count = steps_per_epoch(num_examples, batch_size)
    dataset = dataset.apply(tf.data.experimental.assert_cardinality(count))
    return dataset.with_options(dataset_options())


def predict_batches(model: object, x: np.ndarray, batch_size: int = 256) -> np.ndarray:
    """`model.predict(x)` without the stall of predicting from NumPy arrays.

    Args:
        model: a Keras model taking uint8 images (one with a Rescaling layer).
        x: uint8 images, shape (N, height, width, channels).
        batch_size: images per forward pass.

    Returns:
        The model's outputs for every image, in order, as a NumPy array.
    """
    _check_arrays(x, None, batch_size)
    if len(x) <= batch_size:
        # One batch: a direct call skips building a dataset and a predict loop.
        return np.asarray(model.predict_on_batch(x))
    return model.predict(make_predict_dataset(x, batch_size), verbose=0)
