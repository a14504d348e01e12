"""The Compare page's one-click experiment: batch normalization vs none, drawn live."""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from alexnet.charts.comparison import MOVING, SPLITS
from alexnet.data.status import data_status
from alexnet.jobs.bn_experiment import (
    DEFAULT_EPOCHS,
    DEFAULT_LEARNING_RATE,
    DEFAULT_TRAIN_SIZE,
    MAX_SEEDS,
    RATE_SWEEP,
    class_runs,
    is_active,
    rate_suffix,
    start_experiment,
)
from alexnet.store.overview import RunData, run_data
from alexnet.store.run_store import ACTIVE_STATES, RunInfo, RunStore
from ui.access import may_change_run, not_yours, visitor_address
from ui.compare.class_result import render_class_result
from ui.compare.inside import render_pairs
from ui.compare.overlay import overlay_figures, show_overlay, with_arms
from ui.compare.sweep import render_sweep
from ui.i18n import N_, error_text, message_text, t, translated_choice
from ui.live import PAIR_SECONDS, cached_figures
from ui.words import epoch_of, state_label

_MESSAGE_KEY = "compare.bn.message"
FIGURES_KEY = "compare.bn.figures"  # the live charts' figures and what they were built from
# The tutorial's rate, one 10x larger, or a pair at each rate of a sweep.
_RATE_LABELS = {
    (DEFAULT_LEARNING_RATE,): N_("0.001 (the tutorial's)"),
    (0.01,): N_("0.01 (10x larger steps)"),
    RATE_SWEEP: N_("0.001, 0.003, 0.01 and 0.03 (a pair each)"),
}


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


def _start(store: RunStore, sizes: tuple[int, int, int, int], rates: tuple[float, ...]) -> None:
    train_size, epochs, seeds, first_seed = sizes
    data = data_status()
    try:
        start_experiment(
            store,
            train_size=train_size,
            epochs=epochs,
            seeds=seeds,
            first_seed=first_seed,
            learning_rates=rates,
            started_from=visitor_address(),
            data_source=data.run_source,
            data_path=None if data.path is None else str(data.path),
        )
    except (ValueError, OSError) as error:
        st.session_state[_MESSAGE_KEY] = error_text(error)
    else:
        st.session_state[_MESSAGE_KEY] = None


def _stop_all(store: RunStore, run_ids: list[str]) -> None:
    for run_id in run_ids:
        try:
            if not may_change_run(store.get(run_id)):  # checked again as the click acts
                continue
            store.request_stop(run_id)
        except (OSError, ValueError):
            continue  # deleted meanwhile: nothing to stop


def _data_line(data: Any) -> None:
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
        st.error(message_text(data.problem), icon=":material/error:")


def _sizes(cols: list[Any], train_images: int) -> tuple[int, int, int, int]:
    """(training images, epochs, seeds, first seed) from four number inputs."""
    size = cols[0].number_input(
        t("Training images"),
        min_value=500,
        max_value=train_images,
        step=500,
        value=min(DEFAULT_TRAIN_SIZE, train_images),
        key="compare.bn.train_size",
        help=t("A class-balanced sample; 10% of it is held out for the validation curves."),
    )
    epochs = cols[1].number_input(
        t("Epochs"), min_value=1, max_value=50, value=DEFAULT_EPOCHS, key="compare.bn.epochs"
    )
    seeds = cols[2].number_input(
        t("Seeds per network"),
        min_value=1,
        max_value=MAX_SEEDS,
        value=1,
        key="compare.bn.seeds",
        help=t("Each seed is one more pair, trained after the previous one."),
    )
    first_seed = cols[3].number_input(
        t("First seed"),
        min_value=0,
        max_value=2**31 - 1,
        value=0,
        key="compare.bn.first_seed",
        help=t(
            "Each student can enter their own number: the class's pairs then start from "
            "different weights and image orders, and together show how far chance spreads."
        ),
    )
    return int(size), int(epochs), int(seeds), int(first_seed)


def render_controls(store: RunStore, busy: bool) -> None:
    """Subset, epochs, seeds and learning rate, and Start (off while an experiment runs)."""
    data = data_status()
    _data_line(data)
    cols = st.columns(5)
    sizes = _sizes(cols, data.train_images)
    rates = cols[4].selectbox(
        t("Learning rate"),
        list(_RATE_LABELS),
        format_func=lambda r: t(_RATE_LABELS[r]),
        key=translated_choice("compare.bn.learning_rate"),
        help=t(
            "Batch normalization lets a network take larger steps: try 0.01 and compare, or "
            "train a pair at each of four rates and see accuracy against the rate."
        ),
    )
    st.button(
        t("Start: batch normalization vs none"),
        type="primary",
        icon=":material/play_arrow:",
        disabled=busy or bool(data.problem),
        on_click=_start,
        args=(store, sizes, tuple(rates)),
        key="compare.bn.start",
    )
    if busy:
        st.caption(t("The experiment below is still running; stop it to start a new one."))
    message = st.session_state.get(_MESSAGE_KEY)
    if message:
        st.error(t("The experiment could not start: {error}").format(error=message))


