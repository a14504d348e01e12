"""The tutorial's random-noise data set: random uint8 images with random labels.

Training on it shows that a network runs end to end and that nothing can be learned from noise:
accuracy stays at chance, 1 / num_classes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from alexnet.data.dataset import ImageData, count_phrase

MAX_RANDOM_BYTES = 4 * 1024**3  # refuse requests that would not fit in a laptop's memory


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
    total = (train_size + test_size) * int(np.prod(shape))
    if total > MAX_RANDOM_BYTES:
        raise ValueError(
            f"{train_size + test_size:,} random images of {shape} need {total / 1024**3:.1f} GB; "
            f"the limit is {MAX_RANDOM_BYTES / 1024**3:.0f} GB. Use fewer or smaller images."
        )
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
