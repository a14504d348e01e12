"""The Train page's live panel: one run's status, progress, curves, and Stop / Resume.

Everything here is read from the run store, never from the session, so a browser reload or
a second tab shows the same run. While the run is queued or training, the panel is a
fragment that re-runs itself every second; once the run has ended, the whole page re-runs
once and the panel is drawn again without a timer, so an idle page does not poll.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

from alexnet.charts.training import X_AXES, epoch_figure, step_figure
from alexnet.config.run_config import RunConfig
from alexnet.jobs.run_queue import RunQueue, resume_run
from alexnet.jobs.worker import RESUMABLE_STATES
from alexnet.store.run_store import ACTIVE_STATES, LIVE_STATES, RunStore
from ui.figures import show_figure
from ui.i18n import N_, error_text, t, translated_choice

RUN_KEY = "train.run_id"  # the run this session started or chose last
REFRESH_SECONDS = 1.0
_STATES = {
    "queued": N_("queued"), "running": N_("training"), "stopping": N_("stopping"),
    "stopped": N_("stopped"), "finished": N_("finished"), "failed": N_("failed"),
    "interrupted": N_("interrupted"), "damaged": N_("damaged"),
}  # fmt: skip
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


def _duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def progress_text(
    status: dict[str, Any], steps: pd.DataFrame, batch_size: int
) -> tuple[float, str]:
    """The progress bar's fraction and its text: epoch, step, images/s and time left."""
    epochs = int(status.get("epochs") or 0)
    per_epoch = int(status.get("steps_per_epoch") or 0)
    if not epochs or not per_epoch or steps.empty:
        return 0.0, t("Starting: loading TensorFlow and the images…")
    last = steps.iloc[-1]
    epoch, batch = int(last["epoch"]), int(last["batch"])
    finished = int(status.get("epoch") or 0)  # epochs done, written at each epoch's end
    if finished * per_epoch > (epoch - 1) * per_epoch + batch:  # its last batch went unlogged
        epoch, batch = finished, per_epoch
    done = min((epoch - 1) * per_epoch + batch, epochs * per_epoch)
    speed = last.get("images_per_second")
    speed = float(speed) if speed is not None and math.isfinite(float(speed)) else 0.0
    left = (epochs * per_epoch - done) * batch_size / speed if speed > 0 else math.nan
    text = t("Epoch {epoch}/{epochs} · step {step}/{steps} · {speed:,.0f} images/s · {left} left")
    return done / (epochs * per_epoch), text.format(
        epoch=epoch,
        epochs=epochs,
        step=batch,
        steps=per_epoch,
        speed=speed,
        left=_duration(left) if math.isfinite(left) else "?",
    )


def _controls(store: RunStore, run_id: str, state: str) -> None:
    stop = state in ("queued", "running")
    resume = state in RESUMABLE_STATES
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


def _status_line(store: RunStore, run_id: str, info: Any) -> None:
    state = info.state
    st.markdown(f"### {info.name} — **{t(_STATES.get(state, state))}**")
    status = info.status
    if status.get("data"):
        st.caption(t("Data: {description}").format(description=status["data"]))
    if state == "queued":
        place = RunQueue(store).position(run_id)
        st.info(
            t("Queued: place {place} in line. It starts when the run before it ends.").format(
                place=place or 1
            )
        )
    elif state in ("failed", "interrupted") and status.get("error"):
        st.error(t("The run ended early: {error}").format(error=status["error"]))
    elif state == "stopping":
        st.info(t("Stopping after the current batch and saving a checkpoint…"))


def _results(store: RunStore, run_id: str, config: RunConfig, epochs: pd.DataFrame) -> None:
    num_classes = config.spec.num_classes
    columns = st.columns(3)
    if not epochs.empty and "accuracy" in epochs:
        columns[0].metric(t("Training accuracy"), f"{epochs['accuracy'].iloc[-1]:.1%}")
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


def _charts(
    steps: pd.DataFrame, epochs: pd.DataFrame, status: dict[str, Any], active: bool
) -> None:
    labels = chart_labels()
    if not active:  # nothing more will come
        labels["waiting"] = t("No metrics were logged.")
    left, right = st.columns([3, 2])
    x = (
        left.segmented_control(
            t("X axis"),
            list(X_AXES),
            format_func=lambda k: t(_AXES[k]),
            default="step",
            key=translated_choice("train.chart.x"),
        )
        or "step"
    )
    weight = right.slider(t("Smoothing"), 0.0, 0.95, 0.6, 0.05, key="train.chart.smoothing")
    per_epoch = int(status.get("steps_per_epoch") or 0) or None
    a, b = st.columns(2)
    for column, metric in ((a, "loss"), (b, "accuracy")):
        fig = step_figure(
            steps, metric, x=x, weight=weight, steps_per_epoch=per_epoch, labels=labels
        )
        show_figure(fig, container=column, width="stretch", key=f"train.chart.step.{metric}")
    epoch_x = "epoch" if x == "step" else x
    a, b = st.columns(2)
    for column, metric in ((a, "loss"), (b, "accuracy")):
        fig = epoch_figure(epochs, metric, x=epoch_x, labels=labels)
        show_figure(fig, container=column, width="stretch", key=f"train.chart.epoch.{metric}")


def _panel(run_id: str, polling: bool) -> None:
    store = RunStore()
    if polling and RunQueue(store).waiting():
        RunQueue(store).start_due()  # whoever looks starts what is due
    if not store.exists(run_id):
        st.info(t("This run was deleted."))
        return
    info = store.get(run_id)
    if (info.state in ACTIVE_STATES) != polling:
        st.rerun()  # started or ended: draw the page again with (or without) the timer
    try:
        config = store.read_config(run_id)
    except (OSError, ValueError):  # damaged since it was listed
        st.info(t("This run was deleted."))
        return
    steps = store.metrics_frame(run_id, "step")
    epochs = store.metrics_frame(run_id, "epoch")
    _status_line(store, run_id, info)
    _controls(store, run_id, info.state)
    # Drawn in page order, with no placeholder filled later: an element that is empty for a
    # moment on every refresh would blink.
    if info.state in ACTIVE_STATES:
        fraction, text = progress_text(info.status, steps, config.training.batch_size)
        st.progress(fraction, text=text)
    _charts(steps, epochs, info.status, info.state in ACTIVE_STATES)
    _results(store, run_id, config, epochs)


def render_run_panel(store: RunStore) -> str | None:
    """Show the live (or latest) run with its curves; returns its id, or None without runs."""
    run_id = shown_run(store)
    if run_id is None:
        st.info(t("No runs yet: press Start to train the network."))
        return None
    live = store.get(run_id).state in ACTIVE_STATES
    panel = st.fragment(_panel, run_every=REFRESH_SECONDS if live else None)
    panel(run_id, live)
    return run_id
