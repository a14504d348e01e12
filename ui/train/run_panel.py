"""The Train page's live panel: one run's status, progress, curves, and Stop / Resume.

Everything here is read from the run store, never from the session, so a browser reload or
a second tab shows the same run. While the run is queued or training, the status and the
charts are two fragments that re-run themselves, the status every two seconds and the
charts every five, building figures only from new records (see `ui.live`); once the run has
ended, the whole page re-runs once and both are drawn again without a timer, so an idle page
does not poll.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import streamlit as st

from alexnet.charts.training import STEP_FIGURE_AXES, epoch_figure, step_figure
from alexnet.config.messages import stored_message
from alexnet.config.run_config import RunConfig
from alexnet.jobs.run_queue import resume_run
from alexnet.jobs.worker import RESUMABLE_STATES
from alexnet.store.names import stored_text
from alexnet.store.run_store import ACTIVE_STATES, LIVE_STATES, RunStore
from ui.access import may_change_run, not_yours
from ui.figures import show_figure
from ui.i18n import N_, error_text, message_text, t, translated_choice
from ui.live import CHART_SECONDS, STATUS_SECONDS, cached_figures, look_at_queue
from ui.words import duration, state_label

RUN_KEY = "train.run_id"  # the run this session started or chose last
# The live panel's figures and what they were built from (see ui.live.cached_figures).
STEP_FIGURES_KEY = "train.chart.figures.step"
EPOCH_FIGURES_KEY = "train.chart.figures.epoch"
_AXES = {"step": N_("step"), "epoch": N_("epoch"), "time": N_("time (s)")}


def shown_run(store: RunStore) -> str | None:
    """The run to show: this session's while it is active, else a live one, else a queued
    one, else this session's last, else the newest."""
    infos = [i for i in store.list() if not i.damaged]
    mine = st.session_state.get(RUN_KEY)
    if any(i.run_id == mine and i.state in ACTIVE_STATES for i in infos):
        return mine
    for states in (LIVE_STATES, ("queued",)):
        active = [i.run_id for i in infos if i.state in states]
        if active:
            return active[0]
    if mine and store.exists(mine):
        return mine
    return infos[0].run_id if infos else None


def chart_labels() -> dict[str, str]:
    """The training charts' text in the session's language."""
    return {
        "loss": t("loss"),
        "accuracy": t("accuracy"),
        "step": t("step"),
        "epoch": t("epoch"),
        "time": t("time (s)"),
        "raw": t("logged"),
        "smoothed": t("smoothed"),
        "train": t("training"),
        "val": t("validation"),
        "waiting": t("Waiting for the first metrics…"),
    }


def progress_text(
    status: dict[str, Any], last_step: Mapping[str, Any] | None, batch_size: int
) -> tuple[float, str]:
    """The progress bar's fraction and its text: epoch, step, images/s and time left.

    Args:
        status: the run's status (epochs, steps_per_epoch, epoch done).
        last_step: the newest step record (None before the first).
        batch_size: images per step.
    """
    epochs = int(status.get("epochs") or 0)
    per_epoch = int(status.get("steps_per_epoch") or 0)
    if not epochs or not per_epoch or last_step is None:
        return 0.0, t("Starting: loading TensorFlow and the images…")
    epoch, batch = int(last_step["epoch"]), int(last_step["batch"])
    finished = int(status.get("epoch") or 0)  # epochs done, written at each epoch's end
    if finished * per_epoch > (epoch - 1) * per_epoch + batch:  # its last batch went unlogged
        epoch, batch = finished, per_epoch
    done = min((epoch - 1) * per_epoch + batch, epochs * per_epoch)
    speed = last_step.get("images_per_second")
    speed = float(speed) if speed is not None and math.isfinite(float(speed)) else 0.0
    left = (epochs * per_epoch - done) * batch_size / speed if speed > 0 else math.nan
    text = t("Epoch {epoch}/{epochs} · step {step}/{steps} · {speed:,.0f} images/s · {left} left")
    return done / (epochs * per_epoch), text.format(
        epoch=epoch,
        epochs=epochs,
        step=batch,
        steps=per_epoch,
        speed=speed,
        left=duration(left),
    )


def _controls(store: RunStore, run_id: str, state: str, changeable: bool) -> None:
    stop = state in ("queued", "running")
    resume = state in RESUMABLE_STATES
    if (stop or resume) and not changeable:
        st.caption(not_yours())
        return
    if stop and st.button(t("Stop"), icon=":material/stop:", key="train.stop", type="primary"):
        store.request_stop(run_id)
        st.rerun()
    if resume and st.button(t("Resume"), icon=":material/play_arrow:", key="train.resume"):
        try:
            resume_run(store, run_id)
        except (OSError, ValueError) as error:
            st.error(error_text(error))
        else:
            st.rerun()


