"""A run whose worker process is gone reads 'interrupted', checked against a real dead process."""

from __future__ import annotations

import subprocess
import sys

from alexnet.config.presets import CIFAR10_ALEXNET
from alexnet.config.run_config import run_config
from alexnet.config.training import TUTORIAL_DEFAULTS


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()  # reaped: the pid now names no process
    return process.pid


def test_a_running_status_whose_process_is_gone_reads_interrupted(store):
    run_id = store.create(run_config(CIFAR10_ALEXNET, TUTORIAL_DEFAULTS))
    store.write_status(run_id, state="running", pid=_dead_pid(), pid_start=1.0)
    status = store.read_status(run_id)
    assert status["state"] == "interrupted" and "resume" in status["error"]
    assert store.get(run_id).state == "interrupted"
