"""The tutorial's random-noise data set, for any input shape and number of classes."""

from __future__ import annotations

import numpy as np
import pytest

from alexnet import data


def test_random_data_for_the_imagenet_alexnet_has_the_spec_shape_and_classes():
    noise = data.random_data((227, 227, 3), 1000, train_size=8, test_size=4, seed=1)
    assert noise.source == "random"
    assert noise.x_train.shape == (8, 227, 227, 3) and noise.x_train.dtype == np.uint8
    assert noise.x_test.shape == (4, 227, 227, 3)
    assert noise.y_train.dtype == np.int64 and noise.y_train.max() < 1000
    assert len(noise.class_names) == 1000 and noise.num_classes == 1000
    assert noise.description.endswith("8 training and 4 test images")
    assert "227x227x3" in noise.description


def test_random_data_covers_the_whole_pixel_and_label_range():
    noise = data.random_data((32, 32, 3), 10, train_size=500, test_size=0, seed=0)
    assert noise.x_train.min() == 0 and noise.x_train.max() == 255
    assert sorted(set(noise.y_train.tolist())) == list(range(10))
    assert noise.x_test.shape == (0, 32, 32, 3)


def test_random_data_is_reproducible_for_a_seed_and_differs_between_seeds():
    a = data.random_data([32, 32, 3], 10, train_size=5, test_size=5, seed=7)
    b = data.random_data([32, 32, 3], 10, train_size=5, test_size=5, seed=7)
    c = data.random_data([32, 32, 3], 10, train_size=5, test_size=5, seed=8)
    np.testing.assert_array_equal(a.x_train, b.x_train)
    np.testing.assert_array_equal(a.y_test, b.y_test)
    assert not np.array_equal(a.x_train, c.x_train)


@pytest.mark.parametrize(
    ("shape", "classes", "train", "match"),
    [
        ((32, 32), 10, 5, "input_shape"),
        ((32, 0, 3), 10, 5, "input_shape"),
        ((32, 32, 3), 1, 5, "num_classes"),
        ((32, 32, 3), 10, 0, "train_size"),
        ((227, 227, 3), 10, 100_000, "GB"),
    ],
)
def test_impossible_random_data_requests_are_refused(shape, classes, train, match):
    with pytest.raises(ValueError, match=match):
        data.random_data(shape, classes, train_size=train, test_size=1)


def test_too_many_random_images_are_refused_with_the_count_asked_for_and_the_largest_allowed():
    from alexnet.data import check_random_size, max_random_train_images

    largest = max_random_train_images((227, 227, 3))
    assert largest == 4 * 1024**3 // (227 * 227 * 3) - 200  # beside the 200 test images
    check_random_size((227, 227, 3), largest)  # fits
    with pytest.raises(ValueError, match=rf"^100,000 random 227x227x3 images .* {largest:,}\.$"):
        check_random_size((227, 227, 3), 100_000)
    assert max_random_train_images((32, 32, 3)) > 1_000_000
