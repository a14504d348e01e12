"""The tutorial's random-noise data set: random uint8 images with random labels.

Training on it shows that a network runs end to end and that nothing can be learned from noise:
accuracy stays at chance, 1 / num_classes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from alexnet.config.checks import ConfigError
from alexnet.data.dataset import ImageData, count_phrase

MAX_RANDOM_BYTES = 4 * 1024**3  # refuse requests that would not fit in a laptop's memory
RANDOM_TRAIN_SIZE = 1000  # training images when a run does not say how many
RANDOM_TEST_SIZE = 200  # test images a run on random data is evaluated on
TOO_MANY = (
    "{count:,} random {h}x{w}x{c} images need {need:.1f} GB with the {test} test images, more "
    "than the {limit:.0f} GB limit; use at most {largest:,}."
)


def max_random_train_images(input_shape: Sequence[int], test_size: int = RANDOM_TEST_SIZE) -> int:
    """The most random training images of this size that fit the memory limit beside
    `test_size` test images; 0 when not even one does."""
    per_image = math.prod(int(d) for d in input_shape)
    return max(0, MAX_RANDOM_BYTES // per_image - test_size)


def check_random_size(
    input_shape: Sequence[int], train_size: int, test_size: int = RANDOM_TEST_SIZE
) -> None:
    """Refuse more random training images than fit in memory, naming the largest count.

    Raises:
        ValueError: a `ConfigError` with the count asked for and the largest allowed.
    """
    largest = max_random_train_images(input_shape, test_size)
    if train_size > largest:
        h, w, c = (int(d) for d in input_shape)
        need = (train_size + test_size) * h * w * c / 1024**3
        raise ConfigError(
            TOO_MANY, count=train_size, h=h, w=w, c=c, need=need, test=test_size,
            limit=MAX_RANDOM_BYTES / 1024**3, largest=largest,
        )  # fmt: skip


def random_data(
    input_shape: Sequence[int],
    num_classes: int,
    *,
    train_size: int,
    test_size: int,
    seed: int = 0,
) -> ImageData:
    """Random uint8 images of `input_shape` with uniformly random labels; source "random".

    Args:
        input_shape: (height, width, channels) of one image, e.g. (227, 227, 3).
        num_classes: labels are drawn from 0..num_classes - 1.
        train_size: number of training images (at least 1).
        test_size: number of test images (0 or more).
        seed: the same seed gives the same images and labels.
    """
    shape = tuple(input_shape)
    if len(shape) != 3 or not all(
        isinstance(d, (int, np.integer)) and not isinstance(d, bool) and d >= 1 for d in shape
    ):
        raise ValueError(
            f"input_shape={input_shape!r} must be (height, width, channels) of positive whole "
            "numbers, e.g. (227, 227, 3)."
        )
    if isinstance(num_classes, bool) or not isinstance(num_classes, int) or num_classes < 2:
        raise ValueError(f"num_classes={num_classes!r} must be a whole number of at least 2.")
    for name, value, low in (("train_size", train_size, 1), ("test_size", test_size, 0)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError(f"{name}={value!r} must be a whole number of at least {low}.")
    check_random_size(shape, train_size, test_size)
    rng = np.random.default_rng(seed)
    h, w, c = (int(d) for d in shape)
    size = f"{h}x{w}x{c}"
    return ImageData(
        x_train=rng.integers(0, 256, (train_size, h, w, c), dtype=np.uint8),
        y_train=rng.integers(0, num_classes, train_size, dtype=np.int64),
        x_test=rng.integers(0, 256, (test_size, h, w, c), dtype=np.uint8),
        y_test=rng.integers(0, num_classes, test_size, dtype=np.int64),
        class_names=tuple(f"class {k}" for k in range(num_classes)),
        source="random",
        description=(
            f"Random noise ({size} images, random labels over {num_classes:,} classes, "
            f"seed {seed}): {count_phrase(train_size, test_size)}"
        ),
    )
