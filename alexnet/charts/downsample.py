"""Fewer points for a long curve, with the same shape: the extremes of each stretch are kept.

A 100-epoch run on all of CIFAR-10 logs thousands of steps per curve; a chart a few hundred
pixels wide shows no more than a few hundred of them, and a browser redrawing every point
of several such curves each second works for nothing. `downsample` splits the curve into
equal stretches and keeps, of each, its lowest and its highest point in their order (the
min/max method: every spike and dip stays), plus the first and the last point.
"""

from __future__ import annotations

from collections.abc import Sequence

MAX_POINTS = 400  # per trace: about one per pixel of a chart column on a projector


def downsample(
    xs: Sequence[float], ys: Sequence[float], max_points: int = MAX_POINTS
) -> tuple[list[float], list[float]]:
    """At most about `max_points` of the points, keeping each stretch's minimum and maximum.

    Args:
        xs: the x values, in order.
        ys: the y values (NaN or None are kept as they come, and never chosen as extremes).
        max_points: the most points to return (at least 4); shorter curves come back whole.

    Returns:
        (xs, ys) as lists, the first and last point always among them.
    """
    if len(xs) != len(ys):
        raise ValueError(f"xs has {len(xs)} values but ys has {len(ys)}; give one y per x.")
    chosen = kept_indices(ys, max_points)
    return [xs[i] for i in chosen], [ys[i] for i in chosen]


def kept_indices(ys: Sequence[float], max_points: int = MAX_POINTS) -> list[int]:
    """The positions `downsample` keeps, in order (all of them for a short curve).

    Use it to thin several curves that share their x values at the same points, e.g. a mean
    and its band.
    """
    if max_points < 4:
        raise ValueError(f"max_points={max_points} must be at least 4 (first, last, a min, a max).")
    n = len(ys)
    if n <= max_points:
        return list(range(n))
    buckets = (max_points - 2) // 2
    keep = {0, n - 1}
    inner = n - 2
    for b in range(buckets):
        start = 1 + b * inner // buckets
        stop = 1 + (b + 1) * inner // buckets
        stretch = [i for i in range(start, stop) if _number(ys[i])]
        if stretch:
            keep.add(min(stretch, key=lambda i: ys[i]))
            keep.add(max(stretch, key=lambda i: ys[i]))
    return sorted(keep)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and value == value  # not None, not NaN
