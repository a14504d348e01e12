"""What happens inside networks while they train, as Plotly figures: pure functions of their
records, one `alexnet.store.inside.InsideArm` per network.

- `distribution_figure`: one block's activation input over training, its 15th to 85th
  percentiles as a band around the median, a panel per network on one y axis (in the style
  of Ioffe and Szegedy's Figure 1);
- `layers_figure`: the same for every block at once, small multiples on a shared x axis;
- `landscape_figures`: loss variation and gradient predictiveness along the gradient over
  training (in the style of Santurkar et al.'s Figure 4);
- `gradients_figures`: one layer's gradient norm and update ratio over training, and every
  layer's on average.

Views of several measures return a figure each, which a page lays out in columns: side by
side on a wide screen, one under the other on a phone.

An arm of several seeds is drawn as the mean of its runs at each step (runs that differ only
in their seed record at the same steps) with a band from the lowest to the highest of them.
A network without batch normalization takes the comparison charts' first color and one with
it the second (`alexnet.charts.arm_traces`), as on the experiment's live curves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from alexnet.charts.arm_traces import (
    Measure,
    Records,
    add_band,
    add_mean,
    arm_color,
    arm_labels,
    rgba,
    seed_stats,
    style,
    titled,
)
from alexnet.store.inside import InsideArm, block_names, layer_names, mean_after_start, series

AXES = ("step", "epoch")
PARTS = ("input", "before_bn")
PERCENTILES = ("p15", "p50", "p85")
# Words the figures show; a page passes translations under the same keys.
DEFAULT_TEXT = {
    "plain": "No BN", "bn": "BatchNorm", "step": "step", "epoch": "epoch",
    "input": "activation input", "median": "median", "percentiles": "15th to 85th percentile",
    "seeds": "median, lowest to highest seed", "mean": "mean of {n}",
    "loss_variation": "loss variation", "gradient_predictiveness": "gradient predictiveness",
    "grad_norm": "gradient norm of {layer}", "update_ratio": "update ratio of {layer}",
    "grad_norms": "gradient norm, mean after the start",
    "update_ratios": "update ratio, mean after the start",
}  # fmt: skip
GREY = "#4b5563"


def _check(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{name}={value!r} is not supported; choose one of {', '.join(choices)}.")


def _measure(layer: str, part: str, field: str) -> Measure:
    return lambda records: series(records, layer, part, field)


def _one_x_axis(fig: go.Figure) -> None:
    fig.update_xaxes(matches="x")
    fig.layout.xaxis.matches = None  # the first is the one the others match


def _legend_key(fig: go.Figure, name: str, *, band: bool, alpha: float = 0.25) -> None:
    # A grey entry that says what a line or a band means in every panel's own color.
    marker = {"symbol": "square", "size": 14, "color": rgba(GREY, alpha)}
    fig.add_scatter(
        x=[None],
        y=[None],
        name=name,
        mode="markers" if band else "lines",
        marker=marker if band else None,
        line=None if band else {"color": GREY, "width": 3},
        hoverinfo="skip",
    )


def distribution_figure(
    arms: Sequence[InsideArm],
    layer: str,
    *,
    part: str = "input",
    x: str = "step",
    text: Mapping[str, str] | None = None,
) -> go.Figure:
    """One block's activation input over training: a panel per network, one y axis.

    The band spans the 15th to the 85th percentile (each the mean over seeds) around the
    median; with several seeds a darker band spans the median's lowest to highest seed.

    Args:
        arms: the networks, in panel order.
        layer: a block name, e.g. "conv3".
        part: "input" (what the activation receives) or "before_bn" (before normalization).
        x: "step" or "epoch".
        text: translations of `DEFAULT_TEXT`'s words.
    """
    _check("part", part, PARTS)
    _check("x", x, AXES)
    words = {**DEFAULT_TEXT, **(text or {})}
    labels = arm_labels(arms, words)
    fig = make_subplots(
        rows=1, cols=max(1, len(arms)), shared_yaxes=True, subplot_titles=labels,
        horizontal_spacing=0.04,
    )  # fmt: skip
    for col, (arm, label) in enumerate(zip(arms, labels, strict=True), start=1):
        low, mid, high = (seed_stats(arm, _measure(layer, part, f), x) for f in PERCENTILES)
        if mid.empty:
            continue
        color = arm_color(arm)
        add_band(fig, low["x"], low["mean"], high["mean"], color, 0.18, row=1, col=col)
        if len(arm.runs) > 1:
            add_band(fig, mid["x"], mid["min"], mid["max"], color, 0.4, row=1, col=col)
        fig.add_scatter(
            x=mid["x"], y=mid["mean"], mode="lines+markers", showlegend=False,
            line={"color": color, "width": 3}, marker={"size": 6}, row=1, col=col,
            customdata=list(zip(low["mean"], high["mean"], strict=True)),
            hovertemplate=f"{label}: %{{customdata[0]:.3g}} · %{{y:.3g}} · "
            "%{customdata[1]:.3g}<extra></extra>",
        )  # fmt: skip
        fig.update_xaxes(title=words[x], row=1, col=col)
    _legend_key(fig, words["median"], band=False)
    _legend_key(fig, words["percentiles"], band=True, alpha=0.2)
    if any(len(a.runs) > 1 for a in arms):
        _legend_key(fig, words["seeds"], band=True, alpha=0.45)
    fig.update_yaxes(title=f"{words['input']}: {layer}", row=1, col=1)
    _one_x_axis(fig)  # a pair trains side by side, one network ahead of the other
    return style(fig, height=460)


def layers_figure(
    arms: Sequence[InsideArm],
    *,
    part: str = "input",
    x: str = "step",
    columns: int = 2,
    text: Mapping[str, str] | None = None,
) -> go.Figure:
    """Every block's activation input over training, a small panel each, x axes shared.

    Each network's median is a line and its 15th to 85th percentiles a band, in its color;
    each panel has its own y scale (the blocks' inputs differ in size).

    Args:
        arms: the networks.
        part: "input" or "before_bn".
        x: "step" or "epoch".
        columns: panels per row.
        text: translations of `DEFAULT_TEXT`'s words.
    """
    _check("part", part, PARTS)
    _check("x", x, AXES)
    words = {**DEFAULT_TEXT, **(text or {})}
    blocks = list(
        dict.fromkeys(b for a in arms for r in a.runs[:1] for b in block_names(r.records))
    )
    rows = max(1, -(-len(blocks) // columns))
    fig = make_subplots(
        rows=rows, cols=columns, shared_xaxes=True, subplot_titles=blocks,
        vertical_spacing=min(0.3 / rows, 0.08), horizontal_spacing=0.14,
    )  # fmt: skip
    for index, layer in enumerate(blocks):
        where = {"row": index // columns + 1, "col": index % columns + 1}
        for arm, label in zip(arms, arm_labels(arms, words), strict=True):
            low, mid, high = (seed_stats(arm, _measure(layer, part, f), x) for f in PERCENTILES)
            if mid.empty:
                continue
            add_band(fig, low["x"], low["mean"], high["mean"], arm_color(arm), 0.15, **where)
            add_mean(fig, arm, mid, name=label, legend=index == 0, **where)
    for col in range(1, columns + 1):
        fig.update_xaxes(title=words[x], row=rows, col=col)
    _one_x_axis(fig)
    return style(fig, height=140 + 190 * rows)


def landscape_figures(
    arms: Sequence[InsideArm], *, x: str = "step", text: Mapping[str, str] | None = None
) -> list[go.Figure]:
    """Loss variation, then gradient predictiveness, over training (log scales): a figure
    each, so a page can set them side by side, or one under the other on a phone.

    Args:
        arms: the networks.
        x: "step" or "epoch".
        text: translations of `DEFAULT_TEXT`'s words.
    """
    _check("x", x, AXES)
    words = {**DEFAULT_TEXT, **(text or {})}
    figures = []
    for field in ("loss_variation", "gradient_predictiveness"):
        fig = go.Figure()
        for arm, label in zip(arms, arm_labels(arms, words), strict=True):
            add_mean(fig, arm, seed_stats(arm, _landscape(field), x), name=label, legend=True)
        fig.update_xaxes(title=words[x])
        fig.update_yaxes(type="log", dtick=1)  # a tick a decade
        figures.append(titled(fig, words[field]))
    return figures


def _landscape(field: str) -> Measure:
    def measure(records: Records) -> list[tuple[int, float]]:
        return [
            (int(r["step"]), float(v))
            for r in records
            if isinstance(v := (r.get("landscape") or {}).get(field), int | float) and v > 0
        ]

    return measure


def gradients_figures(
    arms: Sequence[InsideArm],
    layer: str,
    *,
    x: str = "step",
    text: Mapping[str, str] | None = None,
) -> list[go.Figure]:
    """One layer's gradient norm and update ratio over training, then every weight layer's
    as the mean over its records after step 0 (a bar per network, the seeds' lowest and
    highest as whiskers): four figures, in rows of two. Gradient norms on a log scale,
    update ratios (|step| / |weights|) in percent.

    Args:
        arms: the networks.
        layer: a weight layer, e.g. "conv3" or "predictions".
        x: "step" or "epoch".
        text: translations of `DEFAULT_TEXT`'s words.
    """
    _check("x", x, AXES)
    words = {**DEFAULT_TEXT, **(text or {})}
    labels = arm_labels(arms, words)
    over_time, per_layer = [], []
    for field in ("grad_norm", "update_ratio"):
        steps, layers = go.Figure(), go.Figure()
        for arm, label in zip(arms, labels, strict=True):
            stats = seed_stats(arm, _measure(layer, "", field), x)
            add_mean(steps, arm, stats, name=label, legend=True)
            _layer_bars(layers, arm, label, field)
        steps.update_xaxes(title=words[x])
        layers.update_layout(barmode="group")
        for fig in (steps, layers):
            if field == "grad_norm":
                fig.update_yaxes(type="log", dtick=1)
            else:
                fig.update_yaxes(tickformat=".2~%", rangemode="tozero")
        over_time.append(titled(steps, words[field].format(layer=layer)))
        per_layer.append(titled(layers, words[field + "s"]))
    return [*over_time, *per_layer]


def _layer_bars(fig: go.Figure, arm: InsideArm, label: str, field: str) -> None:
    first = arm.runs[0].records
    layers = [n for n in layer_names(first) if series(first, n, "", field)]
    per_seed = [
        [mean_after_start(series(run.records, n, "", field)) for run in arm.runs] for n in layers
    ]
    found = [[v for v in values if v is not None] for values in per_seed]
    means = [sum(v) / len(v) if v else None for v in found]
    fig.add_bar(
        x=layers, y=means, name=label, legendgroup=arm.key, marker={"color": arm_color(arm)},
        hovertemplate=f"{label}: %{{y:.3g}}<extra></extra>",
        error_y={
            "type": "data", "symmetric": False, "visible": len(arm.runs) > 1,
            "array": [max(v) - m if v else 0 for v, m in zip(found, means, strict=True)],
            "arrayminus": [m - min(v) if v else 0 for v, m in zip(found, means, strict=True)],
        },
    )  # fmt: skip
