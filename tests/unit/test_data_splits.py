"""Subsets and validation splits: first N, stratified and seeded, on the real sample."""

from __future__ import annotations

import numpy as np
import pytest

from alexnet import data
from alexnet.data.splits import stratified_indices


@pytest.fixture(scope="module")
def sample() -> data.ImageData:
    return data.load_sample()


def test_first_n_subset_keeps_the_first_images_in_order(sample):
    x, y = data.take_subset(sample.x_train, sample.y_train, 7)
    np.testing.assert_array_equal(x, sample.x_train[:7])
    np.testing.assert_array_equal(y, sample.y_train[:7])


def test_stratified_subset_has_equal_counts_per_class_on_balanced_data(sample):
    x, y = data.take_subset(sample.x_train, sample.y_train, 500, stratified=True, seed=3)
    assert x.shape == (500, 32, 32, 3) and x.dtype == np.uint8
    assert np.bincount(y, minlength=10).tolist() == [50] * 10


def test_stratified_subset_keeps_the_pairs_of_image_and_label(sample):
    keep = stratified_indices(sample.y_train, 100, seed=1)
    x, y = data.take_subset(sample.x_train, sample.y_train, 100, stratified=True, seed=1)
    np.testing.assert_array_equal(x, sample.x_train[keep])
    np.testing.assert_array_equal(y, sample.y_train[keep])
    assert (np.diff(keep) > 0).all()  # original order


def test_same_seed_gives_the_same_subset_and_another_seed_another(sample):
    def pick(seed):
        return stratified_indices(sample.y_train, 300, seed=seed)

    np.testing.assert_array_equal(pick(5), pick(5))
    assert not np.array_equal(pick(5), pick(6))


def test_stratified_pick_keeps_class_shares_on_unbalanced_labels():
    y = np.array([0] * 60 + [1] * 30 + [2] * 10)
    keep = stratified_indices(y, 10, seed=0)
    assert np.bincount(y[keep]).tolist() == [6, 3, 1]
    # 7 of 60/30/10: exact shares 4.2/2.1/0.7; the leftover goes to the largest remainder.
    assert np.bincount(y[stratified_indices(y, 7, seed=0)], minlength=3).tolist() == [4, 2, 1]


@pytest.mark.parametrize("size", [0, 2501, -1, 2.5, True])
def test_impossible_subset_sizes_are_refused_with_the_range(sample, size):
    with pytest.raises(ValueError, match="from 1 to 2,500"):
        data.take_subset(sample.x_train, sample.y_train, size)


def test_subset_refuses_mismatched_images_and_labels(sample):
    with pytest.raises(ValueError, match="2,500 images but y has 10 labels"):
        data.take_subset(sample.x_train, sample.y_train[:10], 5)


def test_validation_split_is_stratified_disjoint_and_complete(sample):
    x_tr, y_tr, x_val, y_val = data.split_validation(sample.x_train, sample.y_train, 0.2, seed=0)
    assert len(x_val) == 500 and len(x_tr) == 2000
    assert np.bincount(y_val).tolist() == [50] * 10
    assert np.bincount(y_tr).tolist() == [200] * 10
    together = np.concatenate([x_tr, x_val]).reshape(2500, -1)
    original = sample.x_train.reshape(2500, -1)
    # The two parts hold each original image exactly once.
    order = lambda a: a[np.lexsort(a.T[::-1])]  # noqa: E731
    np.testing.assert_array_equal(order(together), order(original))


def test_validation_split_is_seeded(sample):
    a = data.split_validation(sample.x_train, sample.y_train, 0.1, seed=4)
    b = data.split_validation(sample.x_train, sample.y_train, 0.1, seed=4)
    c = data.split_validation(sample.x_train, sample.y_train, 0.1, seed=5)
    np.testing.assert_array_equal(a[3], b[3])
    np.testing.assert_array_equal(a[2], b[2])
    assert not np.array_equal(a[2], c[2])


def test_validation_fraction_zero_holds_nothing_out(sample):
    x_tr, _, x_val, y_val = data.split_validation(sample.x_train, sample.y_train, 0.0)
    assert len(x_tr) == 2500 and len(x_val) == 0 and len(y_val) == 0


@pytest.mark.parametrize("fraction", [1.0, 1.5, -0.1, 0.9999])
def test_validation_fraction_that_leaves_no_training_images_is_refused(sample, fraction):
    with pytest.raises(ValueError, match="from 0 to below 1"):
        data.split_validation(sample.x_train, sample.y_train, fraction)


@pytest.mark.parametrize("stratified", [False, True])
def test_subset_indices_pick_exactly_the_images_take_subset_copies(sample, stratified):
    x, y = data.take_subset(sample.x_train, sample.y_train, 120, stratified=stratified, seed=4)
    rows = data.subset_indices(sample.y_train, 120, stratified=stratified, seed=4)
    assert rows.dtype == np.int64 and len(rows) == 120
    np.testing.assert_array_equal(sample.x_train[rows], x)
    np.testing.assert_array_equal(sample.y_train[rows], y)


def test_validation_indices_pick_exactly_the_images_split_validation_copies(sample):
    x_fit, y_fit, x_val, y_val = data.split_validation(sample.x_train, sample.y_train, 0.2, seed=5)
    fit, held = data.validation_indices(sample.y_train, 0.2, seed=5)
    assert len(fit) + len(held) == len(sample.y_train)
    assert not set(fit.tolist()) & set(held.tolist())
    np.testing.assert_array_equal(sample.x_train[fit], x_fit)
    np.testing.assert_array_equal(sample.x_train[held], x_val)
    np.testing.assert_array_equal(sample.y_train[fit], y_fit)
    np.testing.assert_array_equal(sample.y_train[held], y_val)


def test_index_functions_reject_impossible_sizes_with_the_range_to_use(sample):
    with pytest.raises(ValueError, match="from 1 to"):
        data.subset_indices(sample.y_train, 0)
    with pytest.raises(ValueError, match="below 1"):
        data.validation_indices(sample.y_train, 1.0)
