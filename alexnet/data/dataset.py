"""`ImageData`: a labelled image data set held as uint8 arrays, and the CIFAR-10 class names.

Images stay uint8 (N, H, W, C) in memory: the full CIFAR-10 training set is 150 MB this way and
1.2 GB as the tutorial's float64 `X / 255`. Scaling to [0, 1] belongs in the model or the input
pipeline, not here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from alexnet.config.messages import Message

# Label order of the official `batches.meta`; label k is CLASS_NAMES[k].
IMAGE_SHAPE = (32, 32, 3)  # every CIFAR-10 image, the sample's too
CLASS_NAMES: tuple[str, ...] = (
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
)

COUNTS = "{train:,} training and {test:,} test images"
DESCRIBED = "{label}: {counts}"  # where the images come from: how many there are

# Where a data set came from; the UI shows this so a user knows which data a run used.
SOURCES = ("path", "keras_cache", "download", "sample", "random")


def _check_split(name: str, x: object, y: object, num_classes: int) -> None:
    if not isinstance(x, np.ndarray) or x.dtype != np.uint8 or x.ndim != 4:
        got = f"{x.dtype} {x.shape}" if isinstance(x, np.ndarray) else type(x).__name__
        raise ValueError(
            f"x_{name} must be a uint8 array of shape (N, height, width, channels), got {got}; "
            "keep images as uint8 and scale them inside the model."
        )
    if not isinstance(y, np.ndarray) or y.dtype != np.int64 or y.shape != (x.shape[0],):
        got = f"{y.dtype} {y.shape}" if isinstance(y, np.ndarray) else type(y).__name__
        raise ValueError(
            f"y_{name} must be an int64 array of shape ({x.shape[0]},) (one label per image in "
            f"x_{name}), got {got}."
        )
    if y.size and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(
            f"y_{name} holds labels from {y.min()} to {y.max()}, but there are {num_classes} "
            f"class names; labels must lie in 0..{num_classes - 1}."
        )


@dataclass(frozen=True)
class ImageData:
    """Training and test images with integer labels, and where they came from.

    Attributes:
        x_train: uint8 images, shape (N, height, width, channels).
        y_train: int64 labels, shape (N,), each in 0..len(class_names) - 1.
        x_test: uint8 images, same height, width and channels as `x_train`.
        y_test: int64 labels for `x_test`.
        class_names: one name per label, in label order.
        source: one of "path", "keras_cache", "download", "sample", "random".
        description: plain words for the UI: where the data came from and how many images.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: tuple[str, ...]
    source: str
    description: str

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(
                f"source={self.source!r} is not known; use one of {', '.join(SOURCES)}."
            )
        if not self.class_names:
            raise ValueError("class_names is empty; give one name per label.")
        _check_split("train", self.x_train, self.y_train, len(self.class_names))
        _check_split("test", self.x_test, self.y_test, len(self.class_names))
        if self.x_train.shape[1:] != self.x_test.shape[1:]:
            raise ValueError(
                f"x_train images are {self.x_train.shape[1:]} but x_test images are "
                f"{self.x_test.shape[1:]}; both splits must have the same image shape."
            )

    @property
    def input_shape(self) -> tuple[int, int, int]:
        """(height, width, channels) of one image."""
        return tuple(int(d) for d in self.x_train.shape[1:])  # type: ignore[return-value]

    @property
    def num_classes(self) -> int:
        """How many classes the labels range over."""
        return len(self.class_names)


def count_phrase(num_train: int, num_test: int) -> Message:
    """Say how many images a data set has, e.g. "50,000 training and 10,000 test images".

    Args:
        num_train: number of training images.
        num_test: number of test images.
    """
    return Message(COUNTS, train=num_train, test=num_test)
