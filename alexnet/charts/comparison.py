"""Several runs on one chart, and their final figures as a table: pure functions of data frames.

A run's curves come from the run store (`alexnet.store.overview.run_data`). Runs that differ
only in their seed form an *arm* (`alexnet.config.run_config.RunConfig.arm_key`); an arm
with several runs is drawn as its mean with a shaded band (min-max or ±1 std), because one
seed's curve mixes the effect being compared with luck. A reference run (the tutorial's own
recipe) is drawn thicker and labelled, so others can be read against it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from alexnet.charts.downsample import MAX_POINTS, kept_indices
from alexnet.charts.training import FONT_SIZE, PERCENT_TICKS, smooth
from alexnet.store.overview import RunData

METRICS = ("loss", "accuracy")
OVERLAY_AXES = ("epoch", "time", "step")
SPLITS = ("train", "validation")
# Validation with the moving averages batch normalization keeps while training (what plain
# Keras reports); runs with recalibrated batch normalization record it beside `validation`.
MOVING = "moving"
_DASH = {"train": "solid", "validation": "dash", MOVING: "dot"}
BANDS = ("minmax", "std")
PALETTE = (
    "#c2410c", "#1d4ed8", "#0f766e", "#7c3aed", "#a16207", "#be123c", "#0369a1", "#4d7c0f",
)  # fmt: skip
# Words the figure shows; a page passes translations under the same keys.
DEFAULT_TEXT = {
    "train": "train", "validation": "validation", "epoch": "epoch", "time": "seconds",
    "step": "step", "loss": "loss", "accuracy": "accuracy", "mean": "mean of {n}",
    "reference": "reference: the tutorial's recipe", "moving": "validation, moving averages",
}  # fmt: skip
_X_COLUMN = {"epoch": "epoch", "time": "elapsed_seconds", "step": "step"}


def _check(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{name}={value!r} is not supported; choose one of {', '.join(choices)}.")


def _column(metric: str, split: str) -> str:
    if split == MOVING:
        return f"val_{metric}_moving"
    return metric if split == "train" else f"val_{metric}"


def _series(run: RunData, metric: str, split: str, x: str, smoothing: float = 0.0) -> pd.DataFrame:
    """Columns x, y of one run's curve (rows without a value dropped).

    Per-step training values jump from batch to batch, so they may be smoothed with the
    training page's moving average; epoch values are drawn as they are.
    """
    frame, per_step = run.epochs, False
    if x == "step" and split == "train" and run.steps is not None and not run.steps.empty:
        frame, per_step = run.steps, True
    x_col, y_col = _X_COLUMN[x], _column(metric, split)
    if frame is None or frame.empty or x_col not in frame or y_col not in frame:
        return pd.DataFrame({"x": [], "y": []})
    out = pd.DataFrame({"x": frame[x_col], "y": pd.to_numeric(frame[y_col], errors="coerce")})
    out = out.dropna().reset_index(drop=True)
    if per_step and smoothing:
        out["y"] = smooth(out["y"].tolist(), smoothing)
    return out


def _thinned(table: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """A long per-step curve's rows cut to a few hundred, the extremes of `columns` kept.

    Each column keeps its own minima and maxima (`alexnet.charts.downsample`), so a mean
    and its band stay whole; a short curve comes back as it is.
    """
    if len(table) <= MAX_POINTS:
        return table
    share = max(4, MAX_POINTS // len(columns))
    rows = sorted({i for c in columns for i in kept_indices(table[c].tolist(), share)})
    return table.iloc[rows].reset_index(drop=True)


def _arm_series(
    members: Sequence[RunData], metric: str, split: str, x: str, smoothing: float = 0.0
) -> pd.DataFrame:
    """Mean, min, max and std per point of the members' curves, aligned by epoch (or step).

    With x="time" the runs are aligned by epoch and placed at their mean elapsed time, since
    two runs never log at the same second.
    """
    align = "step" if x == "step" else "epoch"
    rows = []
    for i, run in enumerate(members):
        ys = _series(run, metric, split, align, smoothing).rename(columns={"x": "at"})
        if x == "time":
            times = _series(run, metric, split, "time")["x"]
            ys["x"] = times.to_numpy() if len(times) == len(ys) else ys["at"]
        else:
            ys["x"] = ys["at"]
        rows.append(ys.assign(member=i))
    data = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
    if data.empty:
        return pd.DataFrame(columns=["x", "mean", "min", "max", "std", "n"])
    grouped = data.groupby("at")
    return pd.DataFrame(
        {
            "x": grouped["x"].mean(),
            "mean": grouped["y"].mean(),
            "min": grouped["y"].min(),
            "max": grouped["y"].max(),
            "std": grouped["y"].std(ddof=0),
            "n": grouped["y"].count(),
        }
    ).reset_index(drop=True)


def _has_records(run: RunData) -> bool:
    return any(frame is not None and not frame.empty for frame in (run.epochs, run.steps))


def _rgba(color: str, alpha: float) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def overlay_figure(
    runs: Sequence[RunData],
    *,
    metric: str = "accuracy",
    x: str = "epoch",
    splits: Sequence[str] = SPLITS,
    band: str = "minmax",
    smoothing: float = 0.0,
    title: str | None = None,
    text: Mapping[str, str] | None = None,
) -> go.Figure:
    """Overlay the runs' curves of one metric: train solid, validation dashed, a color per run.

    Runs sharing an `arm` (two or more) become one mean line per split plus a shaded band.
    The legend names each run or arm once (its first curve; clicking it toggles them all) and
    the hover names the split, so a legend stays one short row per few runs.
    The split "moving" draws, dotted, the validation with batch normalization's moving
    averages (for runs that recorded it).

    Args:
        runs: the runs, in legend order.
        metric: "loss" or "accuracy".
        x: "epoch", "time" (elapsed training seconds) or "step" (per logged step: live).
        splits: which of "train", "validation" and "moving" to draw.
        band: "minmax" (the members' range) or "std" (mean ± one standard deviation).
        smoothing: moving-average weight for per-step training curves (x="step"), from 0
            (raw) up to below 1; see `alexnet.charts.training.smooth`.
        title: the figure title (None: none).
        text: translations of `DEFAULT_TEXT`'s words.
    """
    _check("metric", metric, METRICS)
    _check("x", x, OVERLAY_AXES)
    _check("band", band, BANDS)
    for split in splits:
        _check("split", split, (*SPLITS, MOVING))
    words = {**DEFAULT_TEXT, **(text or {})}
    arms: dict[str, list[RunData]] = {}
    for run in runs:
        arms.setdefault(run.arm or run.run_id, []).append(run)
    fig = go.Figure()
    for index, members in enumerate(arms.values()):
        curves = _ArmCurves(members, PALETTE[index % len(PALETTE)], words, metric)
        for split in splits:
            curves.add_split(fig, split, x=x, smoothing=smoothing, band=band)
    _overlay_layout(fig, runs, title=title, words=words, metric=metric, x=x)
    return fig


@dataclass
class _ArmCurves:
    """The curves of one run, or of one arm of several seeds (a mean line and a band)."""

    members: list[RunData]
    color: str
    words: Mapping[str, str]
    metric: str
    shown: bool = False  # one legend entry per run or arm; the line styles are the splits

    @property
    def label(self) -> str:
        return self.members[0].label

    @property
    def group(self) -> str:
        first = self.members[0]
        return first.run_id if len(self.members) == 1 else str(first.arm)

    @property
    def reference(self) -> bool:
        return any(r.reference for r in self.members)

    def legend(self) -> str:
        trained = sum(_has_records(r) for r in self.members)
        mean = self.words["mean"].format(n=trained)
        return f"{self.label} ({mean})" if trained > 1 else self.label

    def add_split(self, fig: go.Figure, split: str, *, x: str, smoothing: float, band: str) -> None:
        """The split's line (with its band for an arm), and the reference mark at its end."""
        if len(self.members) == 1:
            data = _thinned(_series(self.members[0], self.metric, split, x, smoothing), ["y"])
            xs, ys = data["x"], data["y"]
        else:
            stats = _arm_series(self.members, self.metric, split, x, smoothing)
            stats = _thinned(stats, ["mean", "min", "max"] if band == "minmax" else ["mean"])
            xs, ys = stats["x"], stats["mean"]
            if not stats.empty:
                self._add_band(fig, stats, split, band)
        if len(xs) == 0:
            return
        y_format = ".1%" if self.metric == "accuracy" else ".3f"
        name = f"{self.label} · {self.words[split]}"
        fig.add_scatter(
            x=xs,
            y=ys,
            name=self.legend() if not self.shown else name,
            showlegend=not self.shown,
            mode="lines+markers",
            line={"color": self.color, "dash": _DASH[split], "width": 4 if self.reference else 2},
            marker={"size": 5},
            legendgroup=self.group,
            hovertemplate=f"{name}: %{{y:{y_format}}}<extra></extra>",
        )
        self.shown = True
        if self.reference and len(self.members) == 1:
            fig.add_annotation(
                x=xs.iloc[-1], y=ys.iloc[-1], text=self.words["reference"], showarrow=True,
                arrowhead=2, ax=-60, ay=-30, font={"color": self.color},
            )  # fmt: skip

    def _add_band(self, fig: go.Figure, stats: pd.DataFrame, split: str, band: str) -> None:
        xs = stats["x"]
        low, high = (
            (stats["min"], stats["max"])
            if band == "minmax"
            else (stats["mean"] - stats["std"], stats["mean"] + stats["std"])
        )
        fig.add_scatter(
            x=[*xs, *xs[::-1]],
            y=[*high, *low[::-1]],
            fill="toself",
            mode="lines",
            fillcolor=_rgba(self.color, 0.18),
            line={"width": 0},
            hoverinfo="skip",
            showlegend=False,
            legendgroup=self.group,
            name=f"band {split}",
        )


def _overlay_layout(
    fig: go.Figure,
    runs: Sequence[RunData],
    *,
    title: str | None,
    words: Mapping[str, str],
    metric: str,
    x: str,
) -> None:
    # Large type, and the legend above the plot, where Plotly makes room for as many rows as
    # long run names need (below it, rows would run into the x axis' title).
    fig.update_layout(
        title=title,
        height=440,
        font={"size": FONT_SIZE - 2},
        plot_bgcolor="white",
        margin={"l": 70, "r": 20, "t": 60 if title else 20, "b": 50},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hovermode="x unified",
    )
    grid = {"showgrid": True, "gridcolor": "#e5e7eb", "zeroline": False}
    fig.update_xaxes(title=words[x], **grid)
    if x == "epoch":
        fig.update_xaxes(tickformat="d", dtick=1 if _max_epoch(runs) <= 20 else None)
    fig.update_yaxes(title=words[metric], rangemode="tozero", **grid)
    if metric == "accuracy":
        fig.update_yaxes(tickformat=PERCENT_TICKS)


def _max_epoch(runs: Sequence[RunData]) -> int:
    return max((len(r.epochs) for r in runs if r.epochs is not None), default=0)