def _status_line(name: str, state: str, status: dict[str, Any], place: int | None) -> None:
    st.markdown(f"### {name} — **{state_label(state)}**")
    if status.get("data"):
        data = stored_message(str(status["data"]), status.get("data_message"))
        st.caption(t("Data: {description}").format(description=message_text(data)))
    if state == "queued":
        st.info(
            t("Queued: place {place} in line. It starts when the run before it ends.").format(
                place=place or 1
            )
        )
    elif state in ("failed", "interrupted") and status.get("error"):
        error = message_text(stored_text(status, "error"))
        st.error(t("The run ended early: {error}").format(error=error))
    elif state == "stopping":
        st.info(t("Stopping after the current batch and saving a checkpoint…"))


def _results(
    store: RunStore, run_id: str, config: RunConfig, last_epoch: dict[str, Any] | None
) -> None:
    num_classes = config.spec.num_classes
    columns = st.columns(3)
    if last_epoch is not None and last_epoch.get("accuracy") is not None:
        columns[0].metric(t("Training accuracy"), f"{last_epoch['accuracy']:.1%}")
    evaluation = store.read_evaluation(run_id)
    if evaluation:
        columns[1].metric(t("Test accuracy"), f"{evaluation['accuracy']:.1%}")
    if config.data.source == "random":
        columns[2].metric(
            t("Chance accuracy (1/{n})").format(n=num_classes),
            f"{1 / num_classes:.1%}",
            help=t(
                "Guessing at random is right this often. On random noise a network "
                "cannot do better on the test images: there is nothing to learn."
            ),
        )


def _status_panel(
    store: RunStore, run_id: str, name: str, batch_size: int, polling: bool, changeable: bool
) -> None:
    """State, progress and Stop / Resume: small files only, so it can look every second."""
    try:
        status = store.read_status(run_id)
    except (OSError, ValueError):  # deleted (or damaged) since the page listed it
        st.info(t("This run was deleted."))
        return
    state = str(status.get("state", "unknown"))
    if (state in ACTIVE_STATES) != polling:
        st.rerun()  # started or ended: draw the page again with (or without) the timers
    place = look_at_queue(store, run_id if state == "queued" else None) if polling else None
    _status_line(name, state, status, place)
    _controls(store, run_id, state, changeable)
    if state in ACTIVE_STATES:
        last_step = store.metrics_tail(run_id).last("step")
        fraction, text = progress_text(status, last_step, batch_size)
        st.progress(fraction, text=text)


def _labels(active: bool) -> dict[str, str]:
    labels = chart_labels()
    if not active:  # nothing more will come
        labels["waiting"] = t("No metrics were logged.")
    return labels


def _charts_panel(store: RunStore, run_id: str, config: RunConfig, active: bool) -> None:
    """The curves; each pair built again only when its records changed or a setting did."""
    try:
        status = store.read_status(run_id)
    except (OSError, ValueError):
        return  # deleted: the status above says so
    tail = store.metrics_tail(run_id)
    left, right = st.columns([3, 2])
    x = (
        left.segmented_control(
            t("X axis"),
            list(STEP_FIGURE_AXES),
            format_func=lambda k: t(_AXES[k]),
            default="step",
            key=translated_choice("train.chart.x"),
        )
        or "step"
    )
    weight = right.slider(t("Smoothing"), 0.0, 0.95, 0.6, 0.05, key="train.chart.smoothing")
    per_epoch = int(status.get("steps_per_epoch") or 0) or None
    epoch_x = "epoch" if x == "step" else x
    step_figures = cached_figures(
        STEP_FIGURES_KEY,
        (run_id, tail.version_of("step"), x, weight, per_epoch, active),
        lambda: [
            step_figure(
                tail.records("step"), metric, x=x, weight=weight, steps_per_epoch=per_epoch,
                labels=_labels(active),
            )
            for metric in ("loss", "accuracy")
        ],
    )  # fmt: skip
    epoch_figures = cached_figures(
        EPOCH_FIGURES_KEY,
        (run_id, tail.version_of("epoch"), epoch_x, active),
        lambda: [
            epoch_figure(tail.records("epoch"), metric, x=epoch_x, labels=_labels(active))
            for metric in ("loss", "accuracy")
        ],
    )
    for kind, figures in (("step", step_figures), ("epoch", epoch_figures)):
        for column, metric, fig in zip(st.columns(2), ("loss", "accuracy"), figures, strict=True):
            show_figure(
                fig,
                container=column,
                width="stretch",
                key=f"train.chart.{kind}.{metric}",
                fonts_ready=True,
            )
    _results(store, run_id, config, tail.last("epoch"))


def render_run_panel(store: RunStore) -> str | None:
    """Show the live (or latest) run with its curves; returns its id, or None without runs."""
    run_id = shown_run(store)
    if run_id is None:
        st.info(t("No runs yet: press Start to train the network."))
        return None
    info = store.get(run_id)
    try:
        config = store.read_config(run_id)
    except (OSError, ValueError):  # damaged since it was listed
        st.info(t("This run was deleted."))
        return run_id
    live = info.state in ACTIVE_STATES
    status_panel = st.fragment(_status_panel, run_every=STATUS_SECONDS if live else None)
    status_panel(
        store,
        run_id,
        message_text(info.name),
        config.training.batch_size,
        live,
        may_change_run(info),
    )
    charts_panel = st.fragment(_charts_panel, run_every=CHART_SECONDS if live else None)
    charts_panel(store, run_id, config, live)
    return run_id
