"""What the app server does with the workers it starts: it reaps them, and starts one
experiment at a time even when two sessions press Start at once."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from alexnet.config.checks import ConfigError
from alexnet.jobs.bn_experiment import latest_experiment, start_experiment
from alexnet.store.run_store import ACTIVE_STATES, RunStore
from tests.app.pages import page_file
from tests.waiting import wait_for

TRAIN_PAGE = page_file("train")


def _zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False  # gone: reaped
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_workers_started_from_the_page_are_reaped_when_they_end(runs_dir):
    store = RunStore(runs_dir)
    at = AppTest.from_file(TRAIN_PAGE, default_timeout=120).run()
    pids = []
    for _ in range(3):  # one after another, as a user starts runs during a lesson
        at.number_input(key="train.sanity.images").set_value(64)
        at.button(key="train.sanity").click().run()
        assert not at.exception, [e.value for e in at.exception]
        newest = store.list()[0]
        wait_for(lambda r=newest.run_id: store.get(r).state not in ACTIVE_STATES, 120, "a run")
        assert store.get(newest.run_id).state == "finished", store.read_status(newest.run_id)
        pids.append(store.read_status(newest.run_id)["pid"])
    assert len(set(pids)) == 3
    wait_for(lambda: not any(_zombie(pid) for pid in pids), 10, "the workers to be reaped")


def test_of_two_experiment_starts_at_the_same_moment_exactly_one_proceeds(store):
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def press_start() -> None:
        barrier.wait()
        try:
            outcomes.append(start_experiment(store, train_size=500, epochs=20))
        except ConfigError as error:
            outcomes.append(error)

    threads = [threading.Thread(target=press_start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    refused = [o for o in outcomes if isinstance(o, ConfigError)]
    assert len(outcomes) == 2 and len(refused) == 1, outcomes
    assert "An experiment is still running" in str(refused[0])
    assert len(store.list()) == 2  # one pair, not two
    for info in latest_experiment(store):
        store.request_stop(info.run_id)
    time.sleep(0.1)
