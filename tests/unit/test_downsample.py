"""Downsampled curves keep their first and last point and every stretch's extremes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from alexnet.charts.downsample import downsample


def test_a_short_curve_comes_back_whole():
    assert downsample([1, 2, 3], [3.0, 1.0, 2.0], max_points=10) == ([1, 2, 3], [3.0, 1.0, 2.0])


def test_a_short_example_worked_by_hand_keeps_each_halfs_lowest_and_highest_point():
    # 10 points, at most 6 kept: the first and the last, and of the 8 between them two
    # stretches of 4 (positions 1-4 and 5-8), each giving its lowest and its highest point.
    ys = [5.0, 3.0, 9.0, 1.0, 4.0, 8.0, 2.0, 7.0, 6.0, 0.0]
    #     first  [3   9^  1v  4]  [8^  2v  7   6]  last
    xs = [10 * i for i in range(10)]
    assert downsample(xs, ys, max_points=6) == (
        [0, 20, 30, 50, 60, 90],
        [5.0, 9.0, 1.0, 8.0, 2.0, 0.0],
    )


def test_a_long_curve_keeps_first_last_and_each_stretchs_minimum_and_maximum():
    rng = np.random.default_rng(0)
    n, limit = 10_000, 400
    xs = list(range(n))
    ys = list(np.cumsum(rng.normal(size=n)))
    ys[5000] = 1e6  # a spike
    ys[7777] = -1e6  # a dip
    kept_x, kept_y = downsample(xs, ys, max_points=limit)
    assert len(kept_x) <= limit
    assert kept_x[0] == 0 and kept_x[-1] == n - 1
    assert kept_x == sorted(kept_x) and all(ys[x] == y for x, y in zip(kept_x, kept_y, strict=True))
    assert 5000 in kept_x and 7777 in kept_x
    # The drawn curve hides nothing: every point lies between the lowest and the highest kept
    # point near it. "Near" is a loose bound on a stretch's width (points per pair of kept
    # points, doubled), not the implementation's own stretch boundaries; a curve thinned by
    # keeping every 25th point instead breaks it.
    near = 2 * n // (limit // 2)
    for i in range(n):
        around = [y for x, y in zip(kept_x, kept_y, strict=True) if abs(x - i) <= near]
        assert min(around) <= ys[i] <= max(around), i
    every_25th = list(range(0, n, 25))
    assert any(
        not min(ys[j] for j in every_25th if abs(j - i) <= near)
        <= ys[i]
        <= max(ys[j] for j in every_25th if abs(j - i) <= near)
        for i in range(n)
    )


def test_missing_values_are_never_chosen_as_extremes():
    ys = [1.0, math.nan, None, 0.5] * 300
    _, kept_y = downsample(list(range(len(ys))), ys, max_points=40)
    assert all(isinstance(y, float) and not math.isnan(y) for y in kept_y[1:-1])


@pytest.mark.parametrize(("xs", "ys", "limit"), [([1], [1.0, 2.0], 10), ([1], [1.0], 3)])
def test_mismatched_lengths_and_too_few_points_are_refused(xs, ys, limit):
    with pytest.raises(ValueError):
        downsample(xs, ys, max_points=limit)
