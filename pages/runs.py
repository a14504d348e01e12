"""Runs: every training run in the run store, with rename, tags, delete, download, import and
links."""

from __future__ import annotations

import streamlit as st

from alexnet.store.overview import summaries
from alexnet.store.run_store import RunStore
from ui.entry import ensure_entrypoint
from ui.i18n import t
from ui.links import page_link
from ui.runs import actions, importing
from ui.runs.table import choose_run, render_table

ensure_entrypoint()
st.title(t("Runs"))
st.caption(
    t(
        "Every training run on this computer, newest first. Choose one below to rename it, "
        "tag it, download it as a zip, open it in Compare or Predict, or delete it. Import "
        "brings zips back, from this computer or another."
    )
)
store = RunStore()
rows = summaries(store)
actions.show_message()
importing.show_results()
importing.render(store)
if not rows:
    st.info(
        t("There are no runs yet. Train a model, or start the batch normalization experiment."),
        icon=":material/info:",
    )
    page_link("pages/train.py", t("Train a network"), icon=":material/model_training:")
    page_link("pages/compare.py", t("Batch normalization vs none"), icon=":material/compare:")
    st.stop()
render_table(rows)
st.subheader(t("One run"))
actions.render(store, choose_run(rows))
