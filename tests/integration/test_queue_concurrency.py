"""Several processes queueing and starting runs at the same instant, as two browser sessions
(each its own Streamlit script thread) or a session and a finishing worker would.

Each racer is a real process that calls the queue; the workers they start are real too, and
are killed at the end of each test. They race for real, also on a 2-core machine: while the
racers start up, this test holds the queue's lock itself; each racer says when it reaches
the lock, and only once all of them wait there is the lock let go. So every racer is inside
its queue call, waiting on the same lock, before any of them gets it (no racer spins on a
core meanwhile), and the times they report prove it, as well as that no two ever held the
lock at once.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import alexnet.store.files
from alexnet.config.training import TrainConfig
from alexnet.jobs.run_queue import RunQueue, enqueue
from alexnet.store.files import UNREADABLE_LOCK_SECONDS, exclusive_file
from alexnet.store.processes import is_process_alive
from alexnet.store.run_store import LIVE_STATES, RunStore
from tests.paths import REPO_ROOT
from tests.processes import dead_pid
from tests.specs import TINY
from tests.waiting import wait_for

RACERS = 4
LONG = TrainConfig(train_size=256, batch_size=64, epochs=100, log_every_steps=1)

# A racer: one queue call, its moments at the queue's lock (time.monotonic is one clock for
# every process of the machine), and the workers it started.
RACER = """
import contextlib, json, os, pathlib, sys, time
import alexnet.jobs.run_queue as q
from alexnet.store.run_store import RunStore
from alexnet.config.spec_json import spec_from_json
from alexnet.config.training import config_from_dict

root, action, gate, spec, config, lock = sys.argv[1:7]
if lock == "exclusive-file":  # as on Windows, where fcntl does not exist
    import alexnet.store.files
    alexnet.store.files.fcntl = None
store = RunStore(root)
pids, moments = [], {}
real_start, real_lock = q.start_worker, q.file_lock
q.start_worker = lambda *a, **k: pids.append(real_start(*a, **k)) or pids[-1]

@contextlib.contextmanager
def watched_lock(path):
    moments["waiting"] = time.monotonic()
    pathlib.Path(gate, f"{os.getpid()}.waiting").touch()
    with real_lock(path):
        moments["acquired"] = time.monotonic()
        try:
            yield
        finally:
            moments["released"] = time.monotonic()

q.file_lock = watched_lock
spec, config = spec_from_json(spec), config_from_dict(json.loads(config))
if action == "start_due":
    started = q.RunQueue(store).start_due()
else:
    q.enqueue(store, spec, config, data_source="sample", name=action)
    started = []
print(json.dumps({"started": started, "pids": pids, **moments}))
"""


def _race(store: RunStore, actions: list[str], lock: str, gate: Path) -> list[dict]:
    """Run one racer per action, all waiting on the queue's lock before any gets it."""
    from dataclasses import asdict

    from alexnet.config.spec_json import spec_to_json

    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "TF_CPP_MIN_LOG_LEVEL": "2"}
    gate.mkdir()

    def start(action: str) -> subprocess.Popen:
        arguments = [str(store.root), action, str(gate), spec_to_json(TINY)]
        arguments += [json.dumps(asdict(LONG)), lock]
        return subprocess.Popen(
            [sys.executable, "-c", RACER, *arguments], cwd=REPO_ROOT, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

    with _holding_the_queue_lock(store, lock):
        racers = [start(action) for action in actions]

        def all_waiting() -> bool:
            for racer in racers:
                if racer.poll() is not None:  # ended early: say why
                    raise AssertionError(racer.communicate()[1][-3000:])
            return len(list(gate.glob("*.waiting"))) == len(racers)

        wait_for(all_waiting, 120, "every racer to reach the queue's lock", every=0.05)
        released = time.monotonic()
    reports = []
    for racer in racers:
        out, err = racer.communicate(timeout=120)
        assert racer.returncode == 0, err[-2000:]
        reports.append(json.loads(out.strip().splitlines()[-1]))
    # A real race: every racer waited on the lock before this test let it go, and then they
    # held it one after another, never two at once.
    assert all(r["waiting"] < released < r["acquired"] for r in reports), (released, reports)
    held = sorted((r["acquired"], r["released"]) for r in reports)
    assert all(end <= start for (_, end), (start, _) in itertools.pairwise(held)), held
    return reports


@contextlib.contextmanager
def _holding_the_queue_lock(store: RunStore, lock: str):
    """Hold the queue's lock in this process, taken the way the racers take it."""
    saved = alexnet.store.files.fcntl
    if lock == "exclusive-file":
        alexnet.store.files.fcntl = None
    try:
        with RunQueue(store)._lock():
            yield
    finally:
        alexnet.store.files.fcntl = saved


def _live_workers(reports: list[dict]) -> list[int]:
    return [pid for r in reports for pid in r["pids"] if is_process_alive(pid)]


LOCKS = pytest.mark.parametrize("lock", ["fcntl", "exclusive-file"])


@LOCKS
def test_racing_queue_lookers_start_a_queued_run_exactly_once(store, lock, tmp_path):
    run_id = enqueue(store, TINY, LONG, data_source="sample", start=False)
    reports = _race(store, ["start_due"] * RACERS, lock, tmp_path / "gate")
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
def test_sessions_queueing_at_once_get_one_run_each_and_only_max_concurrent_train(
    store, lock, tmp_path
):
    RunQueue(store).set_max_concurrent(1)
    reports = _race(store, [f"session {i}" for i in range(RACERS)], lock, tmp_path / "gate")
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
    # Taken over because its holder is gone, not because the file got old: an unnamed holder's
    # file counts as stale only after UNREADABLE_LOCK_SECONDS, and this wait gives up sooner
    # (TimeoutError) where a live holder is assumed. No clock needed, however busy the machine.
    with exclusive_file(lock, timeout=UNREADABLE_LOCK_SECONDS / 2):
        assert json.loads(lock.read_text())[0] == os.getpid()
    assert not lock.exists()


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
    assert holding.wait(60)
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
