"""Figures for looking inside a model: filters, feature maps, Grad-CAM, evaluation, top-k.

Pure functions from NumPy arrays to Plotly figures; no TensorFlow, no Streamlit. Grids of
small images are drawn as one mosaic trace (not one subplot per image) so a 96-filter layer
is a single, fast image.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

MAX_FEATURE_MAPS = 64  # channels shown at once; more become too small to read
# The feature maps' title; a page passes translations under the same keys.
MAP_WORDS = {
    "title": "{layer}: output {h} x {w} x {c}", "first": " (first {shown} of {c} channels)",
}  # fmt: skip


def _mosaic(tiles: np.ndarray, columns: int, fill: float) -> tuple[np.ndarray, np.ndarray]:
    """Tiles (n, h, w, ...) -> one image with 1-pixel gaps, and the tile index of each pixel."""
    n, h, w = tiles.shape[:3]
    rows = math.ceil(n / columns)
    shape = (rows * (h + 1) + 1, columns * (w + 1) + 1, *tiles.shape[3:])
    canvas = np.full(shape, fill, dtype=np.float32)
    index = np.full(shape[:2], -1, dtype=np.int64)
    for i in range(n):
        top, left = 1 + (i // columns) * (h + 1), 1 + (i % columns) * (w + 1)
        canvas[top : top + h, left : left + w] = tiles[i]
        index[top : top + h, left : left + w] = i
    return canvas, index


def _image_layout(fig: go.Figure, title: str) -> go.Figure:
    fig.update_layout(title=title, margin={"l": 10, "r": 10, "t": 50, "b": 10})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x")
    return fig


def filters_figure(filters: np.ndarray, columns: int = 12, title: str | None = None) -> go.Figure:
    """The first conv layer's kernels as a grid of small RGB images.

    Args:
        filters: (n, k, k, 3) floats in [0, 1], from
            `alexnet.analysis.visualize.first_layer_filters`.
        columns: kernels per row.
        title: figure title; a default names the count and size.
    """
    filters = np.asarray(filters, dtype=np.float32)
    if filters.ndim != 4 or filters.shape[-1] != 3 or len(filters) == 0:
        raise ValueError(f"filters must be a non-empty (n, k, k, 3) array, got {filters.shape}.")
    n, k = filters.shape[0], filters.shape[1]
    canvas, index = _mosaic(np.clip(filters, 0, 1), min(columns, n), fill=1.0)
    labels = np.where(index >= 0, np.char.add("filter ", (index + 1).astype(str)), "")
    fig = go.Figure(go.Image(z=canvas * 255, hovertext=labels, hoverinfo="text"))
    return _image_layout(fig, title or f"First-layer filters: {n} kernels of {k} x {k}")


def feature_maps_figure(
    maps: np.ndarray,
    layer_name: str,
    max_channels: int = MAX_FEATURE_MAPS,
    columns: int = 8,
    words: Mapping[str, str] | None = None,
) -> go.Figure:
    """A layer's feature maps for one image as a grid of heat maps, each scaled on its own.

    Args:
        maps: (height, width, channels) from `alexnet.analysis.visualize.feature_maps`.
        layer_name: named in the title, with the output shape.
        max_channels: show at most this many channels (the first ones).
        columns: maps per row.
        words: translated text for the keys of `MAP_WORDS`.
    """
    text = {**MAP_WORDS, **(words or {})}
    maps = np.asarray(maps, dtype=np.float32)
    if maps.ndim != 3:
        raise ValueError(f"maps must be (height, width, channels), got shape {maps.shape}.")
    h, w, c = maps.shape
    shown = np.moveaxis(maps[..., :max_channels], -1, 0)
    low = shown.min(axis=(1, 2), keepdims=True)
    span = shown.max(axis=(1, 2)) - low[:, 0, 0]
    # Each map on its own scale, so weak channels are visible; flat (dead) maps stay 0.
    scaled = np.where(
        span[:, None, None] > 0, (shown - low) / np.maximum(span, 1e-12)[:, None, None], 0
    )
    canvas, index = _mosaic(scaled, min(columns, len(shown)), fill=np.nan)
    raw, _ = _mosaic(shown, min(columns, len(shown)), fill=np.nan)
    fig = go.Figure(
        go.Heatmap(
            z=canvas,
            customdata=np.stack([index + 1, raw], axis=-1),
            colorscale="Viridis",
            showscale=False,
            hovertemplate="channel %{customdata[0]}<br>value %{customdata[1]:.3g}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    title = text["title"].format(layer=layer_name, h=h, w=w, c=c)
    note = text["first"].format(shown=len(shown), c=c) if len(shown) < c else ""
    return _image_layout(fig, f"{title}{note}")


def grad_cam_figure(
    image: np.ndarray, overlay: np.ndarray, class_name: str, probability: float | None = None
) -> go.Figure:
    """The image beside its Grad-CAM overlay.

    Args:
        image: (H, W, 3) uint8 input image.
        overlay: (H, W, 3) uint8 from `alexnet.analysis.visualize.overlay_heatmap`.
        class_name: the class explained.
        probability: the model's probability for that class, shown in the title.
    """
    image, overlay = np.asarray(image), np.asarray(overlay)
    for name, value in (("image", image), ("overlay", overlay)):
        if value.ndim != 3 or value.shape[-1] != 3:
            raise ValueError(f"{name} must be an (H, W, 3) RGB array, got shape {value.shape}.")
    fig = make_subplots(rows=1, cols=2, subplot_titles=("image", "Grad-CAM"))
    fig.add_trace(go.Image(z=image, hoverinfo="skip"), row=1, col=1)
    fig.add_trace(go.Image(z=overlay, hoverinfo="skip"), row=1, col=2)
    chance = f" ({probability:.0%})" if probability is not None else ""
    fig = _image_layout(fig, f"Where the model sees '{class_name}'{chance}")
    # Room for the figure title above the two subplot titles.
    return fig.update_layout(margin={"t": 80})


def confusion_matrix_figure(
    matrix: Any, class_names: Sequence[str], normalize: bool = False
) -> go.Figure:
    """The confusion matrix as an annotated heat map with clickable cells.

    Rows are true classes (top to bottom), columns predicted classes. Heat-map clicks do not
    reach Streamlit, so an invisible marker sits on every cell with customdata
    [true, predicted]: `st.plotly_chart(fig, on_select="rerun")` returns it for the clicked
    cell (see `alexnet.analysis.evaluation.images_in_cell`).

    Args:
        matrix: (num_classes, num_classes) counts, e.g. `Evaluation.confusion_matrix`.
        class_names: one name per class.
        normalize: color by the fraction of each true class (rows sum to 1) instead of counts.
    """
    counts = np.asarray(matrix, dtype=np.int64)
    c = len(class_names)
    if counts.shape != (c, c):
        raise ValueError(f"matrix must be {c} x {c} for {c} class names, got {counts.shape}.")
    rows = counts.sum(axis=1, keepdims=True)
    fractions = counts / np.maximum(rows, 1)
    names = list(class_names)
    fig = go.Figure(
        go.Heatmap(
            z=fractions if normalize else counts,
            x=names,
            y=names,
            text=counts,
            texttemplate="%{text}",
            colorscale="Blues",
            colorbar={"title": "fraction" if normalize else "images"},
            hoverinfo="skip",
        )
    )
    true, pred = np.meshgrid(np.arange(c), np.arange(c), indexing="ij")
    fig.add_trace(
        go.Scatter(
            x=[names[p] for p in pred.ravel()],
            y=[names[t] for t in true.ravel()],
            mode="markers",
            marker={"symbol": "square", "size": 40, "opacity": 0},
            selected={"marker": {"opacity": 0}},
            unselected={"marker": {"opacity": 0}},
            customdata=np.stack([true.ravel(), pred.ravel(), counts.ravel()], axis=-1),
            hovertemplate="true %{y}<br>predicted %{x}<br>%{customdata[2]} images<extra></extra>",
            showlegend=False,
            name="cells",
        )
    )
    fig.update_layout(
        title="Confusion matrix (rows: true class, columns: predicted)",
        xaxis={"title": "predicted", "side": "bottom"},
        yaxis={"title": "true", "autorange": "reversed"},
        clickmode="event+select",
        margin={"t": 60},
    )
    return fig


def per_class_figure(
    class_names: Sequence[str],
    precision: Sequence[float],
    recall: Sequence[float],
    support: Sequence[int] | None = None,
) -> go.Figure:
    """Per-class precision and recall (= per-class accuracy) as grouped bars.

    Args:
        class_names: one name per class.
        precision: per class, in [0, 1].
        recall: per class, in [0, 1].
        support: test images per class, shown on hover.
    """
    c = len(class_names)
    if len(precision) != c or len(recall) != c or (support is not None and len(support) != c):
        raise ValueError(f"precision, recall and support need one value per class ({c}).")
    names = list(class_names)
    images = list(support) if support is not None else [None] * c
    fig = go.Figure()
    for label, values in (("precision", precision), ("recall (accuracy)", recall)):
        fig.add_trace(
            go.Bar(
                x=names,
                y=list(values),
                name=label,
                customdata=images,
                hovertemplate=f"%{{x}}<br>{label} %{{y:.1%}}<br>%{{customdata}} test images"
                "<extra></extra>",
            )
        )
    fig.update_layout(
        title="Per-class precision and recall",
        barmode="group",
        yaxis={"range": [0, 1], "tickformat": ".0%"},
    )
    return fig
