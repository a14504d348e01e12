"""Ending the training workers a test started, whatever the test did."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

from alexnet.store.processes import is_process_alive
from alexnet.store.run_store import RunStore


def kill_workers(runs_dir: Path, timeout: float = 30) -> None:
    """End every training worker of a runs folder (each runs in its own process group).

    A run whose "worker" is this test process (a test's stand-in for a training run) is
    left alone.
    """
    infos = RunStore(runs_dir).list()
    workers = [(i.status.get("pid"), i.status.get("pid_start")) for i in infos]
    workers = [(pid, start) for pid, start in workers if pid != os.getpid()]
    for pid, start in workers:
        if is_process_alive(pid, start):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while any(is_process_alive(p, s) for p, s in workers) and time.monotonic() < deadline:
        time.sleep(0.3)
    for pid, start in workers:  # still there: no more asking
        if is_process_alive(pid, start):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
