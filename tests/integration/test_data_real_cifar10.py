"""The full CIFAR-10 archive, where this machine has it: counts, channel means, the sample."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
import pytest

from alexnet import data
from alexnet.data.sample import SAMPLE_DIR


@functools.lru_cache(maxsize=1)
def _load(path: Path) -> data.ImageData:
    return data.load_cifar10(path)  # 180 MB: read once for all tests in this file


@pytest.fixture
def full(shared_cifar10: Path) -> data.ImageData:
    return _load(shared_cifar10)


@pytest.mark.slow
def test_full_archive_has_5000_training_and_1000_test_images_per_class(full):
    assert full.source == "path"
    assert full.x_train.shape == (50_000, 32, 32, 3) and full.x_train.dtype == np.uint8
    assert full.x_test.shape == (10_000, 32, 32, 3)
    assert np.bincount(full.y_train).tolist() == [5000] * 10
    assert np.bincount(full.y_test).tolist() == [1000] * 10
    assert full.description.endswith("50,000 training and 10,000 test images")


@pytest.mark.slow
def test_full_archive_training_channel_means_match_the_published_values(full):
    sums = full.x_train.sum(axis=(0, 1, 2), dtype=np.uint64)  # exact integer sums
    means = sums / (50_000 * 32 * 32) / 255
    np.testing.assert_array_equal(np.round(means, 3), [0.491, 0.482, 0.447])
    np.testing.assert_allclose(means, [0.4914, 0.4822, 0.4465], atol=5e-5)


@pytest.mark.slow
def test_shipped_sample_is_exactly_the_images_it_names_in_the_full_data_set(full):
    sample = data.load_sample()
    meta = json.loads((SAMPLE_DIR / "labels.json").read_text())
    train_index = np.array(meta["train"]["source_index"])
    test_index = np.array(meta["test"]["source_index"])
    np.testing.assert_array_equal(sample.x_train, full.x_train[train_index])
    np.testing.assert_array_equal(sample.y_train, full.y_train[train_index])
    np.testing.assert_array_equal(sample.x_test, full.x_test[test_index])
    np.testing.assert_array_equal(sample.y_test, full.y_test[test_index])
