"""Downsampled curves keep their first and last point and every stretch's extremes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from alexnet.charts.downsample import downsample


def test_a_short_curve_comes_back_whole():
    assert downsample([1, 2, 3], [3.0, 1.0, 2.0], max_points=10) == ([1, 2, 3], [3.0, 1.0, 2.0])


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
    buckets = (limit - 2) // 2
    for b in range(buckets):  # every stretch's lowest and highest point is there
        start, stop = 1 + b * (n - 2) // buckets, 1 + (b + 1) * (n - 2) // buckets
        stretch = range(start, stop)
        assert min(stretch, key=lambda i: ys[i]) in kept_x
        assert max(stretch, key=lambda i: ys[i]) in kept_x


def test_missing_values_are_never_chosen_as_extremes():
    ys = [1.0, math.nan, None, 0.5] * 300
    _, kept_y = downsample(list(range(len(ys))), ys, max_points=40)
    assert all(isinstance(y, float) and not math.isnan(y) for y in kept_y[1:-1])


@pytest.mark.parametrize(("xs", "ys", "limit"), [([1], [1.0, 2.0], 10), ([1], [1.0], 3)])
def test_mismatched_lengths_and_too_few_points_are_refused(xs, ys, limit):
    with pytest.raises(ValueError):
        downsample(xs, ys, max_points=limit)
