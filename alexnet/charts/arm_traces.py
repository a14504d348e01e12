"""The pieces the inside charts and the rate chart share: a network's color, its name, and
an arm of several seeds drawn as its mean with a band from the lowest to the highest seed.

A network without batch normalization takes the comparison charts' first color and one with
it the second, as on the experiment's live curves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from alexnet.charts.comparison import PALETTE
from alexnet.charts.downsample import MAX_POINTS, kept_indices
from alexnet.charts.training import FONT_SIZE
from alexnet.store.inside import InsideArm

Records = Sequence[dict[str, Any]]
Measure = Callable[[Records], list[tuple[int, float]]]


def arm_color(arm: InsideArm) -> str:
    """The second color for a network with batch normalization, the first for one without."""
    return PALETTE[1] if arm.batch_norm else PALETTE[0]


def rgba(color: str, alpha: float) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def arm_labels(arms: Sequence[InsideArm], words: Mapping[str, str]) -> list[str]:
    """Each arm named by its network ("No BN", "BatchNorm"), with its learning rate where two
    would share a name, and the number of seeds averaged."""
    names = [words["bn"] if a.batch_norm else words["plain"] for a in arms]
    for i, arm in enumerate(arms):
        if names.count(names[i]) > 1:
            names[i] = f"{names[i]} · lr {arm.learning_rate:g}"
    return [
        f"{name} ({words['mean'].format(n=len(arm.runs))})" if len(arm.runs) > 1 else name
        for name, arm in zip(names, arms, strict=True)
    ]


def seed_stats(arm: InsideArm, measure: Measure, x: str = "step") -> pd.DataFrame:
    """Columns x, mean, min, max and n of one measure over the arm's runs, step by step.

    Args:
        measure: (step, value) pairs of one run's records, e.g. a percentile's series.
        x: "step" or "epoch" (the records' fractional epoch).
    """
    rows = []
    for run in arm.runs:
        epochs = {int(r["step"]): float(r.get("epoch", 0.0)) for r in run.records}
        rows += [(step, epochs.get(step, 0.0), value) for step, value in measure(run.records)]
    if not rows:
        return pd.DataFrame(columns=["x", "mean", "min", "max", "n"])
    grouped = pd.DataFrame(rows, columns=["step", "epoch", "y"]).groupby("step")
    stats = pd.DataFrame(
        {
            "x": grouped[x].mean() if x == "epoch" else grouped["y"].mean().index,
            "mean": grouped["y"].mean(),
            "min": grouped["y"].min(),
            "max": grouped["y"].max(),
            "n": grouped["y"].count(),
        }
    ).reset_index(drop=True)
    if len(stats) > MAX_POINTS:  # a long run: the extremes of the mean and the band stay
        share = MAX_POINTS // 3
        keep = sorted({i for c in ("mean", "min", "max") for i in kept_indices(stats[c], share)})
        stats = stats.iloc[keep].reset_index(drop=True)
    return stats


def add_band(
    fig: go.Figure, xs: Any, low: Any, high: Any, color: str, alpha: float, **where: Any
) -> None:
    """A shaded area from `low` to `high` (no legend entry, no hover)."""
    fig.add_scatter(
        x=[*xs, *list(xs)[::-1]],
        y=[*high, *list(low)[::-1]],
        fill="toself",
        mode="lines",
        fillcolor=rgba(color, alpha),
        line={"width": 0},
        hoverinfo="skip",
        showlegend=False,
        **where,
    )


def add_mean(
    fig: go.Figure,
    arm: InsideArm,
    stats: pd.DataFrame,
    *,
    name: str,
    legend: bool,
    hover: str = ".3g",
    **where: Any,
) -> None:
    """The arm's mean line, with its band from the lowest to the highest seed."""
    color = arm_color(arm)
    if stats.empty:
        return
    if len(arm.runs) > 1:
        add_band(fig, stats["x"], stats["min"], stats["max"], color, 0.2, **where)
    fig.add_scatter(
        x=stats["x"],
        y=stats["mean"],
        name=name,
        showlegend=legend,
        legendgroup=arm.key,
        mode="lines+markers",
        line={"color": color, "width": 3},
        marker={"size": 6},
        hovertemplate=f"{name}: %{{y:{hover}}}<extra></extra>",
        **where,
    )


def style(fig: go.Figure, *, height: int) -> go.Figure:
    """Large type, a white plot, the legend above it (where Plotly makes room for it)."""
    fig.update_layout(
        height=height,
        font={"size": FONT_SIZE - 2},
        plot_bgcolor="white",
        margin={"l": 70, "r": 20, "t": 70, "b": 50},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.08, "x": 0},
        hovermode="x unified",
    )
    grid = {"showgrid": True, "gridcolor": "#e5e7eb", "zeroline": False}
    fig.update_xaxes(**grid)
    fig.update_yaxes(**grid)
    return fig


def titled(fig: go.Figure, title: str, *, height: int = 380) -> go.Figure:
    """A one-panel figure in `style`, its title at the top left and the legend under it."""
    style(fig, height=height)
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "y": 0.98, "yanchor": "top"},
        margin={"t": 90},
        legend={"y": 1.02},
    )
    return fig