def _summary(infos: list[RunInfo]) -> str:
    """One line for all runs of the experiment: how many are in each state."""
    counts = Counter(state_label(i.state) for i in infos)
    parts = [f"{n} {label}" for label, n in counts.items()]
    training = [i for i in infos if i.state == "running" and i.status.get("epochs")]
    if training:
        status = training[0].status
        parts.append(epoch_of(status.get("epoch"), status["epochs"]))
    return t("{pairs} pairs: {states}").format(pairs=len(infos) // 2, states=" · ".join(parts))


def _run_lines(infos: list[RunInfo]) -> str:
    lines = []
    for info in infos:
        status = info.status
        progress = ""
        if status.get("epochs"):
            progress = " · " + epoch_of(status.get("epoch"), status["epochs"])
        lines.append(f"- {message_text(info.name)}: {state_label(info.state)}{progress}")
    return "\n".join(lines)


def _fresh(store: RunStore, infos: list[RunInfo]) -> list[RunInfo]:
    """The runs with their status read again (a deleted one left out): small files only."""
    fresh = []
    for info in infos:
        try:
            fresh.append(dataclasses.replace(info, status=store.read_status(info.run_id)))
        except (OSError, ValueError):
            continue
    return fresh


def _ended(infos: list[RunInfo]) -> set[str]:
    return {i.run_id for i in infos if i.state not in ACTIVE_STATES}


def _status(store: RunStore, known: list[RunInfo]) -> list[RunInfo]:
    """Each run's state and epoch, and Stop; the runs as read again (none if all are gone)."""
    infos = _fresh(store, known)
    if not infos:
        return infos
    if _ended(infos) != _ended(known):
        # A run has ended: the whole page draws again, once, from the runs as they are now
        # (the pairs' results and the sweep count it); with every run ended, nothing polls.
        st.rerun()
    active = is_active(infos)
    st.markdown("**" + t("Latest experiment") + "**")
    # Many seeds would push the charts off a projector's screen: the runs fold into a line.
    if len(infos) <= 2:
        st.markdown(_run_lines(infos))
    else:
        with st.expander(_summary(infos)):
            st.markdown(_run_lines(infos))
    mine = [i.run_id for i in infos if i.state in ACTIVE_STATES and may_change_run(i)]
    if mine:
        st.button(
            t("Stop the experiment"),
            icon=":material/stop:",
            on_click=_stop_all,
            args=(store, mine),
            key="compare.bn.stop",
        )
    elif active:
        st.caption(not_yours())
    return infos


def named_by_facts(runs: list[RunData]) -> list[RunData]:
    """The experiment's runs named by their network, rate and seed, in the session's words."""
    named = []
    for run in runs:
        arm = ("BatchNorm" if run.batch_norm else t("No BN")) + rate_suffix(
            run.learning_rate or DEFAULT_LEARNING_RATE
        )
        label = f"{arm} · " + t("seed {seed}").format(seed=run.seed)
        named.append(dataclasses.replace(run, label=label, arm_name=arm))
    return named


def _charts(store: RunStore, infos: list[RunInfo], live: bool) -> None:
    """Both networks' curves on one chart, built again only when a run logged something."""
    if not infos:
        return
    lagging = st.toggle(
        t("What plain Keras reports"),
        key="compare.bn.moving",
        help=t("Adds, dotted, the validation curves measured with the moving averages."),
    )
    splits = (*SPLITS, MOVING) if lagging else SPLITS
    versions = tuple((i.run_id, store.metrics_tail(i.run_id).version, i.state) for i in infos)

    def build() -> list[go.Figure]:
        runs = [d for d in (run_data(store, i.run_id, with_steps=True) for i in infos) if d]
        return overlay_figures(
            with_arms(named_by_facts(runs), True), x="step", smoothing=0.6, splits=splits
        )

    figures = cached_figures(FIGURES_KEY, (versions, splits), build)
    show_overlay(figures, key="compare.bn.live", fonts_ready=True, static=live)
    _chart_captions(lagging)


def _live(store: RunStore, known: list[RunInfo]) -> None:
    """The pair while it trains, in one fragment: each re-run of a fragment makes the
    browser render the whole page again, so one every `PAIR_SECONDS` costs the training less
    than a status every two seconds and charts every five (bench/bench_watch_cost.py)."""
    infos = _status(store, known)  # read once for the whole tick
    live = is_active(infos)
    _charts(store, infos, live)
    render_class_result(store, tuple((i.run_id, i.state) for i in known))
    render_sweep(store, known)
    render_pairs(store, [i.run_id for i in known], key="compare.bn.inside", live=live)


def _chart_captions(lagging: bool) -> None:
    st.caption(
        t(
            "Solid lines: training, per logged step and smoothed. Dashed: validation, at the "
            "end of each epoch. Both networks start from the same weights and see the images "
            "in the same order."
        )
        + (" " + t("Dotted: validation with the moving averages.") if lagging else "")
    )
    if lagging:
        st.caption(
            t(
                "While it trains, batch normalization keeps a slow moving average of each "
                "layer's mean and variance (each batch counts for 1%), and plain Keras "
                "validates with it: in a short run it still describes the weights of hundreds "
                "of steps ago, so the dotted curves trail far below what the network has learned."
            )
        )
        st.caption(
            t(
                "The dashed curves, the saved models and the test accuracy use statistics "
                "recomputed from training images with the current weights before each "
                "validation, so they show what the network has really learned."
            )
        )


def render(store: RunStore) -> None:
    """The experiment section: explanation, controls, and the live chart of the latest one."""
    st.subheader(t("Experiment: batch normalization vs none"))
    _explain()
    infos = class_runs(store)  # the latest experiment, and the class's runs trained like it
    busy = is_active(infos)
    render_controls(store, busy)
    if not infos:
        return
    # While a run of the experiment is queued or training, one fragment draws its states,
    # curves and views again every `PAIR_SECONDS`; afterwards nothing polls.
    st.fragment(_live, run_every=PAIR_SECONDS if busy else None)(store, infos)
