"""A model's k most likely classes as SVG bars: the picture beside each prediction.

Plain SVG, not Plotly: the Predict page's first answer would otherwise wait for the browser
to load and start Plotly's 4.7 MB script, which also holds back the gallery drawn with it
(docs/benchmarks.md, "First visit"). Each bar carries its class and probability as data
attributes and a hover title.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

import numpy as np

CORRECT_COLOR = "#2ca02c"  # the true class
WRONG_COLOR = "#d62728"  # a wrong first guess
OTHER_COLOR = "#1f77b4"

_WIDTH = 480  # the picture's own pixels; it scales to its container
_ROW = 44
_LABEL = 130  # room for the class names, left of the bars


def top_k_classes(
    probs: Any, class_names: Sequence[str], k: int = 5, true_label: int | None = None
) -> list[tuple[int, float, str]]:
    """(class, probability, colour) of the k most likely classes, the most likely first.

    Args:
        probs: (num_classes,) probabilities for one image.
        class_names: one name per class.
        k: how many classes to show (at most num_classes).
        true_label: if known, its bar is green when in the top k, and the top bar red when
            wrong.
    """
    probs = np.asarray(probs, dtype=np.float64).reshape(-1)
    if len(probs) != len(class_names):
        raise ValueError(f"Got {len(probs)} probabilities for {len(class_names)} class names.")
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a positive whole number, got {k!r}.")
    if true_label is not None and not 0 <= true_label < len(probs):
        raise ValueError(f"true_label={true_label} is not a class; expected 0 to {len(probs) - 1}.")
    top = np.argsort(-probs, kind="stable")[: min(k, len(probs))]
    rows = []
    for rank, cls in enumerate(top):
        if true_label is not None and cls == true_label:
            color = CORRECT_COLOR
        elif true_label is not None and rank == 0:
            color = WRONG_COLOR
        else:
            color = OTHER_COLOR
        rows.append((int(cls), float(probs[cls]), color))
    return rows


def top_k_svg(
    probs: Any,
    class_names: Sequence[str],
    k: int = 5,
    true_label: int | None = None,
    title: str = "",
    font_scale: float = 1.0,
) -> str:
    """The k most likely classes as horizontal bars on a 0-100% scale, the most likely on top.

    Args: as `top_k_classes`, and
        title: a line over the bars (the page passes its translation).
        font_scale: the text's size against the usual (larger for a projector's font).

    Returns:
        An `<svg>` element, its opening tag alone on the first line (`ui.pictures.show_svg`).
    """
    rows = top_k_classes(probs, class_names, k, true_label)
    size = 14 * font_scale
    top = 34 * font_scale if title else 8
    height = top + _ROW * len(rows) + 24
    bar_width = _WIDTH - _LABEL - 70
    parts = []
    if title:
        parts.append(
            f'<text class="title" x="0" y="{20 * font_scale:.1f}" '
            f'font-size="{16 * font_scale:.1f}" font-weight="bold" fill="currentColor">'
            f"{escape(title)}</text>"
        )
    for row, (cls, prob, color) in enumerate(rows):
        y = top + row * _ROW
        name = escape(str(class_names[cls]))
        length = max(prob, 0.0) * bar_width
        parts.append(
            f'<text x="{_LABEL - 8}" y="{y + _ROW / 2:.1f}" text-anchor="end" '
            f'dominant-baseline="middle" font-size="{size:.1f}" fill="currentColor">{name}</text>'
            f'<rect class="bar" data-class="{name}" data-probability="{prob:.6f}" '
            f'data-color="{color}" x="{_LABEL}" y="{y + 6:.1f}" width="{length:.1f}" '
            f'height="{_ROW - 12}" fill="{color}"><title>{name}: {prob:.2%}</title></rect>'
            f'<text x="{_LABEL + length + 6:.1f}" y="{y + _ROW / 2:.1f}" '
            f'dominant-baseline="middle" font-size="{size:.1f}" fill="currentColor">'
            f"{prob:.1%}</text>"
        )
    axis_y = top + _ROW * len(rows)
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        x = _LABEL + tick * bar_width
        parts.append(
            f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{axis_y:.1f}" '
            f'stroke="#9ca3af" stroke-width="0.5"/>'
            f'<text x="{x:.1f}" y="{axis_y + 16:.1f}" text-anchor="middle" '
            f'font-size="{12 * font_scale:.1f}" fill="currentColor">{tick:.0%}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="top-k" '
        f'viewBox="0 0 {_WIDTH} {height:.0f}" width="100%" '
        f'style="max-width:{_WIDTH * 1.4:.0f}px;font-family:sans-serif">\n'
        + "".join(parts)
        + "</svg>"
    )
