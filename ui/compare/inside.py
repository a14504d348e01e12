"""Compare's views inside the networks: a layer's inputs, every layer's, the loss landscape and
the gradients, a network with batch normalization beside one without, two sentences each.

Figures come from `alexnet.charts.inside`, the numbers the sentences quote and whether each
paper's claim holds from `alexnet.store.inside_findings`; here they get the session's words.
While a pair trains, its records are read again and the figures built again only when a
run's inside.jsonl changed (`alexnet.store.inside.inside_version`), within the chart
fragment that calls `render_inside`.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
import streamlit as st

from alexnet.charts.inside import (
    distribution_figure,
    gradients_figures,
    landscape_figures,
    layers_figure,
)
from alexnet.jobs.bn_experiment import class_runs
from alexnet.store.inside import InsideArm, arm_pairs, block_names, inside_arms, inside_version
from alexnet.store.inside_findings import InsideFindings, pair_findings
from alexnet.store.run_store import RunStore
from ui.compare.sentences import SENTENCES
from ui.figures import show_figure
from ui.i18n import N_, message_text, t, translated_choice
from ui.live import cached_figures, cached_value

VIEWS = {
    "layer": N_("One layer"),
    "layers": N_("All layers"),
    "landscape": N_("Loss landscape"),
    "gradients": N_("Gradients"),
}
DEFAULT_LAYER = "conv3"  # a middle conv block: far enough from the input to drift
Pair = tuple[InsideArm, InsideArm]


def chart_text() -> dict[str, str]:
    """The words of `alexnet.charts.inside.DEFAULT_TEXT` in the session's language."""
    return {
        "plain": t("No BN"),
        "bn": "BatchNorm",
        "step": t("step"),
        "epoch": t("epoch"),
        "input": t("activation input"),
        "median": t("median"),
        "percentiles": t("15th to 85th percentile"),
        "seeds": t("median, lowest to highest seed"),
        "mean": t("mean of {n}"),
        "loss_variation": t("loss variation"),
        "gradient_predictiveness": t("gradient predictiveness"),
        "grad_norm": t("gradient norm of {layer}"),
        "update_ratio": t("update ratio of {layer}"),
        "grad_norms": t("gradient norm, mean after the start"),
        "update_ratios": t("update ratio, mean after the start"),
    }


def _pair_label(pair: Pair, pairs: Sequence[Pair]) -> str:
    """A pair told apart by its learning rate, else by its arms' names."""
    rates = [p.learning_rate for p, _ in pairs]
    plain, bn = pair
    if rates.count(plain.learning_rate) == 1 and plain.learning_rate == bn.learning_rate:
        return t("learning rate {rate}").format(rate=f"{plain.learning_rate:g}")
    return f"{message_text(plain.name)} · {message_text(bn.name)}"


def _choose_pair(pairs: list[Pair], key: str) -> Pair:
    if len(pairs) == 1:
        return pairs[0]
    labels = [_pair_label(p, pairs) for p in pairs]
    index = st.selectbox(
        t("Networks looked inside"), list(range(len(pairs))), format_func=labels.__getitem__,
        key=f"{key}.pair",
    )  # fmt: skip
    return pairs[index or 0]


def _choose_layer(blocks: list[str], key: str) -> str:
    if not blocks:
        return DEFAULT_LAYER
    default = DEFAULT_LAYER if DEFAULT_LAYER in blocks else blocks[len(blocks) // 2]
    return st.selectbox(t("Layer"), blocks, index=blocks.index(default), key=f"{key}.layer")


def _figures(view: str, pair: Pair, layer: str, x: str) -> list[go.Figure]:
    arms, text = list(pair), chart_text()
    if view == "layers":
        return [layers_figure(arms, x=x, text=text)]
    if view == "landscape":
        return landscape_figures(arms, x=x, text=text)
    if view == "gradients":
        return gradients_figures(arms, layer, x=x, text=text)
    return [distribution_figure(arms, layer, x=x, text=text)]


def _show(figures: Sequence[go.Figure], key: str, static: bool) -> None:
    """One figure across the page; several two to a row (a phone stacks the columns)."""
    if len(figures) == 1:
        show_figure(figures[0], key=f"{key}.0", fonts_ready=True, static=static)
        return
    for start in range(0, len(figures), 2):
        row = zip(st.columns(2), figures[start : start + 2], strict=False)
        for index, (column, fig) in enumerate(row, start=start):
            show_figure(
                fig, container=column, key=f"{key}.{index}", fonts_ready=True, static=static
            )


def _sentences(view: str, findings: InsideFindings, layer: str) -> None:
    first, second = SENTENCES[view](findings, layer)
    st.markdown(first)
    st.markdown(second)


def render_pairs(
    store: RunStore, run_ids: Sequence[str], *, key: str, x: str = "step", live: bool = False
) -> None:
    """The views of the runs' records, for a pair of networks with and without batch
    normalization (a chooser when the runs hold several); nothing without such a pair.

    Args:
        run_ids: the runs (those without records are left out).
        key: the place on the page (widget keys and caches start with it).
        x: "step" or "epoch".
        live: the runs are training and the views redraw every few seconds: pictures
            without hover (`show_figure`'s `static`).
    """
    ids = tuple(run_ids)
    versions = tuple(inside_version(store, r) for r in ids)
    arms = cached_value(f"{key}.arms", (ids, versions), lambda: inside_arms(store, ids))
    pairs = arm_pairs(arms)
    if not pairs:
        return
    st.subheader(t("Inside the networks"))
    pair = _choose_pair(pairs, key)
    # Pills wrap onto a second line where a phone or the projector font leaves no room.
    view = st.pills(
        t("View"), list(VIEWS), default="layer", format_func=lambda v: t(VIEWS[v]),
        key=translated_choice(f"{key}.view"),
    ) or "layer"  # fmt: skip
    layer = DEFAULT_LAYER
    if view in ("layer", "gradients"):
        with st.columns([1, 2])[0]:
            layer = _choose_layer(block_names(pair[0].runs[0].records), key)
    figures = cached_figures(
        f"{key}.figures",
        (ids, versions, pairs.index(pair), view, layer, x),
        lambda: _figures(view, pair, layer, x),
    )
    _show(figures, f"{key}.{view}", static=live)
    findings = cached_value(
        f"{key}.findings", (ids, versions, pairs.index(pair)), lambda: pair_findings(*pair)
    )
    _sentences(view, findings, layer)


def render_chosen(store: RunStore, run_ids: Sequence[str], *, x: str) -> None:
    """The views under "Compare any runs", unless the experiment above shows them already.

    Args:
        run_ids: the chosen runs of this computer (shipped runs recorded nothing inside).
        x: the overlay's x axis: "epoch" keeps epochs, anything else draws steps.
    """
    ids = tuple(run_ids)
    versions = tuple(inside_version(store, r) for r in ids)
    arms = cached_value("compare.inside.arms", (ids, versions), lambda: inside_arms(store, ids))
    recorded = {run.run_id for pair in arm_pairs(arms) for arm in pair for run in arm.runs}
    if not recorded:
        return
    if recorded <= {info.run_id for info in class_runs(store)}:
        st.caption(t("What happens inside these networks is shown above, under the experiment."))
        return
    render_pairs(store, ids, key="compare.inside", x="epoch" if x == "epoch" else "step")
