"""The queue's arithmetic, without starting a worker: how many threads each started run gets."""

from __future__ import annotations

import os

import pytest

from alexnet.config.run_config import run_config
from alexnet.jobs import run_queue
from alexnet.jobs.run_queue import RunQueue
from alexnet.store.run_store import RunStore
from tests.specs import QUICK, TINY


def _queue(store: RunStore, runs: int, group: str | None) -> None:
    for _ in range(runs):
        run_id = store.create(run_config(TINY, QUICK, data_source="sample"), group=group)
        store.write_status(run_id, queued_at=0.0)


# Worked by hand: the cores are split evenly among the runs that may train at once (the runs
# of a slot times the slots); a run alone in the only slot keeps TensorFlow's default (None).
@pytest.mark.parametrize(
    ("cores", "slots", "pair", "threads"),
    [
        (8, 1, True, [4, 4]),  # a pair halves the machine
        (8, 2, True, [2, 2]),  # one of two slots, shared by a pair: a quarter each
        (8, 2, False, [4]),  # one of two slots, alone in it: half the machine
        (8, 1, False, [None]),  # alone on the machine: TensorFlow decides
        (2, 1, True, [1, 1]),  # a 2-core laptop: a core each
        (3, 1, True, [1, 1]),  # an odd core is left over, not shared out
        (1, 1, True, [1, 1]),  # never below one thread
        (None, 1, True, [1, 1]),  # a system that cannot say how many cores it has
    ],
)
def test_each_run_that_may_train_at_once_gets_an_equal_share_of_the_cores(
    store, monkeypatch, cores, slots, pair, threads
):
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    given: list[int | None] = []

    def start_worker(store, run_id, *, threads=None):
        given.append(threads)
        return 0

    monkeypatch.setattr(run_queue, "start_worker", start_worker)
    RunQueue(store).set_max_concurrent(slots)
    _queue(store, 2 if pair else 1, "pair-1" if pair else None)
    RunQueue(store).start_due()
    assert given == threads


def test_threads_for_share_splits_the_cores_and_never_goes_below_one():
    from alexnet.jobs.run_queue import threads_for_share

    assert threads_for_share(2, cpu_count=8) == 4
    assert threads_for_share(3, cpu_count=8) == 2  # 8 / 3 rounded down
    assert threads_for_share(4, cpu_count=2) == 1  # more runs than cores still get a thread
    with pytest.raises(ValueError, match="share"):
        threads_for_share(0)
