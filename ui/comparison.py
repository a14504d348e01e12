"""Drawing compared runs: translated chart words, the overlay charts and the figures table."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from alexnet.charts.comparison import SPLITS, overlay_figure
from alexnet.charts.comparison_table import comparison_table
from alexnet.store.overview import RunData
from ui.figures import show_figure
from ui.i18n import N_, t

STATE_LABELS = {
    "queued": N_("queued"), "running": N_("running"), "stopping": N_("stopping"),
    "stopped": N_("stopped"), "finished": N_("finished"), "failed": N_("failed"),
    "interrupted": N_("interrupted"), "damaged": N_("damaged"), "unknown": N_("unknown"),
}  # fmt: skip
TABLE_LABELS = {
    "run": N_("run"), "state": N_("state"), "epochs": N_("epochs"),
    "best val accuracy": N_("best val accuracy"), "test accuracy": N_("test accuracy"),
    "epochs to target": N_("epochs to target"), "seconds to target": N_("seconds to target"),
    "parameters": N_("parameters"), "images/s": N_("images/s"),
}  # fmt: skip


def state_label(state: str) -> str:
    """A run state in the session's language."""
    return t(STATE_LABELS.get(state, STATE_LABELS["unknown"]))


def chart_text() -> dict[str, str]:
    """The words of `alexnet.charts.comparison.DEFAULT_TEXT` in the session's language."""
    return {
        "train": t("train"),
        "validation": t("validation"),
        "epoch": t("epoch"),
        "time": t("seconds of training"),
        "step": t("step"),
        "loss": t("loss"),
        "accuracy": t("accuracy"),
        "mean": t("mean of {n}"),
        "reference": t("reference: the tutorial's recipe"),
        "moving": t("validation, moving averages"),
    }


def with_arms(runs: Sequence[RunData], group_seeds: bool) -> list[RunData]:
    """The runs with arms kept (several seeds -> mean and band) or cleared (a line each).

    An arm's legend name is its first run's name without the " · seed N" ending.
    """
    if not group_seeds:
        return _distinct_labels([dataclasses.replace(r, arm=None) for r in runs])
    sizes: dict[str | None, int] = {}
    for run in runs:
        sizes[run.arm] = sizes.get(run.arm, 0) + 1
    return _distinct_labels(
        [
            dataclasses.replace(r, label=r.label.split(" · seed ")[0]) if sizes[r.arm] > 1 else r
            for r in runs
        ]
    )


def _distinct_labels(runs: list[RunData]) -> list[RunData]:
    # Two runs of one network share its name; the end of the run id tells their lines and
    # table rows apart (an arm's seeds keep one name: they are drawn as one line).
    entries: dict[str, set[str]] = {}
    members: dict[str, int] = {}
    for run in runs:
        entry = run.arm or run.run_id
        entries.setdefault(run.label, set()).add(entry)
        members[entry] = members.get(entry, 0) + 1
    return [
        dataclasses.replace(r, label=f"{r.label} · {r.run_id[-6:]}")
        if len(entries[r.label]) > 1 and members[r.arm or r.run_id] == 1
        else r
        for r in runs
    ]


def overlay_figures(
    runs: Sequence[RunData],
    *,
    x: str,
    band: str = "minmax",
    smoothing: float = 0.0,
    splits: Sequence[str] = SPLITS,
) -> list[go.Figure]:
    """The loss and the accuracy overlay of the runs, with the session's words."""
    return [
        overlay_figure(
            runs,
            metric=metric,
            x=x,
            band=band,
            smoothing=smoothing,
            text=chart_text(),
            splits=splits,
        )
        for metric in ("loss", "accuracy")
    ]


def show_overlay(figures: Sequence[go.Figure], *, key: str, fonts_ready: bool = False) -> None:
    """Loss and accuracy figures side by side (see `overlay_figures`)."""
    for column, metric, fig in zip(st.columns(2), ("loss", "accuracy"), figures, strict=True):
        show_figure(fig, container=column, key=f"{key}.{metric}", fonts_ready=fonts_ready)


def render_overlay(
    runs: Sequence[RunData],
    *,
    x: str,
    key: str,
    band: str = "minmax",
    smoothing: float = 0.0,
    splits: Sequence[str] = SPLITS,
) -> None:
    """Loss and accuracy side by side, every run's train and validation curves on each."""
    figures = overlay_figures(runs, x=x, band=band, smoothing=smoothing, splits=splits)
    show_overlay(figures, key=key)


def render_table(runs: Sequence[RunData], target: float, key: str) -> None:
    """The final figures of the runs, one row each, with translated headers."""
    names = Counter(r.label for r in runs)  # rows of one network's runs: add the id's end
    runs = [
        dataclasses.replace(r, label=f"{r.label} · {r.run_id[-6:]}") if names[r.label] > 1 else r
        for r in runs
    ]
    frame = comparison_table(runs, target_accuracy=target)
    frame["state"] = [state_label(s) for s in frame["state"]]
    for column in ("best val accuracy", "test accuracy"):
        frame[column] = frame[column] * 100
    # "Not reached" reads better than an empty cell, which the grid would print as None.
    never = t("not reached")
    frame["epochs to target"] = [
        never if pd.isna(v) else f"{v:.0f}" for v in frame["epochs to target"]
    ]
    frame["seconds to target"] = [
        never if pd.isna(v) else f"{v:,.0f} s" for v in frame["seconds to target"]
    ]
    # A line under the table, not a column: one more column would not fit a projector's width.
    peaks = frame.pop("peak memory MiB")
    frame = frame.rename(columns={c: t(label) for c, label in TABLE_LABELS.items()})
    percent = st.column_config.NumberColumn(format="%.1f %%")
    config = {
        t("best val accuracy"): percent,
        t("test accuracy"): percent,
        t("parameters"): st.column_config.NumberColumn(format="localized"),
        t("images/s"): st.column_config.NumberColumn(format="%.0f"),
    }
    st.dataframe(pd.DataFrame(frame), hide_index=True, column_config=config, key=key)
    labels = frame[t("run")]
    recorded = [
        f"{label} {peak:,.0f} MiB"
        for label, peak in zip(labels, peaks, strict=True)
        if pd.notna(peak)
    ]
    if recorded:
        st.caption(
            t("Peak memory of the training process: {runs}.").format(runs="; ".join(recorded))
        )
