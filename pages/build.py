"""Build: choose a preset, change it, and see shapes, parameters, cost and code at once."""

from __future__ import annotations

import streamlit as st

from alexnet.network.layer_table import layer_table
from ui.build import state as build_state
from ui.build import widgets as build_widgets
from ui.build.results import render_code, render_results, render_spec_error
from ui.entry import ensure_entrypoint
from ui.i18n import t
from ui.state import large_font, set_current_spec

ensure_entrypoint()
st.title(t("Build a network"))
st.caption(
    t(
        "Start from one of the tutorial's three networks and change anything: the layer "
        "table, the totals and the code follow every change."
    )
)
build_state.ensure_loaded()
# Large projector text needs more room for the settings' labels.
settings, results = st.columns([1, 1] if large_font() else [5, 8], gap="large")
with settings:
    build_widgets.render_source()
    build_widgets.render_model_settings()
    build_widgets.render_conv_blocks()
    build_widgets.render_dense_blocks()
table = None
with results:
    try:
        spec = build_state.spec_from_widgets()
        table = layer_table(spec)
    except ValueError as error:
        render_spec_error(error)
    else:
        set_current_spec(spec)  # the Train and Inspect pages use it
        render_results(spec, table)
if table is not None:
    render_code(spec)  # full width: code lines are long
