"""The Compare page's one-click experiment: batch normalization vs none, drawn live."""

from __future__ import annotations

import streamlit as st

from alexnet.bn_experiment import (
    DEFAULT_EPOCHS,
    DEFAULT_TRAIN_SIZE,
    MAX_SEEDS,
    is_active,
    latest_experiment,
    start_experiment,
)
from alexnet.data_status import data_status
from alexnet.run_overview import run_data
from alexnet.runs import ACTIVE_STATES, RunStore
from ui.comparison import render_overlay, state_label, with_arms
from ui.i18n import t

POLL_SECONDS = 1.0
_MESSAGE_KEY = "compare.bn.message"


def _explain() -> None:
    st.caption(
        t(
            "Batch normalization rescales each layer's outputs over the batch to mean 0 and "
            "variance 1, then lets the network learn its own scale and shift. The next layer "
            "sees inputs on a steady scale, so training tolerates larger steps and usually "
            "converges in fewer epochs."
        )
    )
    st.caption(
        t(
            "One run's curve mixes the effect of a change with luck: the initial weights and "
            "the order of the images. Several seeds per network show how far the curves "
            "spread by chance; a difference larger than that spread is real."
        )
    )


def _start(store: RunStore, train_size: int, epochs: int, seeds: int) -> None:
    data = data_status()
    try:
        start_experiment(
            store, train_size=train_size, epochs=epochs, seeds=seeds,
            data_source=data.run_source, data_path=None if data.path is None else str(data.path),
        )  # fmt: skip
    except (ValueError, OSError) as error:
        st.session_state[_MESSAGE_KEY] = str(error)
    else:
        st.session_state[_MESSAGE_KEY] = None


def _stop_all(store: RunStore, run_ids: list[str]) -> None:
    for run_id in run_ids:
        try:
            store.request_stop(run_id)
        except (OSError, ValueError):
            continue  # deleted meanwhile: nothing to stop


def render_controls(store: RunStore, busy: bool) -> None:
    """Subset, epochs and seeds, and the Start button (off while an experiment runs)."""
    data = data_status()
    if data.full:
        st.caption(t("Data: the full CIFAR-10 ({path}).").format(path=data.path))
    else:
        st.caption(
            t(
                "Data: the CIFAR-10 sample shipped with the app (2,500 training images). "
                "Point $CIFAR10_PATH at the full archive for larger subsets."
            )
        )
    if data.problem:
        st.error(data.problem, icon=":material/error:")
    cols = st.columns(3)
    size = cols[0].number_input(
        t("Training images"), min_value=500, max_value=data.train_images, step=500,
        value=min(DEFAULT_TRAIN_SIZE, data.train_images), key="compare.bn.train_size",
        help=t("A class-balanced sample; 10% of it is held out for the validation curves."),
    )  # fmt: skip
    epochs = cols[1].number_input(
        t("Epochs"), min_value=1, max_value=50, value=DEFAULT_EPOCHS, key="compare.bn.epochs"
    )
    seeds = cols[2].number_input(
        t("Seeds per network"), min_value=1, max_value=MAX_SEEDS, value=1, key="compare.bn.seeds",
        help=t("Each seed is one more pair, trained after the previous one."),
    )  # fmt: skip
    st.button(
        t("Start: batch normalization vs none"), type="primary", icon=":material/play_arrow:",
        disabled=busy or bool(data.problem), on_click=_start,
        args=(store, int(size), int(epochs), int(seeds)), key="compare.bn.start",
    )  # fmt: skip
    if busy:
        st.caption(t("The experiment below is still running; stop it to start a new one."))
    message = st.session_state.get(_MESSAGE_KEY)
    if message:
        st.error(t("The experiment could not start: {error}").format(error=message))


def _render_live(store: RunStore, was_active: bool) -> None:
    infos = latest_experiment(store)
    if not infos:
        return
    active = is_active(infos)
    runs = [d for d in (run_data(store, i.run_id, with_steps=True) for i in infos) if d]
    st.markdown("**" + t("Latest experiment") + "**")
    lines = []
    for info in infos:
        status = info.status
        progress = ""
        if status.get("epochs"):
            progress = " · " + t("epoch {epoch} of {epochs}").format(
                epoch=status.get("epoch", 0), epochs=status["epochs"]
            )
        lines.append(f"- {info.name}: {state_label(info.state)}{progress}")
    st.markdown("\n".join(lines))
    if active:
        active_ids = [i.run_id for i in infos if i.state in ACTIVE_STATES]
        st.button(
            t("Stop the experiment"), icon=":material/stop:", on_click=_stop_all,
            args=(store, active_ids), key="compare.bn.stop",
        )  # fmt: skip
    render_overlay(with_arms(runs, True), x="step", key="compare.bn.live", smoothing=0.6)
    st.caption(
        t(
            "Solid lines: training, per logged step and smoothed. Dashed: validation, at the "
            "end of each epoch. Both networks start from the same weights and see the images "
            "in the same order."
        )
    )
    if was_active and not active:
        st.rerun()  # redraw the page once without polling: every run has ended


def render(store: RunStore) -> None:
    """The experiment section: explanation, controls, and the live chart of the latest one."""
    st.subheader(t("Experiment: batch normalization vs none"))
    _explain()
    infos = latest_experiment(store)
    busy = is_active(infos)
    render_controls(store, busy)

    # Polls about once a second only while a run of the experiment is queued or training.
    @st.fragment(run_every=POLL_SECONDS if busy else None)
    def live() -> None:
        _render_live(store, busy)

    live()
