"""Compare: the batch normalization experiment, and any runs overlaid with their final figures."""

from __future__ import annotations

import streamlit as st

from alexnet.store.run_store import RunStore
from ui.compare import experiment
from ui.compare.inside import render_chosen
from ui.compare.overlay import overlay_settings, render_overlay, render_table, with_arms
from ui.compare.selection import choose_runs, chosen_data, offered_runs
from ui.entry import ensure_entrypoint
from ui.i18n import t

ensure_entrypoint()
st.title(t("Compare"))
st.caption(
    t(
        "Train the same network with and without batch normalization and watch the curves "
        "part, or pick any runs and read their curves and final figures side by side."
    )
)
store = RunStore()
try:
    offered = offered_runs(store)
except OSError as error:
    st.error(t("The runs folder could not be read: {error}").format(error=error))
    st.stop()

with st.container(border=True):
    experiment.render(store)

st.subheader(t("Compare any runs"))
if not offered.by_id:
    st.info(
        t("There are no runs yet. Start the experiment above, or train a model on the Train page."),
        icon=":material/info:",
    )
    st.stop()
selected = choose_runs(offered)
settings = overlay_settings()
if not selected:
    st.info(t("Choose one or more runs above."), icon=":material/info:")
    st.stop()
runs = chosen_data(offered, selected)
drawn = with_arms(runs, settings.group_seeds)
render_overlay(drawn, x=settings.x, key="compare.overlay", band=settings.band)
st.caption(t("Solid lines: training. Dashed lines: validation (runs with a validation split)."))
st.subheader(t("Final figures"))
render_table(runs, settings.target, key="compare.table")
render_chosen(store, [r for r in selected if r not in offered.shipped_ids], x=settings.x)
