"""A run's inside records: written by a real worker, kept through kill -9 and a resume without a
step twice, and readable by TensorBoard's own event reader."""

from __future__ import annotations

import json
import os
import signal

import numpy as np
import pytest

from alexnet.jobs.run_queue import enqueue, resume_run
from alexnet.store.inside import INSIDE_FILE, inside_records, median_drift
from tests.specs import QUICK, TINY_BN
from tests.waiting import wait_for

pytestmark = pytest.mark.slow

# 640 images in batches of 64: 10 steps an epoch, records after steps 2, 5, 8 and 10 of each.
CONFIG = QUICK.replace(train_size=640, epochs=3, inside_records_per_epoch=4)


def _raw_steps(store, run_id) -> list[int]:
    path = store.path(run_id, INSIDE_FILE)
    return [json.loads(line)["step"] for line in path.read_text().splitlines()]


def _state(store, run_id) -> str:
    return store.read_status(run_id)["state"]


def test_records_survive_a_kill_and_a_resume_with_no_step_twice(store):
    run_id = enqueue(store, TINY_BN, CONFIG, data_source="sample")

    def recorded_into_epoch_two() -> bool:
        return store.checkpoint(run_id).is_file() and max(_raw_steps(store, run_id)) > 10

    wait_for(recorded_into_epoch_two, 240, "records from epoch 2 after a checkpoint")
    os.killpg(store.read_status(run_id)["pid"], signal.SIGKILL)
    wait_for(lambda: _state(store, run_id) == "interrupted", 30, "the kill to be noticed")
    assert 0 in _raw_steps(store, run_id)

    resume_run(store, run_id)
    wait_for(lambda: _state(store, run_id) not in ("queued", "running"), 300, "the resumed run")
    assert _state(store, run_id) == "finished", store.read_status(run_id)
    steps = _raw_steps(store, run_id)  # the file itself, not a reader that merges repeats
    assert steps == sorted(set(steps)), steps
    assert steps == [0, 2, 5, 8, 10, 12, 15, 18, 20, 22, 25, 28, 30]
    records = inside_records(store, run_id)
    assert [r["step"] for r in records] == steps
    # Every block's activation input, before and after batch normalization, every record.
    for record in records:
        assert set(record["layers"]) == {"conv1", "conv2", "fc1", "predictions"}
        assert {"input", "before_bn", "zero_share"} <= set(record["layers"]["conv1"])
    assert records[0]["layers"]["conv1"]["update_ratio"] is None  # no step before step 0
    assert records[-1]["layers"]["conv1"]["update_ratio"] > 0
    assert median_drift(records, "conv1", "before_bn")["moved"] > 0


def test_the_histograms_are_readable_with_tensorboards_event_reader(store):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    run_id = enqueue(store, TINY_BN, CONFIG.replace(epochs=1), data_source="sample")
    wait_for(lambda: _state(store, run_id) not in ("queued", "running"), 240, "the run")
    assert _state(store, run_id) == "finished", store.read_status(run_id)
    events = EventAccumulator(str(store.path(run_id, "tensorboard/inside")), size_guidance={})
    events.Reload()
    tags = set(events.Tags()["tensors"])
    assert {"conv1/input", "conv2/input", "fc1/input"} <= tags
    records = {r["step"]: r for r in inside_records(store, run_id)}
    histograms = events.Tensors("conv1/input")
    assert sorted(event.step for event in histograms) == sorted(records)
    for event in histograms:
        buckets = np.frombuffer(event.tensor_proto.tensor_content, dtype=np.float64).reshape(-1, 3)
        if not len(buckets):
            buckets = np.array(event.tensor_proto.double_val).reshape(-1, 3)
        left, right, counts = buckets[:, 0], buckets[:, 1], buckets[:, 2]
        recorded = records[event.step]["layers"]["conv1"]["input"]
        # The histogram spans the recorded percentiles, and its median bucket holds p50.
        assert left.min() <= recorded["p15"] <= recorded["p85"] <= right.max()
        cumulative = np.cumsum(counts) / counts.sum()
        median_bucket = int(np.searchsorted(cumulative, 0.5))
        assert left[median_bucket] - 1e-6 <= recorded["p50"] <= right[median_bucket] + 1e-6


def test_recording_inside_does_not_change_what_the_network_learns(store):
    from alexnet.config.run_config import run_config
    from alexnet.training.fit import train_run

    config = CONFIG.replace(epochs=1)
    losses = {}
    for records in (0, 4):
        run_id = store.create(
            run_config(TINY_BN, config.replace(inside_records_per_epoch=records)), name="x"
        )
        train_run(store, run_id)
        losses[records] = [r["loss"] for r in store.read_metrics(run_id, "step")]
    assert len(losses[0]) == 10
    assert losses[4] == losses[0]  # bit for bit: the probe puts every weight back
