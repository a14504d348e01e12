"""What a data choice holds, counted from the images themselves: the facts a start check needs.

`summarize_data("cifar10", path)` loads the images the way a run would (full CIFAR-10
memory-mapped from the decoded cache, so after the first time this reads no pixels; else
the shipped sample) and keeps only their counts, shape and classes.
"""

from __future__ import annotations

from dataclasses import dataclass

from alexnet.data.sample import load_sample
from alexnet.data.sources import load_cifar10


@dataclass(frozen=True)
class DataSummary:
    """A data choice, and what it holds."""

    source: str  # the run config's data_source: "cifar10" or "sample"
    path: str | None  # the run config's data_path
    found: str  # what load_cifar10 used: "path", "keras_cache", "download" or "sample"
    description: str  # where the images come from and how many there are, in words
    train_images: int
    test_images: int
    image_shape: tuple[int, int, int]
    classes: int  # how many classes the training labels span


def summarize_data(source: str, path: str | None = None) -> DataSummary:
    """Load a data choice as a run would, and count what it holds.

    Args:
        source: "cifar10" (the path, else $CIFAR10_PATH, Keras' cache or a download, else the
            shipped sample) or "sample".
        path: a CIFAR-10 archive or folder, or None.

    Raises:
        ValueError: the path is not CIFAR-10 (the message names the file and what to change).
        OSError: the path cannot be read.
    """
    data = load_sample() if source == "sample" else load_cifar10(path, memory_map=True)
    return DataSummary(
        source=source,
        path=path,
        found=data.source,
        description=data.description,
        train_images=len(data.x_train),
        test_images=len(data.x_test),
        image_shape=tuple(int(d) for d in data.x_train.shape[1:]),
        classes=int(data.y_train.max()) + 1 if len(data.y_train) else 0,
    )
