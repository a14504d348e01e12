"""The class's verdict under the experiment's curves: in how many pairs batch normalization
was ahead, and by how much in each (one pair per seed, from this computer or imported)."""

from __future__ import annotations

import statistics
from collections.abc import Hashable
from pathlib import Path

import streamlit as st

from alexnet.charts.class_seeds import seed_differences_figure
from alexnet.jobs.bn_experiment import class_runs
from alexnet.store.class_runs import PairResult, pair_results
from alexnet.store.run_store import RunStore
from ui.figures import show_figure
from ui.i18n import t


@st.cache_data(max_entries=16, show_spinner=False)
def _results(root: str, versions: tuple[Hashable, ...]) -> list[PairResult]:
    # Read again only when a run of the class logged, ended or arrived (`versions`).
    del versions
    store = RunStore(Path(root))
    return pair_results(store, class_runs(store))


def render_class_result(store: RunStore, versions: tuple[Hashable, ...]) -> None:
    """The sentence, and with two or more pairs a bar per pair."""
    results = _results(str(store.root), versions)
    if not results:
        return
    leads = [100 * r.difference for r in results]
    ahead = sum(lead > 0 for lead in leads)
    measure = t("test accuracy") if results[0].measure == "test" else t("validation accuracy")
    sentence = t(
        "Batch normalization was ahead in {ahead} of {pairs} pairs on {measure}: by "
        "{median:+.1f} points in the middle pair, from {low:+.1f} to {high:+.1f}."
    ).format(
        ahead=ahead, pairs=len(results), measure=measure, median=statistics.median(leads),
        low=min(leads), high=max(leads),
    )  # fmt: skip
    st.markdown("**" + sentence + "**")
    if len(results) > 1:
        text = {
            "title": t("Batch normalization's lead in each pair"),
            "seed": t("seed"),
            "lead": t("BN minus no BN (points)"),
        }
        show_figure(seed_differences_figure(results, text=text), key="compare.bn.seeds_chart")
