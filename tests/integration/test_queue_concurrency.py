"""Several processes queueing and starting runs at the same instant, as two browser sessions
(each its own Streamlit script thread) or a session and a finishing worker would.

Each racer is a real process that waits for the same start time, then calls the queue; the
workers they start are real too, and are killed at the end of each test.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from alexnet.config.training import TrainConfig
from alexnet.jobs.run_queue import RunQueue, enqueue
from alexnet.store.files import exclusive_file
from alexnet.store.processes import is_process_alive
from alexnet.store.run_store import LIVE_STATES, RunStore
from tests.paths import REPO_ROOT
from tests.processes import dead_pid
from tests.specs import TINY

RACERS = 4
LONG = TrainConfig(train_size=256, batch_size=64, epochs=100, log_every_steps=1)

# A racer: wait for the common start time, do one queue call, print the workers it started.
RACER = """
import json, sys, time
import alexnet.jobs.run_queue as q
from alexnet.store.run_store import RunStore
from alexnet.config.spec_json import spec_from_json
from alexnet.config.training import config_from_dict

root, action, start_at, spec, config, lock = sys.argv[1:7]
if lock == "exclusive-file":  # as on Windows, where fcntl does not exist
    import alexnet.store.files
    alexnet.store.files.fcntl = None
store = RunStore(root)
pids = []
real_start = q.start_worker
q.start_worker = lambda *a, **k: pids.append(real_start(*a, **k)) or pids[-1]
spec, config = spec_from_json(spec), config_from_dict(json.loads(config))
while time.time() < float(start_at):
    pass
if action == "start_due":
    started = q.RunQueue(store).start_due()
else:
    q.enqueue(store, spec, config, data_source="sample", name=action)
    started = []
print(json.dumps({"started": started, "pids": pids}))
"""


def _race(store: RunStore, actions: list[str], lock: str) -> list[dict]:
    """Run one racer per action, all released at the same moment; their JSON reports."""
    from dataclasses import asdict

    from alexnet.config.spec_json import spec_to_json

    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "TF_CPP_MIN_LOG_LEVEL": "2"}
    start_at = time.time() + 3.0  # enough for every racer to import and wait
    racers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                RACER,
                str(store.root),
                action,
                str(start_at),
                spec_to_json(TINY),
                json.dumps(asdict(LONG)),
                lock,
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for action in actions
    ]
    reports = []
    for racer in racers:
        out, err = racer.communicate(timeout=60)
        assert racer.returncode == 0, err[-2000:]
        reports.append(json.loads(out.strip().splitlines()[-1]))
    return reports


def _live_workers(reports: list[dict]) -> list[int]:
    return [pid for r in reports for pid in r["pids"] if is_process_alive(pid)]


LOCKS = pytest.mark.parametrize("lock", ["fcntl", "exclusive-file"])


@LOCKS
def test_racing_queue_lookers_start_a_queued_run_exactly_once(store, lock):
    run_id = enqueue(store, TINY, LONG, data_source="sample", start=False)
    reports = _race(store, ["start_due"] * RACERS, lock)
    try:
        started = [run for r in reports for run in r["started"]]
        pids = [pid for r in reports for pid in r["pids"]]
        assert started == [run_id], reports  # one racer started it, the others saw it taken
        assert len(pids) == 1
        assert store.read_status(run_id)["pid"] == pids[0]
    finally:
        for pid in _live_workers(reports):
            os.killpg(pid, signal.SIGKILL)


@LOCKS
def test_sessions_queueing_at_once_get_one_run_each_and_only_max_concurrent_train(store, lock):
    RunQueue(store).set_max_concurrent(1)
    reports = _race(store, [f"session {i}" for i in range(RACERS)], lock)
    try:
        infos = store.list()
        assert sorted(i.name for i in infos) == [f"session {i}" for i in range(RACERS)]
        assert len({i.run_id for i in infos}) == RACERS
        states = sorted(i.state for i in infos)
        assert states == ["queued"] * (RACERS - 1) + ["running"], states
        assert len(_live_workers(reports)) == 1
        # Each run keeps its own config: no mix-up between the sessions' runs.
        for info in infos:
            assert store.read_config(info.run_id).spec.name == "tiny"
        # The queue order is the order they were created in, with no duplicates.
        waiting = RunQueue(store).waiting()
        assert [RunQueue(store).position(i.run_id) for i in waiting] == list(range(1, RACERS))
        assert not any(i.state in LIVE_STATES for i in waiting)
    finally:
        for pid in _live_workers(reports):
            os.killpg(pid, signal.SIGKILL)


# --- the lock-file lock used where fcntl does not exist -------------------------------------
def test_a_lock_file_left_by_a_killed_process_is_taken_over(tmp_path):
    lock = tmp_path / ".queue.lock.held"
    lock.write_text(json.dumps([dead_pid(), 12345.0]))
    started = time.monotonic()
    with exclusive_file(lock, timeout=5):
        assert json.loads(lock.read_text())[0] == os.getpid()
    assert time.monotonic() - started < 2 and not lock.exists()


def test_an_old_lock_file_without_a_holder_name_is_taken_over(tmp_path):
    lock = tmp_path / ".lock.held"
    lock.write_text("")
    old = time.time() - 60
    os.utime(lock, (old, old))
    with exclusive_file(lock, timeout=5):
        pass
    assert not lock.exists()


def test_a_live_holder_is_waited_for_and_never_overtaken(tmp_path):
    lock = tmp_path / ".lock.held"
    order: list[str] = []
    holding = threading.Event()

    def holder() -> None:
        with exclusive_file(lock):
            holding.set()
            time.sleep(0.5)
            order.append("holder done")

    thread = threading.Thread(target=holder)
    thread.start()
    holding.wait(5)
    with exclusive_file(lock):
        order.append("waiter in")
    thread.join()
    assert order == ["holder done", "waiter in"]
    with exclusive_file(lock), pytest.raises(TimeoutError, match="delete that file"):
        # A second holder (another thread of this live process) gives up after the timeout.
        result: list[BaseException] = []
        other = threading.Thread(target=lambda: _try_lock(lock, result))
        other.start()
        other.join()
        raise result[0]


def _try_lock(lock: Path, result: list[BaseException]) -> None:
    try:
        with exclusive_file(lock, timeout=0.3):
            pass
    except BaseException as error:
        result.append(error)
