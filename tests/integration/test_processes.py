"""What the app server does with the workers it starts: it reaps them, and starts one
experiment at a time even when two sessions press Start at once."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from alexnet.config.checks import ConfigError
from alexnet.config.run_config import run_config
from alexnet.jobs import bn_experiment
from alexnet.jobs.bn_experiment import latest_experiment, start_experiment
from alexnet.jobs.run_queue import enqueue
from alexnet.store.processes import process_start_time
from alexnet.store.run_store import ACTIVE_STATES, RunStore
from tests.app.pages import SPEC_KEY, page_file
from tests.specs import QUICK, TINY
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
    wait_for(lambda: not any(_zombie(pid) for pid in pids), 60, "the workers to be reaped")


@pytest.mark.slow
def test_a_run_queued_behind_a_killed_worker_starts_when_the_train_page_looks(runs_dir):
    # A worker starts the next queued run as it ends; one that is killed cannot. The queue
    # must not stay stuck: the next page that looks starts it.
    store = RunStore(runs_dir)
    killed = enqueue(store, TINY, QUICK.replace(epochs=200), data_source="sample", name="killed")
    behind = enqueue(store, TINY, QUICK, data_source="sample", name="behind it")
    assert [store.get(r).state for r in (killed, behind)] == ["running", "queued"]
    wait_for(lambda: store.read_metrics(killed, "step"), 120, "the first run's first steps")
    os.killpg(store.read_status(killed)["pid"], signal.SIGKILL)
    wait_for(lambda: store.get(killed).state == "interrupted", 60, "the kill to be noticed")
    assert store.get(behind).state == "queued"  # nobody has looked yet

    at = AppTest.from_file(TRAIN_PAGE, default_timeout=120)
    at.session_state[SPEC_KEY] = TINY
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    status = store.read_status(behind)
    assert status["state"] == "running" and status["pid"] != os.getpid()
    wait_for(lambda: store.get(behind).state == "finished", 180, "the queued run to finish")
    assert store.get(killed).state == "interrupted"  # left for the user to resume


def test_of_two_experiment_starts_at_the_same_moment_exactly_one_proceeds(store, monkeypatch):
    # A real race, also on one core: this test holds the experiment's lock until both starts
    # wait on it, so both are inside start_experiment before either may look. A run of this
    # process holds the queue's only slot, so the experiment's runs queue instead of starting
    # workers (queued counts as running for a new experiment).
    holder = store.create(run_config(TINY, QUICK, data_source="sample"), name="slot holder")
    me = os.getpid()
    store.write_status(holder, state="running", pid=me, pid_start=process_start_time(me))
    waiting: list[str] = []
    real_lock = bn_experiment.file_lock

    @contextlib.contextmanager
    def watched_lock(path):
        waiting.append(threading.current_thread().name)
        with real_lock(path):
            yield

    monkeypatch.setattr(bn_experiment, "file_lock", watched_lock)
    outcomes: list[object] = []

    def press_start() -> None:
        try:
            outcomes.append(start_experiment(store, train_size=500, epochs=20))
        except ConfigError as error:
            outcomes.append(error)

    threads = [threading.Thread(target=press_start) for _ in range(2)]
    with real_lock(store.root / bn_experiment.LOCK_FILE):
        for thread in threads:
            thread.start()
        wait_for(lambda: len(waiting) == 2, 60, "both starts to wait on the lock", every=0.01)
    for thread in threads:
        thread.join(timeout=60)
    refused = [o for o in outcomes if isinstance(o, ConfigError)]
    assert len(outcomes) == 2 and len(refused) == 1, outcomes
    assert "An experiment is still running (2 of its runs are queued" in str(refused[0])
    experiment = latest_experiment(store)
    assert len(experiment) == 2  # one pair, not two
    assert [i.state for i in experiment] == ["queued", "queued"]
    assert sorted(i.run_id for i in store.list()) == sorted(
        [holder, *(i.run_id for i in experiment)]
    )
