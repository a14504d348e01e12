"""Train: pick a network, data and recipe, start a run, and watch its curves live.

Training runs in a worker process (`alexnet.jobs.run_queue` / `alexnet.jobs.worker`); this page only
queues runs, asks them to stop or resume, and reads their metrics from the run store.
"""

from __future__ import annotations

import streamlit as st

from alexnet.store.run_store import ACTIVE_STATES, RunStore
from ui.entry import ensure_entrypoint
from ui.i18n import error_text, t
from ui.state import large_font
from ui.train.data import render_data_source
from ui.train.run_panel import render_run_panel
from ui.train.sanity import render_sanity_test
from ui.train.settings import render_config, render_network
from ui.train.start import start_training

ensure_entrypoint()
st.title(t("Train"))
st.caption(
    t(
        "Choose a network, the images and a recipe, then press Start. Training runs in the "
        "background: the progress below updates every two seconds and the curves every few "
        "seconds, and you can close the page or open it in another tab without stopping it."
    )
)
store = RunStore()
busy = any(info.state in ACTIVE_STATES for info in store.list())
# While a run trains, its curves come first and the settings fold away below them.
top = st.container()
config = None
with st.expander(t("Network, data and training settings"), expanded=not busy):
    # Large projector text needs the full width for the settings' labels.
    left, right = (st.container(), st.container()) if large_font() else st.columns(2, gap="large")
    with left:
        spec = render_network()
        info = render_data_source()
    with right:
        try:
            config = render_config()
        except ValueError as error:
            st.error(t("Check the training settings: {error}").format(error=error_text(error)))
clicked = st.button(
    t("Start training"),
    icon=":material/play_arrow:",
    type="primary",
    key="train.start",
    disabled=config is None or info is None,
)
# Always present, so a message in it does not shift (and so re-create, folded) what follows.
with st.container():
    if clicked:
        start_training(store, spec, config, info)
with st.expander(t("Random-data sanity test")):
    render_sanity_test(store, spec, config)
if busy:
    with top:
        render_run_panel(store)
        st.divider()
else:
    st.divider()
    render_run_panel(store)
