"""A run whose worker process is gone reads 'interrupted', checked against a real dead process."""

from __future__ import annotations

from alexnet.config.presets import CIFAR10_ALEXNET
from alexnet.config.run_config import run_config
from alexnet.config.training import TUTORIAL_DEFAULTS
from tests.processes import dead_pid


def test_a_running_status_whose_process_is_gone_reads_interrupted(store):
    run_id = store.create(run_config(CIFAR10_ALEXNET, TUTORIAL_DEFAULTS))
    store.write_status(run_id, state="running", pid=dead_pid(), pid_start=1.0)
    status = store.read_status(run_id)
    assert status["state"] == "interrupted" and "resume" in status["error"]
    assert store.get(run_id).state == "interrupted"
