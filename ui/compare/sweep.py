"""The experiment's chart of several learning rates: each network's final validation accuracy
against the rate, and its two sentences. It draws again only when a run ended an epoch or
changed its state."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from alexnet.charts.rate_sweep import rate_figure
from alexnet.store.rate_sweep import learning_rates, rate_points, sweep_findings
from alexnet.store.run_store import RunInfo, RunStore
from ui.compare.inside import chart_text
from ui.compare.sentences import sweep_sentences
from ui.figures import show_figure
from ui.i18n import t
from ui.live import cached_figures, cached_value

_KEY = "compare.bn.sweep"


def _text() -> dict[str, str]:
    words = chart_text()
    return {
        "plain": words["plain"],
        "bn": words["bn"],
        "mean": words["mean"],
        "learning_rate": t("learning rate"),
        "val_accuracy": t("final validation accuracy"),
        "chance": t("chance"),
    }


def render_sweep(store: RunStore, infos: Sequence[RunInfo]) -> None:
    """The chart and its sentences, where the experiment trained at two rates or more."""
    ids = tuple(i.run_id for i in infos)
    key = tuple(
        (i.run_id, i.state, store.metrics_tail(i.run_id).version_of("epoch")) for i in infos
    )
    points = cached_value(f"{_KEY}.points", key, lambda: rate_points(store, ids))
    if len(learning_rates(points)) < 2:
        return
    st.subheader(t("Accuracy against the learning rate"))
    figures = cached_figures(_KEY, key, lambda: [rate_figure(points, text=_text())])
    show_figure(figures[0], key=f"{_KEY}.chart", fonts_ready=True)
    chance = max((p.chance for p in points), default=0.1)
    for sentence in sweep_sentences(sweep_findings(points), chance):
        st.markdown(sentence)
