"""Runs: every training run in the run store, with rename, tags, delete, download and links."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from alexnet.store.overview import RunSummary, summaries
from alexnet.store.run_store import ACTIVE_STATES, RunStore
from ui import run_actions
from ui.comparison import state_label
from ui.entry import ensure_entrypoint
from ui.i18n import t
from ui.links import page_link

ensure_entrypoint()
st.title(t("Runs"))
st.caption(
    t(
        "Every training run on this computer, newest first. Choose one below to rename it, "
        "tag it, download it as a zip, open it in Compare or Predict, or delete it."
    )
)
store = RunStore()
rows = summaries(store)
run_actions.show_message()
if not rows:
    st.info(
        t("There are no runs yet. Train a model, or start the batch normalization experiment."),
        icon=":material/info:",
    )
    page_link("pages/train.py", t("Train a network"), icon=":material/model_training:")
    page_link("pages/compare.py", t("Batch normalization vs none"), icon=":material/compare:")
    st.stop()


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def _status(row: RunSummary) -> str:
    text = state_label(row.state)
    if row.state in ACTIVE_STATES and row.epochs:
        text += " · " + t("epoch {epoch} of {epochs}").format(
            epoch=row.epoch or 0, epochs=row.epochs
        )
    return text


best = [None if r.best_accuracy is None else r.best_accuracy * 100 for r in rows]
created = [dt.datetime.fromtimestamp(r.created_at) if r.created_at else None for r in rows]
frame = pd.DataFrame(
    {  # what tells runs apart first; the long network description and the id last
        t("name"): [r.name for r in rows],
        t("status"): [_status(r) for r in rows],
        t("best accuracy"): best,
        t("duration"): [_duration(r.duration_seconds) for r in rows],
        t("created"): created,
        t("tags"): [", ".join(r.tags) for r in rows],
        t("network"): [r.spec for r in rows],
        t("run id"): [r.run_id for r in rows],
    }
)
st.dataframe(
    frame,
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
st.caption(t("{count} runs, {active} queued or training.").format(count=len(rows), active=active))

st.subheader(t("One run"))
by_id = {r.run_id: r for r in rows}
requested = st.query_params.get("run")
if requested in by_id and st.session_state.get("runs.query") != requested:
    st.session_state["runs.chosen"] = requested  # ?run=<id> chooses it once
    st.session_state["runs.query"] = requested
if st.session_state.get("runs.chosen") not in by_id:
    st.session_state["runs.chosen"] = rows[0].run_id
chosen = st.selectbox(
    t("Run"),
    list(by_id),
    format_func=lambda r: f"{by_id[r].name} ({state_label(by_id[r].state)}) · {r}",
    key="runs.chosen",
)
run_actions.render(store, by_id[chosen])
