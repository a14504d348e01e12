"""CIFAR-10 and the tutorial's random data as uint8 NumPy arrays; no TensorFlow imported here.

    from alexnet.data import load_cifar10
    data = load_cifar10()          # the best source there is; data.description says which
    print(data.description)

Augmentation (TensorFlow ops) lives in `alexnet.data.augment` and is not imported here, so the
pages that only show data start without TensorFlow.
"""

from alexnet.data.cifar10 import read_cifar10
from alexnet.data.dataset import CLASS_NAMES, SOURCES, ImageData
from alexnet.data.download import (
    CIFAR10_SHA256,
    CIFAR10_URL,
    download_cifar10,
    text_progress_bar,
)
from alexnet.data.folders import keras_cache_folders, keras_home
from alexnet.data.random_data import random_data
from alexnet.data.sample import load_sample
from alexnet.data.sources import load_cifar10
from alexnet.data.splits import (
    split_validation,
    subset_indices,
    take_subset,
    validation_indices,
)

__all__ = [
    "CIFAR10_SHA256",
    "CIFAR10_URL",
    "CLASS_NAMES",
    "SOURCES",
    "ImageData",
    "download_cifar10",
    "keras_cache_folders",
    "keras_home",
    "load_cifar10",
    "load_sample",
    "random_data",
    "read_cifar10",
    "split_validation",
    "subset_indices",
    "take_subset",
    "text_progress_bar",
    "validation_indices",
]
