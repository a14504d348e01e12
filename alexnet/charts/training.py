"""Training curves as Plotly figures: pure functions from a run's metrics records.

The records are what `RunStore.read_metrics(run_id, kind)` returns (or the same as a
DataFrame, `metrics_frame`): one per logged step (`kind="step"`: step, epoch, batch, loss,
accuracy, elapsed_seconds, ...) or per epoch (`kind="epoch"`: also val_loss and
val_accuracy). A long run's step curves are drawn from a few hundred of their points, the
extremes kept (`alexnet.charts.downsample`), so a 100-epoch run costs the page and the
browser no more than a short one. Per step, the values as logged
(Keras' mean over the epoch's batches so far) are drawn thin and faint, with an exponential
moving average over them (as TensorBoard does) that is easier to follow; per epoch,
training and validation share one chart so a gap between them (over-fitting) shows at a
glance. Fonts and lines are large enough to read
on a projector. Axis and legend text comes in through `labels`, so pages can translate it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from alexnet.charts.downsample import downsample

if TYPE_CHECKING:
    import pandas as pd

    # A run's records: dicts as read from its metrics file, or the same as a DataFrame.
    Records = Sequence[Mapping[str, Any]] | pd.DataFrame

METRICS = ("loss", "accuracy")
STEP_FIGURE_AXES = ("step", "epoch", "time")  # time = wall-clock seconds since the run began
COLORS = {"train": "#1d4ed8", "val": "#c2410c"}
FONT_SIZE = 18
# Accuracy ticks: up to two decimals, trailing zeros dropped, so 50% reads "50%" and the
# ImageNet network's 0.1% on random data reads "0.1%", not "0%" on every tick.
PERCENT_TICKS = ".2~%"

# English defaults; a page passes its translations with the same keys.
LABELS: dict[str, str] = {
    "loss": "loss",
    "accuracy": "accuracy",
    "step": "step",
    "epoch": "epoch",
    "time": "time (s)",
    "raw": "logged",
    "smoothed": "smoothed",
    "train": "training",
    "val": "validation",
    "waiting": "Waiting for the first metrics…",
}


def smooth(values: Iterable[float | None], weight: float) -> list[float]:
    """Exponential moving average: s[i] = weight * s[i-1] + (1 - weight) * v[i], s[0] = v[0].

    A missing or non-finite value (a NaN loss) is skipped: it repeats the last smoothed value,
    so one bad batch does not poison the rest of the curve.

    Args:
        values: the raw values, oldest first.
        weight: 0 (no smoothing) up to below 1 (very smooth).

    Raises:
        ValueError: if `weight` is outside [0, 1).
    """
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 <= weight < 1:
        raise ValueError(f"smoothing weight={weight!r} must be from 0 up to below 1, e.g. 0.6.")
    out: list[float] = []
    last: float | None = None
    for value in values:
        finite = value is not None and math.isfinite(float(value))
        if finite:
            last = float(value) if last is None else weight * last + (1 - weight) * float(value)
        out.append(last if last is not None else math.nan)
    return out


def _check(metric: str, x: str) -> None:
    if metric not in METRICS:
        raise ValueError(f"metric={metric!r} is not charted; choose one of {', '.join(METRICS)}.")
    if x not in STEP_FIGURE_AXES:
        raise ValueError(f"x={x!r} is not an x axis; choose one of {', '.join(STEP_FIGURE_AXES)}.")


def _column(records: Records, name: str) -> list[Any]:
    """One field of every record (None where a record lacks it)."""
    if hasattr(records, "columns"):  # a DataFrame
        if name not in records.columns:
            return [None] * len(records)
        return [None if _missing(v) else v for v in records[name].tolist()]
    return [r.get(name) for r in records]


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _x_values(records: Records, x: str, steps_per_epoch: int | None) -> list[Any]:
    if x == "time":
        return _column(records, "elapsed_seconds")
    if x == "step":
        return _column(records, "step")
    epochs = _column(records, "epoch")
    batches = _column(records, "batch")
    if steps_per_epoch and any(b is not None for b in batches):  # step records: fractional
        return [
            None if e is None or b is None else e - 1 + b / steps_per_epoch
            for e, b in zip(epochs, batches, strict=True)
        ]
    return epochs


def _layout(
    fig: go.Figure, metric: str, x: str, labels: Mapping[str, str], title: str, size: int
) -> None:
    fig.update_layout(
        title={"text": title, "font": {"size": size + 4}},
        font={"size": size},
        height=420,
        margin={"l": 70, "r": 20, "t": 90, "b": 60},
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.0,
            "xanchor": "left",
            "x": 0,
            "font": {"size": size},
        },
        hovermode="x unified",
        plot_bgcolor="white",
    )
    # Explicit axis fonts: Streamlit's chart theme sets smaller ones per axis otherwise.
    grid = {
        "showgrid": True,
        "gridcolor": "#e5e7eb",
        "zeroline": False,
        "tickfont": {"size": size - 2},
        "title_font": {"size": size},
    }
    fig.update_xaxes(title=labels[x], **grid)
    fig.update_yaxes(title=labels[metric], **grid)
    if metric == "accuracy":
        fig.update_yaxes(tickformat=PERCENT_TICKS, rangemode="tozero")


def _waiting(fig: go.Figure, labels: Mapping[str, str]) -> go.Figure:
    fig.add_annotation(
        text=labels["waiting"], showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper"
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _has(records: Records, column: str) -> bool:
    return any(not _missing(v) for v in _column(records, column))


def step_figure(
    frame: Records,
    metric: str = "loss",
    *,
    x: str = "step",
    weight: float = 0.6,
    steps_per_epoch: int | None = None,
    labels: Mapping[str, str] | None = None,
    font_size: int = FONT_SIZE,
) -> go.Figure:
    """The per-step curve of one metric: the raw values (faint) and their smoothed line.

    Args:
        frame: step records (`read_metrics(run_id, "step")` or `metrics_frame`); may be
            empty.
        metric: "loss" or "accuracy".
        x: "step", "epoch" (fractional, needs `steps_per_epoch`) or "time".
        weight: the smoothing weight (see `smooth`); 0 draws the raw line only.
        steps_per_epoch: batches per epoch, for the fractional-epoch axis.
        labels: translated text for the keys of `LABELS`.
        font_size: the base text size in pixels (larger for a projector).

    Returns:
        A figure with two traces (raw, smoothed), one when `weight` is 0, none while empty;
        each of at most `downsample.MAX_POINTS` points.
    """
    _check(metric, x)
    text = {**LABELS, **(labels or {})}
    fig = go.Figure()
    _layout(fig, metric, x, text, f"{text[metric]} ({text['step']})", font_size)
    if not _has(frame, metric):
        return _waiting(fig, text)
    xs = _x_values(frame, x, steps_per_epoch)
    raw = [math.nan if v is None else v for v in _column(frame, metric)]
    shown_x, shown_y = downsample(xs, raw)
    fig.add_trace(
        go.Scatter(
            x=shown_x,
            y=shown_y,
            name=text["raw"],
            mode="lines",
            line={"color": COLORS["train"], "width": 2},
            opacity=0.4 if weight else 1.0,
        )
    )
    if weight:
        shown_x, shown_y = downsample(xs, smooth(raw, weight))
        fig.add_trace(
            go.Scatter(
                x=shown_x,
                y=shown_y,
                name=text["smoothed"],
                mode="lines",
                line={"color": COLORS["train"], "width": 4},
            )
        )
    return fig


def epoch_figure(
    frame: Records,
    metric: str = "loss",
    *,
    x: str = "epoch",
    labels: Mapping[str, str] | None = None,
    font_size: int = FONT_SIZE,
) -> go.Figure:
    """The per-epoch curve of one metric: training and, where there is any, validation.

    Args:
        frame: epoch records (`read_metrics(run_id, "epoch")` or `metrics_frame`); may be
            empty.
        metric: "loss" or "accuracy".
        x: "epoch", "step" (the step at the end of each epoch) or "time".
        labels: translated text for the keys of `LABELS`.
        font_size: the base text size in pixels (larger for a projector).

    Returns:
        A figure with a training trace and a validation trace (when the run holds out a
        validation split), none while empty.
    """
    _check(metric, x)
    text = {**LABELS, **(labels or {})}
    fig = go.Figure()
    _layout(fig, metric, x, text, f"{text[metric]} ({text['epoch']})", font_size)
    if not _has(frame, metric):
        return _waiting(fig, text)
    xs = _x_values(frame, x, None)
    for side, column in (("train", metric), ("val", f"val_{metric}")):
        if _has(frame, column):
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=_column(frame, column),
                    name=text[side],
                    mode="lines+markers",
                    line={"color": COLORS[side], "width": 4},
                    marker={"size": 10},
                )
            )
    if x == "epoch":
        fig.update_xaxes(dtick=1 if len(frame) <= 20 else None)
    return fig
