"""The queue splits the cores between runs that train side by side, with the one tested rule."""

from __future__ import annotations

import pytest

from alexnet.config.presets import CIFAR10_ALEXNET, CIFAR10_ALEXNET_BN
from alexnet.jobs import run_queue
from alexnet.jobs.run_queue import RunQueue, enqueue, enqueue_pair, threads_for_share
from tests.specs import QUICK, TINY


def test_threads_for_share_splits_the_cores_and_never_goes_below_one():
    assert threads_for_share(2, cpu_count=8) == 4
    assert threads_for_share(3, cpu_count=8) == 2  # 8 / 3 rounded down
    assert threads_for_share(2, cpu_count=2) == 1
    assert threads_for_share(4, cpu_count=2) == 1  # more runs than cores still get a thread
    with pytest.raises(ValueError, match="share"):
        threads_for_share(0)


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int | None]]:
    """The (run id, threads) of every worker the queue starts; none really starts."""
    calls: list[tuple[str, int | None]] = []

    def start_worker(store, run_id, *, threads=None):
        calls.append((run_id, threads))
        store.write_status(run_id, state="running", pid=None)
        return 0

    monkeypatch.setattr(run_queue, "start_worker", start_worker)
    monkeypatch.setattr(run_queue.os, "cpu_count", lambda: 8)
    return calls


def test_a_pair_starts_side_by_side_with_half_the_cores_each(store, started):
    pair = enqueue_pair(
        store, (CIFAR10_ALEXNET, CIFAR10_ALEXNET_BN), QUICK, data_source="sample", start=False
    )
    RunQueue(store).start_due()
    assert sorted(started) == sorted((run_id, 4) for run_id in pair)  # 8 cores for 2 runs


def test_a_run_of_its_own_keeps_every_core(store, started):
    run_id = enqueue(store, TINY, QUICK, data_source="sample", start=False)
    RunQueue(store).start_due()
    assert started == [(run_id, None)]  # None: TensorFlow's own choice, all cores
