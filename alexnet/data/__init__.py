"""CIFAR-10 and the tutorial's random data as uint8 NumPy arrays; no TensorFlow imported here.

    from alexnet.data import load_cifar10
    data = load_cifar10()          # the best source there is; data.description says which
    print(data.description)

Augmentation (TensorFlow ops) lives in `alexnet.data.augment` and is not imported here, so the
pages that only show data start without TensorFlow.
"""

from alexnet.data.cifar10 import read_cifar10
from alexnet.data.dataset import CLASS_NAMES, IMAGE_SHAPE, SOURCES, ImageData
from alexnet.data.download import (
    CIFAR10_SHA256,
    CIFAR10_URL,
    download_cifar10,
    text_progress_bar,
)
from alexnet.data.folders import keras_cache_folders, keras_home
from alexnet.data.random_data import (
    RANDOM_TEST_SIZE,
    RANDOM_TRAIN_SIZE,
    check_random_size,
    max_random_train_images,
    random_data,
)
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
    "IMAGE_SHAPE",
    "RANDOM_TEST_SIZE",
    "RANDOM_TRAIN_SIZE",
    "SOURCES",
    "ImageData",
    "check_random_size",
    "download_cifar10",
    "keras_cache_folders",
    "keras_home",
    "load_cifar10",
    "load_sample",
    "max_random_train_images",
    "random_data",
    "read_cifar10",
    "split_validation",
    "subset_indices",
    "take_subset",
    "text_progress_bar",
    "validation_indices",
]
