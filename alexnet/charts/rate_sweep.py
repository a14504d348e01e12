"""Final validation accuracy against the learning rate, with and without batch normalization:
the experiment's rate sweep in one chart (a pure function of `alexnet.store.rate_sweep`'s
points). Several seeds at a rate are drawn as their mean with a band from the lowest to the
highest."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from alexnet.charts.arm_traces import add_band, style
from alexnet.charts.comparison import PALETTE
from alexnet.charts.training import PERCENT_TICKS
from alexnet.store.rate_sweep import RatePoint, learning_rates, rate_means

DEFAULT_TEXT = {
    "plain": "No BN", "bn": "BatchNorm", "learning_rate": "learning rate",
    "val_accuracy": "final validation accuracy", "chance": "chance", "mean": "mean of {n}",
}  # fmt: skip


def rate_figure(points: Sequence[RatePoint], *, text: Mapping[str, str] | None = None) -> go.Figure:
    """Each network's final validation accuracy at each learning rate (log x axis).

    Args:
        points: one per run (runs not finished yet are left out).
        text: translations of `DEFAULT_TEXT`'s words.
    """
    words = {**DEFAULT_TEXT, **(text or {})}
    fig = go.Figure()
    for batch_norm, color in ((False, PALETTE[0]), (True, PALETTE[1])):
        means = rate_means(points, batch_norm)
        if not means:
            continue
        rates = [m.learning_rate for m in means]
        seeds = max(m.seeds for m in means)
        name = words["bn"] if batch_norm else words["plain"]
        if seeds > 1:
            add_band(fig, rates, [m.low for m in means], [m.high for m in means], color, 0.2)
            name = f"{name} ({words['mean'].format(n=seeds)})"
        fig.add_scatter(
            x=rates, y=[m.mean for m in means], name=name, mode="lines+markers",
            line={"color": color, "width": 3}, marker={"size": 9},
            hovertemplate=f"{name}: %{{y:.1%}}<extra></extra>",
        )  # fmt: skip
    rates = learning_rates(points)
    fig.update_xaxes(
        title=words["learning_rate"], type="log", tickvals=rates,
        ticktext=[f"{r:g}" for r in rates],
    )  # fmt: skip
    fig.update_yaxes(title=words["val_accuracy"], tickformat=PERCENT_TICKS, rangemode="tozero")
    if points:
        chance = max(p.chance for p in points)
        fig.add_hline(
            y=chance, line={"color": "#6b7280", "dash": "dot", "width": 2},
            annotation_text=words["chance"], annotation_position="bottom right",
        )  # fmt: skip
    style(fig, height=420)
    fig.update_layout(hovermode="x unified", legend={"y": 1.02})
    return fig
