"""The layer volumes of a network as an SVG picture: one box per output volume.

A box's height grows with the feature map's side and its width with the channel count
(on a log scale, so 3 and 4096 channels both stay visible). Dense layers, which have no
spatial extent, are drawn as thin bars whose height grows with the number of units.
Batch normalization, activation and dropout keep their input's shape, so they are left out.

The picture is plain SVG, not a Plotly figure: Home shows it first thing, and a page whose
only chart is Plotly waits for the browser to load and start Plotly's 4.7 MB script (about a
second on a 2-core laptop; docs/benchmarks.md, "First visit"). Each box carries a hover
title with its shape and size. Text is drawn in the page's colour (`currentColor`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from alexnet.network.layer_table import LayerTable

# Only layers that change the shape of the data get a box.
_DRAWN = {
    "Rescaling": "input",
    "Conv2D": "conv",
    "MaxPooling2D": "pool",
    "Flatten": "flatten",
    "Dense": "dense",
}
COLORS = {
    "input": "#94a3b8",
    "conv": "#c2410c",
    "pool": "#0f766e",
    "flatten": "#a16207",
    "dense": "#1d4ed8",
}
_MAX_HEIGHT = 10.0  # drawing units of the tallest box
_MIN_HEIGHT = 1.0
_GAP = 0.5
_MIN_SLOT = 1.2  # room for a label even beside a thin dense bar


def _shape_label(shape: tuple[int, ...]) -> str:
    return "×".join(map(str, shape))


def _box_size(shape: tuple[int, ...], max_side: int, max_units: int) -> tuple[float, float]:
    """(width, height) of a box in drawing units."""
    if len(shape) == 3:
        side = max(shape[0], shape[1])
        height = _MIN_HEIGHT + (_MAX_HEIGHT - _MIN_HEIGHT) * side / max_side
        width = 0.4 + 0.35 * math.log2(shape[2] + 1)
        return width, height
    units = shape[0]
    scale = math.log10(units + 1) / math.log10(max_units + 1)
    return 0.35, _MIN_HEIGHT + (_MAX_HEIGHT - _MIN_HEIGHT) * scale


def layer_volume_svg(
    table: LayerTable,
    input_shape: tuple[int, int, int] | None = None,
    input_label: str = "input",
    font_scale: float = 1.0,
    values_text: str = "{count:,} values",
) -> str:
    """One box per output volume, left to right, labelled with its name and shape.

    Args:
        table: the layer table (`alexnet.network.layer_table.layer_table`).
        input_shape: (height, width, channels) to draw the input first; without it the
            Rescaling row, where present, stands for the input.
        input_label: the input's name over its box (a page passes its translation).
        font_scale: the labels' size against the usual (larger for a projector's font).
        values_text: the hover title's count of a volume's values (a page passes its
            translation), with a `{count}` field.

    Returns:
        An `<svg>` element that fills its container's width: its opening tag alone on the
        first line, so Markdown passes the whole element through as an HTML block.
    """
    volumes = _volumes(table, input_shape, input_label)
    spatial = [s for _, _, s in volumes if len(s) == 3]
    max_side = max((max(s[0], s[1]) for s in spatial), default=1)
    max_units = max((s[0] for _, _, s in volumes if len(s) == 1), default=1)
    boxes, labels = [], []
    x = 0.0
    for name, kind, shape in volumes:
        width, height = _box_size(shape, max_side, max_units)
        slot = max(width, _MIN_SLOT)
        center = x + slot / 2
        label = _shape_label(shape)
        title = f"{name}: {label} ({values_text.format(count=math.prod(shape))})"
        boxes.append(_box(x + (slot - width) / 2, width, height, COLORS[kind], title, name))
        top, bottom = _y(_MAX_HEIGHT / 2 + 0.3), _y(-_MAX_HEIGHT / 2 - 0.3)
        labels.append(_label(center, top, name, "start", 12 * font_scale, bold=True))
        labels.append(_label(center, bottom, label, "end", 11 * font_scale, bold=False))
        x += slot + _GAP
    left = -_GAP * _UNIT - _MARGIN  # room for the first shape's label, slanting left
    width = (max(x, 1.0) + _GAP) * _UNIT + 2 * _MARGIN  # and the last name's, slanting right
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="layer-volumes" '
        f'viewBox="{left:.1f} 0 {width:.1f} {_HEIGHT}" width="100%" '
        f'style="max-height:{_HEIGHT * font_scale:.0f}px;font-family:sans-serif" '
        f'preserveAspectRatio="xMidYMid meet">\n' + "".join(boxes) + "".join(labels) + "</svg>"
    )


def _volumes(
    table: LayerTable, input_shape: Sequence[int] | None, input_label: str
) -> list[tuple[str, str, tuple[int, ...]]]:
    """(name, kind, output shape) of each drawn layer, the input first where given."""
    volumes: list[tuple[str, str, tuple[int, ...]]] = []
    if input_shape is not None:
        volumes.append((input_label, "input", tuple(input_shape)))
    for row in table.rows:
        kind = _DRAWN.get(row.layer_type)
        if kind is None or (kind == "input" and input_shape is not None):
            continue
        volumes.append((input_label if kind == "input" else row.name, kind, row.output_shape))
    return volumes


# Drawing units to SVG pixels: the picture is scaled to its container's width.
_UNIT = 14.0
_MARGIN = 44.0  # SVG pixels beside the boxes for slanted labels
_HEIGHT = 340  # the picture's height in its own pixels: room for the slanted labels
_Y_TOP = _MAX_HEIGHT / 2 + 3.0  # drawing units above the middle line (names)


def _px(units: float) -> str:
    return f"{units * _UNIT:.1f}"


def _y(units: float) -> float:
    """A height in drawing units (up from the middle line) as an SVG y (down from the top)."""
    return (_Y_TOP - units) * (_HEIGHT / (_MAX_HEIGHT + 6.5))


def _box(left: float, width: float, height: float, color: str, title: str, name: str) -> str:
    top, bottom = _y(height / 2), _y(-height / 2)
    return (
        f'<rect data-layer="{escape(name)}" x="{_px(left)}" y="{top:.1f}" width="{_px(width)}" '
        f'height="{bottom - top:.1f}" fill="{color}" fill-opacity="0.8" stroke="#1f2937" '
        f'stroke-width="1"><title>{escape(title)}</title></rect>'
    )


def _label(x: float, y: float, text: str, anchor: str, size: float, *, bold: bool) -> str:
    """Text slanted up to the right from (x, y): names above the boxes, shapes below."""
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{_px(x)}" y="{y:.1f}" transform="rotate(-45 {_px(x)} {y:.1f})" '
        f'text-anchor="{anchor}" font-size="{size:.1f}" fill="currentColor"{weight}>'
        f"{escape(text)}</text>"
    )
