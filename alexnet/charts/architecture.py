"""The layer volumes of a network as a Plotly figure: one box per output volume.

A box's height grows with the feature map's side and its width with the channel count
(on a log scale, so 3 and 4096 channels both stay visible). Dense layers, which have no
spatial extent, are drawn as thin bars whose height grows with the number of units.
Batch normalization, activation and dropout keep their input's shape, so they are left out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import plotly.graph_objects as go

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


def layer_volume_figure(
    table: LayerTable,
    input_shape: tuple[int, int, int] | None = None,
    input_label: str = "input",
) -> go.Figure:
    """One box per output volume, left to right, labelled with its shape.

    Args:
        table: the layer table (`alexnet.network.layer_table.layer_table`).
        input_shape: (height, width, channels) to draw the input first; without it the
            Rescaling row, where present, stands for the input.
        input_label: the input's name over its box (a page passes its translation).

    Returns:
        A figure with boxes as shapes and hover text on each box.
    """
    volumes = _volumes(table, input_shape, input_label)
    spatial = [s for _, _, s in volumes if len(s) == 3]
    max_side = max((max(s[0], s[1]) for s in spatial), default=1)
    max_units = max((s[0] for _, _, s in volumes if len(s) == 1), default=1)

    # Shapes and annotations are collected as plain dicts and handed to Plotly once:
    # fig.add_shape / add_annotation validate the whole layout on every call, which adds up
    # for the ImageNet AlexNet's many shapes: too slow for a page that redraws on every edit.
    shapes: list[dict] = []
    annotations: list[dict] = []
    centers, hovers = [], []
    x = 0.0
    for name, kind, shape in volumes:
        width, height = _box_size(shape, max_side, max_units)
        slot = max(width, _MIN_SLOT)
        shapes.append(_box(x + (slot - width) / 2, width, height, COLORS[kind]))
        center = x + slot / 2
        label = _shape_label(shape)
        annotations.append(_label(center, _MAX_HEIGHT / 2 + 0.3, f"<b>{name}</b>", "bottom", 11))
        annotations.append(_label(center, -_MAX_HEIGHT / 2 - 0.3, label, "top", 10))
        centers.append(center)
        hovers.append(f"{name}: {label} ({math.prod(shape):,} values)")
        x += slot + _GAP
    return _figure(shapes, annotations, centers, hovers, x)


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


def _box(left: float, width: float, height: float, color: str) -> dict:
    return {
        "type": "rect",
        "x0": left,
        "x1": left + width,
        "y0": -height / 2,
        "y1": height / 2,
        "fillcolor": color,
        "opacity": 0.8,
        "line": {"color": "#1f2937", "width": 1},
    }


def _figure(
    shapes: list[dict], annotations: list[dict], centers: list[float], hovers: list[str], x: float
) -> go.Figure:
    # Invisible markers carry the hover text; the shapes themselves have none.
    markers = go.Scatter(
        x=centers,
        y=[0] * len(centers),
        mode="markers",
        marker={"size": 18, "opacity": 0},
        hovertext=hovers,
        hoverinfo="text",
        showlegend=False,
    )
    return go.Figure(
        data=[markers],
        layout={
            "shapes": shapes,
            "annotations": annotations,
            "xaxis": {"visible": False, "range": [-_GAP, max(x, 1.0)]},
            "yaxis": {"visible": False, "range": [-_MAX_HEIGHT / 2 - 3.5, _MAX_HEIGHT / 2 + 3.0]},
            "height": 340,
            "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
            "plot_bgcolor": "rgba(0,0,0,0)",
            "paper_bgcolor": "rgba(0,0,0,0)",
        },
    )


def _label(x: float, y: float, text: str, anchor: str, size: int) -> dict:
    return {
        "x": x,
        "y": y,
        "text": text,
        "showarrow": False,
        "textangle": -45,
        "yanchor": anchor,
        "font": {"size": size},
    }
