"""Starting a run from the Train page: the core's one start check, then the run store's queue.

A run that cannot work is refused by `alexnet.jobs.run_queue.check_run` (the ImageNet network
on 32x32 CIFAR-10 photos, a subset larger than the data, a batch larger than the subset) with
a message that says what to change; the page only shows it. Starting only creates a queued
run; the queue starts a worker process for it when a slot is free.
"""

from __future__ import annotations

import streamlit as st

from alexnet.config.spec import ModelSpec
from alexnet.config.training import TrainConfig
from alexnet.data.compatibility import WRONG_SIZE
from alexnet.data.summary import DataSummary
from alexnet.jobs.run_queue import enqueue
from alexnet.store.run_store import RunStore
from ui.access import visitor_address
from ui.i18n import error_text, t
from ui.train.run_panel import RUN_KEY


def queue_run(store: RunStore, spec: ModelSpec, config: TrainConfig, name: str, **data) -> None:
    """Queue a run and show it, or say why it cannot start.

    Args:
        name: the run's name.
        **data: `data_source`, `data_path` and `data` (the counted images), as for `enqueue`.
    """
    try:
        run_id = enqueue(store, spec, config, name=name, started_from=visitor_address(), **data)
    except (OSError, ValueError) as error:
        message = t("The run could not be started: {error}").format(error=error_text(error))
        if getattr(error, "template", None) == WRONG_SIZE:
            message += " " + t(
                "The random-data sanity test below makes images of the network's own size."
            )
        st.error(message)
        return
    st.session_state[RUN_KEY] = run_id
    if store.get(run_id).state == "queued":
        st.toast(t("Another run is training: this one waits in the queue."))
    st.rerun()  # draw the page again with the new run's curves at the top


def start_training(
    store: RunStore, spec: ModelSpec, config: TrainConfig, data: DataSummary
) -> None:
    """Queue a run on the chosen CIFAR-10 (or the sample), or show why it cannot train.

    Args:
        data: the chosen data, as counted by the page.
    """
    queue_run(
        store, spec, config, spec.name, data_source=data.source, data_path=data.path, data=data
    )
