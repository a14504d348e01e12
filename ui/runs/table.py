"""The Runs page's table: one row per run, what tells runs apart first."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from alexnet.store.overview import RunSummary
from alexnet.store.run_store import ACTIVE_STATES
from ui.i18n import message_text, t
from ui.words import duration, epoch_of, state_label


def status_text(row: RunSummary) -> str:
    """The run's state, with its epoch while it is queued or training."""
    text = state_label(row.state)
    if row.state in ACTIVE_STATES and row.epochs:
        text += " · " + epoch_of(row.epoch, row.epochs)
    return text


def imported_text(row: RunSummary) -> str:
    """The computer an imported run came from ("" for a run made here)."""
    if row.imported is None:
        return ""
    return str(row.imported.get("from") or t("another computer"))


def runs_frame(rows: list[RunSummary]) -> pd.DataFrame:
    """The table's data with translated headers: the network description and the id last."""
    return pd.DataFrame(
        {
            t("name"): [message_text(r.name) for r in rows],
            t("status"): [status_text(r) for r in rows],
            t("best accuracy"): [
                None if r.best_accuracy is None else r.best_accuracy * 100 for r in rows
            ],
            t("duration"): [
                "" if r.duration_seconds is None else duration(r.duration_seconds) for r in rows
            ],
            t("created"): [
                dt.datetime.fromtimestamp(r.created_at) if r.created_at else None for r in rows
            ],
            t("tags"): [", ".join(r.tags) for r in rows],
            t("imported from"): [imported_text(r) for r in rows],
            t("network"): [message_text(r.spec) for r in rows],
            t("run id"): [r.run_id for r in rows],
        }
    )


def render_table(rows: list[RunSummary]) -> None:
    """Every run in one table, then a warning naming the damaged folders and a count."""
    st.dataframe(
        runs_frame(rows),
        hide_index=True,
        key="runs.table",
        column_config={
            t("best accuracy"): st.column_config.NumberColumn(
                format="%.1f %%", help=t("Best validation accuracy, else best training accuracy.")
            ),
            t("created"): st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
        },
    )
    damaged = [r for r in rows if r.state == "damaged"]
    if damaged:
        st.warning(
            t("{count} run folder(s) are damaged and listed as such: {ids}").format(
                count=len(damaged), ids=", ".join(r.run_id for r in damaged)
            ),
            icon=":material/warning:",
        )
    active = sum(r.state in ACTIVE_STATES for r in rows)
    st.caption(
        t("{count} runs, {active} queued or training.").format(count=len(rows), active=active)
    )


def choose_run(rows: list[RunSummary]) -> RunSummary:
    """The run to act on: `?run=<id>` once, else the last choice, else the newest."""
    by_id = {r.run_id: r for r in rows}
    requested = st.query_params.get("run")
    if requested in by_id and st.session_state.get("runs.query") != requested:
        st.session_state["runs.chosen"] = requested  # ?run=<id> chooses it once
        st.session_state["runs.query"] = requested
    if st.session_state.get("runs.chosen") not in by_id:
        st.session_state["runs.chosen"] = rows[0].run_id
    labels = {r: f"{message_text(row.name)} ({state_label(row.state)}) · {r}" for r, row in by_id.items()}
    chosen = st.selectbox(t("Run"), list(by_id), format_func=labels.__getitem__, key="runs.chosen")
    return by_id[chosen]
