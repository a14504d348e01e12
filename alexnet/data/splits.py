"""Subsets and hold-out splits of labelled images, seeded so a run can be repeated exactly.

A stratified pick keeps each class's share of the images: from balanced CIFAR-10, 1,000
stratified images are 100 per class, where the first 1,000 are only roughly balanced. Picked
indices are returned in their original order, so a subset keeps the data set's own mix.
"""

from __future__ import annotations

import numpy as np


def _check_pair(x: object, y: object) -> None:
    if not isinstance(x, np.ndarray) or not isinstance(y, np.ndarray) or y.ndim != 1:
        raise ValueError(
            f"expected NumPy arrays x (N, ...) and y (N,), got {type(x).__name__} and "
            f"{type(y).__name__} {getattr(y, 'shape', '')}."
        )
    if len(x) != len(y):
        raise ValueError(
            f"x has {len(x):,} images but y has {len(y):,} labels; expected one label per image."
        )


def stratified_indices(y: np.ndarray, size: int, *, seed: int = 0) -> np.ndarray:
    """Indices of a seeded random pick of `size` items that keeps each class's share.

    Each class gets `size * share` items rounded down; the items left over go to the classes
    with the largest remainders (ties to the lower label). Sorted ascending.

    Args:
        y: integer labels, shape (N,).
        size: how many to pick, 0..N.
        seed: seed of the random pick within each class.
    """
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or not 0 <= size <= len(y):
        raise ValueError(f"size={size!r} must be a whole number from 0 to {len(y):,}.")
    classes, counts = np.unique(y, return_counts=True)
    exact = counts * (size / len(y)) if len(y) else counts * 0.0
    quota = np.floor(exact).astype(np.int64)
    leftover = size - int(quota.sum())
    order = np.lexsort((classes, -(exact - quota)))  # largest remainder first, then label
    quota[order[:leftover]] += 1
    rng = np.random.default_rng(seed)
    picked = [
        rng.choice(np.flatnonzero(y == c), size=int(q), replace=False)
        for c, q in zip(classes, quota, strict=True)
    ]
    return np.sort(np.concatenate(picked)) if picked else np.zeros(0, dtype=np.int64)


def subset_indices(
    y: np.ndarray, size: int, *, stratified: bool = False, seed: int = 0
) -> np.ndarray:
    """Indices of `take_subset`'s images: the first `size`, or a stratified random pick.

    Use it where the images should not be copied (a memory-mapped data set): the
    pipeline reads the picked rows batch by batch.

    Args:
        y: integer labels, shape (N,).
        size: how many images to keep, 1..N.
        stratified: False keeps the first `size`; True picks `size` at random, keeping each
            class's share, in their original order.
        seed: seed of the stratified pick; the same seed gives the same subset.
    """
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or not 1 <= size <= len(y):
        raise ValueError(
            f"subset size={size!r} is not possible with {len(y):,} images; use a whole number "
            f"from 1 to {len(y):,}, or load a larger data set."
        )
    if not stratified:
        return np.arange(int(size), dtype=np.int64)
    return stratified_indices(y, int(size), seed=seed)


def take_subset(
    x: np.ndarray, y: np.ndarray, size: int, *, stratified: bool = False, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """The first `size` images, or a seeded stratified random `size` of them.

    Args:
        x: images, shape (N, ...).
        y: integer labels, shape (N,).
        size: how many images to keep, 1..N.
        stratified: False keeps the first `size`; True picks `size` at random, keeping each
            class's share, in their original order.
        seed: seed of the stratified pick; the same seed gives the same subset.
    """
    _check_pair(x, y)
    keep = subset_indices(y, size, stratified=stratified, seed=seed)
    if not stratified:
        return x[: len(keep)], y[: len(keep)]  # views, as slicing gives
    return x[keep], y[keep]


def validation_indices(
    y: np.ndarray, fraction: float, *, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Indices of `split_validation`'s two parts: (training, held out), each ascending.

    Args:
        y: integer labels, shape (N,).
        fraction: share of images held out, 0 <= fraction < 1 (0 gives an empty hold-out).
        seed: seed of the pick; the same seed gives the same split.
    """
    if isinstance(fraction, bool) or not isinstance(fraction, (int, float)):
        raise ValueError(f"fraction={fraction!r} must be a number from 0 to below 1, e.g. 0.1.")
    size = round(len(y) * fraction)
    if not 0 <= fraction < 1 or size >= len(y):
        raise ValueError(
            f"validation fraction={fraction} of {len(y):,} images leaves no training images; "
            "use a fraction from 0 to below 1, e.g. 0.1."
        )
    held = np.zeros(len(y), dtype=bool)
    held[stratified_indices(y, size, seed=seed)] = True
    return np.flatnonzero(~held), np.flatnonzero(held)


def split_validation(
    x: np.ndarray, y: np.ndarray, fraction: float, *, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Hold out a seeded, stratified `fraction` of the images for validation.

    The hold-out has `round(len(x) * fraction)` images; both parts keep the original order.

    Args:
        x: images, shape (N, ...).
        y: integer labels, shape (N,).
        fraction: share of images held out, 0 <= fraction < 1 (0 gives an empty hold-out).
        seed: seed of the pick; the same seed gives the same split.

    Returns:
        (x_train, y_train, x_val, y_val).
    """
    _check_pair(x, y)
    train, held = validation_indices(y, fraction, seed=seed)
    return x[train], y[train], x[held], y[held]
