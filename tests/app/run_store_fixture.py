"""A run store holding one run in each state the pages must show, built through the RunStore API.

The finished runs are trained for real (a tiny network, two short epochs, on the shipped
sample); the others reuse those metrics lines and only differ in their status, so the pages
render every state without waiting for more training.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from alexnet.config.run_config import run_config
from alexnet.config.training import TUTORIAL_DEFAULTS
from alexnet.jobs.worker import execute
from alexnet.store.processes import process_start_time
from alexnet.store.run_store import RunStore
from tests.app.trained_run import TINY_CONFIG
from tests.specs import TINY

DAMAGED_ID = "20200101-000000-dead00"


@dataclass(frozen=True)
class StoreRuns:
    root: Path
    finished: str  # trained for real, with checkpoints and evaluation
    tutorial: str  # the tutorial's TrainConfig (the reference), finished
    stopped: str
    failed: str
    running: str  # status says running, with this test process as its live "worker"
    damaged: str = DAMAGED_ID


def _copy_metrics(store: RunStore, source: str, target: str, epochs: int | None = None) -> None:
    """Copy the metrics lines, all of them or up to the end of epoch `epochs`."""
    lines = store.path(source, "metrics.jsonl").read_text(encoding="utf-8").splitlines(True)
    if epochs is not None:
        ends = [i for i, line in enumerate(lines) if '"kind": "epoch"' in line]
        lines = lines[: ends[epochs - 1] + 1]
    store.path(target, "metrics.jsonl").write_text("".join(lines), encoding="utf-8")


def build_store(root: Path) -> StoreRuns:
    """Create the runs under `root` (takes a few seconds: one real short training run).

    Args:
        root: an empty runs directory.
    """
    store = RunStore(root)
    config = TINY_CONFIG.replace(epochs=2, log_every_steps=2)
    finished = store.create(run_config(TINY, config), name="tiny finished", tags=["base"])
    if execute(store, finished, threads=1) != "finished":
        raise RuntimeError(f"the fixture run ended {store.read_status(finished)}")

    tutorial = store.create(run_config(TINY, TUTORIAL_DEFAULTS), name="tutorial recipe")
    _copy_metrics(store, finished, tutorial)
    store.write_status(tutorial, state="finished", started_at=1.0, ended_at=61.0)

    stopped = store.create(run_config(TINY, config), name="tiny stopped")
    _copy_metrics(store, finished, stopped)
    shutil.copy(store.checkpoint(finished, "last"), store.checkpoint(stopped, "last"))
    store.write_status(stopped, state="stopped", started_at=1.0, ended_at=31.0, epoch=1)

    failed = store.create(run_config(TINY, config), name="tiny failed")
    store.write_status(failed, state="failed", error="ValueError: the data ran out")

    running = store.create(run_config(TINY, config), name="tiny running")
    _copy_metrics(store, finished, running, epochs=1)
    pid = os.getpid()
    store.write_status(
        running, state="running", pid=pid, pid_start=process_start_time(pid), epoch=1, epochs=2
    )

    damaged = root / DAMAGED_ID
    damaged.mkdir()
    (damaged / "status.json").write_text("{not json", encoding="utf-8")
    return StoreRuns(root, finished, tutorial, stopped, failed, running)
