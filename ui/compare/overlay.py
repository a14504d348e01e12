"""Compare's overlay of chosen runs: the loss and accuracy charts and the final figures table."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from alexnet.charts.comparison import SPLITS, overlay_figure
from alexnet.charts.comparison_table import comparison_table
from alexnet.store.overview import RunData
from ui.figures import show_figure
from ui.i18n import N_, message_text, t, translated_choice
from ui.words import state_label

TABLE_LABELS = {
    "run": N_("run"), "state": N_("state"), "epochs": N_("epochs"),
    "best val accuracy": N_("best val accuracy"), "test accuracy": N_("test accuracy"),
    "epochs to target": N_("epochs to target"), "seconds to target": N_("seconds to target"),
    "parameters": N_("parameters"), "images/s": N_("images/s"),
}  # fmt: skip


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


def with_id(label: str, run_id: str) -> str:
    """A label told apart from its namesakes by the end of the run id (unique per store)."""
    return f"{label} · {run_id[-6:]}"


def with_arms(runs: Sequence[RunData], group_seeds: bool) -> list[RunData]:
    """The runs with arms kept (several seeds -> one mean with a band) or cleared (a line each).

    An averaged arm's legend is its arm name (`RunData.arm_name`), e.g. "No BN".
    """
    runs = in_words(runs)
    if not group_seeds:
        return _distinct_labels([dataclasses.replace(r, arm=None) for r in runs])
    sizes = Counter(r.arm for r in runs)
    return _distinct_labels(
        [dataclasses.replace(r, label=r.arm_name) if sizes[r.arm] > 1 else r for r in runs]
    )


def in_words(runs: Sequence[RunData]) -> list[RunData]:
    """The runs with the names the app gave them (an experiment's) in the session's language."""
    return [
        dataclasses.replace(
            r, label=message_text(r.label), arm_name=r.arm_name and message_text(r.arm_name)
        )
        for r in runs
    ]


def _distinct_labels(runs: list[RunData]) -> list[RunData]:
    # Two runs of one network share its name; the end of the run id tells their lines and
    # table rows apart (an arm's seeds keep one name: they are drawn as one line).
    entries: dict[str, set[str]] = {}
    members = Counter(r.arm or r.run_id for r in runs)
    for run in runs:
        entries.setdefault(run.label, set()).add(run.arm or run.run_id)
    return [
        dataclasses.replace(r, label=with_id(r.label, r.run_id))
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


def show_overlay(
    figures: Sequence[go.Figure], *, key: str, fonts_ready: bool = False, static: bool = False
) -> None:
    """Loss and accuracy figures side by side (see `overlay_figures`); `static` while live."""
    for column, metric, fig in zip(st.columns(2), ("loss", "accuracy"), figures, strict=True):
        show_figure(
            fig, container=column, key=f"{key}.{metric}", fonts_ready=fonts_ready, static=static
        )


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
    runs = in_words(runs)
    names = Counter(r.label for r in runs)  # rows of one network's runs: add the id's end
    runs = [
        dataclasses.replace(r, label=with_id(r.label, r.run_id)) if names[r.label] > 1 else r
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


@dataclass(frozen=True)
class OverlaySettings:
    """How the chosen runs are drawn."""

    x: str  # "epoch" or "time"
    group_seeds: bool  # runs differing only in their seed -> one mean with a band
    band: str  # "minmax" or "std"
    target: float  # the accuracy the table times, 0.1 to 0.95


def overlay_settings() -> OverlaySettings:
    """The row of chart settings above the overlay."""
    cols = st.columns([1, 1, 1, 1])
    x_axis = cols[0].segmented_control(
        t("x axis"), ["epoch", "time"], default="epoch", key=translated_choice("compare.x"),
        format_func=lambda v: t("epoch") if v == "epoch" else t("seconds of training"),
    )  # fmt: skip
    group = cols[1].toggle(
        t("Average seeds"), value=True, key="compare.group",
        help=t("Runs that differ only in their seed are drawn as their mean with a shaded band."),
    )  # fmt: skip
    band = cols[2].segmented_control(
        t("Band"), ["minmax", "std"], default="minmax", key=translated_choice("compare.band"),
        format_func=lambda v: t("min to max") if v == "minmax" else t("± 1 std"),
        disabled=not group,
    )  # fmt: skip
    target = cols[3].slider(
        t("Target accuracy"), min_value=10, max_value=95, value=50, step=5, format="%d%%",
        key="compare.target",
        help=t("The table says after how many epochs and seconds each run first reached it."),
    )  # fmt: skip
    return OverlaySettings(x_axis or "epoch", bool(group), band or "minmax", target / 100)
