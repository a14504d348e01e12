"""Compare: the batch normalization experiment, and any runs overlaid with their final figures."""

from __future__ import annotations

import streamlit as st

from alexnet.jobs.bn_experiment import latest_experiment
from alexnet.store.overview import run_data
from alexnet.store.run_store import RunInfo, RunStore
from alexnet.store.shipped import shipped_runs, shipped_store
from ui import bn_section
from ui.comparison import render_overlay, render_table, state_label, with_arms
from ui.entry import ensure_entrypoint
from ui.i18n import t, translated_choice

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
    infos = [i for i in store.list() if not i.damaged]
    shipped = shipped_store()  # the shipped pretrained runs: read, never written
    shipped_ids = {i.run_id: i for i in shipped_runs(shipped)}
except OSError as error:
    st.error(t("The runs folder could not be read: {error}").format(error=error))
    st.stop()

with st.container(border=True):
    bn_section.render(store)


def _tutorial_runs(runs: list[RunInfo]) -> list[str]:
    found = []
    for info in runs:
        try:
            if info.state == "finished" and store.read_config(info.run_id).is_tutorial_recipe:
                found.append(info.run_id)
        except (OSError, ValueError):
            continue
    return found


def _default_selection(by_id: dict[str, RunInfo]) -> list[str]:
    # ?runs=a,b (the Runs page's "Open in Compare"), else the latest experiment plus the
    # newest run of the tutorial's recipe as a reference.
    requested = [r for p in st.query_params.get_all("runs") for r in p.split(",") if r]
    if requested:
        return [r for r in requested if r in by_id]
    chosen = [i.run_id for i in latest_experiment(store) if i.run_id in by_id]
    chosen += _tutorial_runs(list(by_id.values()))[:1]
    return list(dict.fromkeys(chosen))


st.subheader(t("Compare any runs"))
if not infos and not shipped_ids:
    st.info(
        t("There are no runs yet. Start the experiment above, or train a model on the Train page."),
        icon=":material/info:",
    )
    st.stop()
by_id = {i.run_id: i for i in infos}
by_id.update({r: i for r, i in shipped_ids.items() if r not in by_id})  # offered after the runs
references = set(_tutorial_runs(infos))
query = ",".join(st.query_params.get_all("runs"))
if "compare.runs" not in st.session_state or (
    query and st.session_state.get("compare.query") != query
):  # a new "Open in Compare" link wins over an earlier choice
    st.session_state["compare.runs"] = _default_selection(by_id)
    st.session_state["compare.query"] = query
else:  # runs deleted meanwhile leave the selection
    st.session_state["compare.runs"] = [r for r in st.session_state["compare.runs"] if r in by_id]


def _label(run_id: str) -> str:
    info = by_id[run_id]
    mark = " ★ " + t("tutorial recipe") if run_id in references else ""
    mark += " · " + t("shipped") if run_id in shipped_ids else ""
    return f"{info.name} ({state_label(info.state)}){mark} · {run_id}"


selected = st.multiselect(
    t("Runs"), list(by_id), format_func=_label, key="compare.runs",
    help=t("Runs marked ★ used the tutorial's own training recipe; they are drawn thicker."),
    placeholder=t("Choose runs to compare"),
)  # fmt: skip
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
if not selected:
    st.info(t("Choose one or more runs above."), icon=":material/info:")
    st.stop()
runs = [
    d
    for d in (run_data(shipped if r in shipped_ids else store, r) for r in selected)
    if d is not None
]
drawn = with_arms(runs, group)
render_overlay(drawn, x=x_axis or "epoch", key="compare.overlay", band=band or "minmax")
st.caption(t("Solid lines: training. Dashed lines: validation (runs with a validation split)."))
st.subheader(t("Final figures"))
render_table(runs, target / 100, key="compare.table")
