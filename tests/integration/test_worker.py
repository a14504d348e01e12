"""Real worker processes: the CLI, the worker API, stop, SIGTERM, SIGKILL + resume, the queue."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from alexnet.config.run_config import run_config
from alexnet.config.spec import ConvBlock
from alexnet.config.spec_json import spec_to_json
from alexnet.jobs.run_queue import RunQueue, enqueue
from alexnet.store.run_store import RunStore
from tests.paths import REPO_ROOT
from tests.specs import QUICK, TINY
from tests.waiting import wait_for

# Slow enough per batch (~10 ms) that a signal lands inside an epoch, not between two.
WIDER = TINY.replace(conv_blocks=(ConvBlock(filters=32, kernel_size=3, pool=True),) * 2)
TIMEOUT = 90  # seconds; TensorFlow's start-up alone is ~3 s


def _state(store: RunStore, run_id: str) -> str:
    return store.read_status(run_id)["state"]


def _log(store: RunStore, run_id: str) -> str:
    path = store.path(run_id, "worker.log")
    return path.read_text(errors="replace")[-3000:] if path.exists() else ""


def _wait_done(store: RunStore, run_id: str) -> str:
    ended = ("finished", "stopped", "failed", "interrupted")
    wait_for(lambda: _state(store, run_id) in ended, TIMEOUT, f"run {run_id} to end", every=0.05)
    state = _state(store, run_id)
    assert state != "failed", _log(store, run_id)
    return state


def _cli(*args: str, runs: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "alexnet", "--runs-dir", str(runs), *args]
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    return subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT
    )


@pytest.mark.slow
def test_cli_trains_a_small_spec_on_the_shipped_sample(store, tmp_path):
    spec_file = tmp_path / "tiny.json"
    spec_file.write_text(spec_to_json(TINY))
    result = _cli(
        "train",
        "--spec",
        str(spec_file),
        "--sample",
        "--train-size",
        "256",
        "--batch-size",
        "64",
        "--epochs",
        "1",
        "--validation-split",
        "0.25",
        "--name",
        "cli/../run",
        "--tags",
        "cli,tiny",
        runs=store.root,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    run_id = result.stdout.split()[0]
    assert "test accuracy" in result.stdout
    info = store.get(run_id)
    assert (info.state, info.name, info.tags) == ("finished", "cli-.-run", ("cli", "tiny"))
    assert store.read_config(run_id).training.validation_split == 0.25
    status = store.read_status(run_id)
    assert (status["train_images"], status["val_images"]) == (192, 64)  # a quarter held out
    # Accuracy on the 64 held-out images: a whole number of them right.
    assert 64 * store.read_metrics(run_id, "epoch")[0]["val_accuracy"] == pytest.approx(
        round(64 * store.read_metrics(run_id, "epoch")[0]["val_accuracy"])
    )
    listing = _cli("list", runs=store.root)
    assert run_id in listing.stdout and "finished" in listing.stdout


def test_cli_rejects_a_bad_config_with_the_fix_and_creates_no_run(store):
    result = _cli("train", "--sample", "--epochs", "0", runs=store.root)
    assert result.returncode == 2
    assert "at least one epoch" in result.stderr
    assert store.list() == []


# Queues a run as a page does, in a process that has not started TensorFlow, and reports
# whether the call pulled TensorFlow or Keras in.
ENQUEUE = """
import json, sys
from alexnet.jobs.run_queue import enqueue
from alexnet.store.run_store import RunStore
from tests.specs import QUICK, TINY
run_id = enqueue(RunStore(sys.argv[1]), TINY, QUICK, data_source="sample", name="api")
print(json.dumps({"run_id": run_id, "loaded": sorted({"tensorflow", "keras"} & set(sys.modules))}))
"""


@pytest.mark.slow
def test_worker_api_returns_at_once_and_the_run_trains_in_its_own_process(store):
    # "At once": the caller (a page's script thread) does no TensorFlow work at all; a clock
    # would say the same less surely on a busy machine.
    done = subprocess.run(
        [sys.executable, "-c", ENQUEUE, str(store.root)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=TIMEOUT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["loaded"] == []
    run_id = report["run_id"]
    status = store.read_status(run_id)
    assert status["state"] == "running" and status["pid"] != os.getpid()
    assert os.getpgid(status["pid"]) == status["pid"]  # its own process group
    assert _wait_done(store, run_id) == "finished"
    assert store.read_evaluation(run_id)["test_images"] == 1000  # the sample's test images


@pytest.mark.slow
def test_stop_request_ends_a_running_worker_within_one_batch(store):
    config = QUICK.replace(epochs=200)
    run_id = enqueue(store, WIDER, config, data_source="sample")
    wait_for(lambda: len(store.read_metrics(run_id, "step")) >= 3, TIMEOUT, "steps", every=0.05)
    store.request_stop(run_id)
    seen = store.read_metrics(run_id, "step")[-1]["step"]
    assert _wait_done(store, run_id) == "stopped"
    last = store.read_metrics(run_id, "step")[-1]["step"]
    assert last - seen <= 2  # the batch in flight, and at most one whose line was being written
    assert store.checkpoint(run_id).is_file()
    assert not store.stop_file(run_id).exists()


@pytest.mark.slow
def test_sigterm_stops_cleanly_with_a_checkpoint(store):
    run_id = enqueue(store, WIDER, QUICK.replace(epochs=200), data_source="sample")
    wait_for(lambda: len(store.read_metrics(run_id, "step")) >= 3, TIMEOUT, "steps", every=0.05)
    os.kill(store.read_status(run_id)["pid"], signal.SIGTERM)
    assert _wait_done(store, run_id) == "stopped"
    assert store.checkpoint(run_id).is_file()


@pytest.mark.slow
def test_sigkill_mid_epoch_reads_interrupted_keeps_metrics_and_resumes(store):
    config = QUICK.replace(train_size=640, epochs=3)  # 10 batches per epoch
    run_id = enqueue(store, WIDER, config, data_source="sample")

    def in_epoch_two() -> bool:
        return any(r["epoch"] == 2 for r in store.read_metrics(run_id, "step"))

    wait_for(in_epoch_two, TIMEOUT, "epoch 2 to start", every=0.05)
    pid = store.read_status(run_id)["pid"]
    os.killpg(pid, signal.SIGKILL)
    wait_for(lambda: _state(store, run_id) == "interrupted", 120, "the dead worker to be noticed")
    before = store.read_metrics(run_id)
    assert [r["epoch"] for r in before if r["kind"] == "epoch"] == [1]
    assert any(r["kind"] == "step" and r["epoch"] == 2 for r in before)
    result = _cli("resume", run_id, runs=store.root)
    assert result.returncode == 0, result.stderr[-3000:]
    assert _state(store, run_id) == "finished"
    epochs = store.read_metrics(run_id, "epoch")
    assert [r["epoch"] for r in epochs] == [1, 2, 3]
    steps = [r["step"] for r in store.read_metrics(run_id, "step")]
    assert steps == sorted(steps) and steps[-1] == epochs[-1]["step"]


@pytest.mark.slow
def test_queued_runs_wait_their_turn_one_at_a_time(store):
    assert RunQueue(store).max_concurrent == 1
    first = enqueue(store, TINY, QUICK.replace(epochs=2), data_source="sample")
    second = enqueue(store, TINY, QUICK, data_source="sample")
    assert _state(store, first) == "running"
    assert _state(store, second) == "queued"
    assert RunQueue(store).position(second) == 1
    # The first worker starts the second as it ends.
    _wait_done(store, first)
    _wait_done(store, second)
    first_status, second_status = store.read_status(first), store.read_status(second)
    assert second_status["started_at"] >= first_status["ended_at"]


@pytest.mark.slow
def test_a_pair_starts_side_by_side_with_half_the_cores_each(store, monkeypatch):
    from alexnet.jobs.run_queue import enqueue_pair

    monkeypatch.setattr(os, "cpu_count", lambda: 4)  # as on a 4-core laptop: 2 threads each
    a, b = enqueue_pair(
        store,
        (TINY, TINY.with_batch_norm("before_activation")),
        QUICK,
        names=("plain", "bn"),
        data_source="sample",
    )
    statuses = [store.read_status(r) for r in (a, b)]
    assert [s["state"] for s in statuses] == ["running", "running"]
    assert [s["threads"] for s in statuses] == [2, 2]
    assert store.get(a).group == store.get(b).group is not None
    assert [_wait_done(store, r) for r in (a, b)] == ["finished", "finished"]
    assert json.loads(store.path(a, "config.json").read_text())["seed"] == 0


def test_a_run_stopped_while_queued_is_not_trained_by_a_late_worker(store):
    from alexnet.jobs.worker import execute

    run_id = enqueue(store, TINY, QUICK, data_source="sample", start=False)
    store.request_stop(run_id)
    assert execute(store, run_id) == "stopped"
    assert store.read_metrics(run_id) == []


def test_a_failing_run_is_marked_failed_with_the_error_text_and_can_be_resumed(store):
    from alexnet.jobs.worker import execute, prepare_resume

    wide = TINY.replace(input_shape=(48, 48, 3))  # the sample's images are 32x32
    with pytest.raises(ValueError, match="expects 48x48x3 images"):  # refused up front...
        enqueue(store, wide, QUICK, data_source="sample", start=False)
    run_id = store.create(run_config(wide, QUICK))  # ...so made by hand, as an old run might be
    assert execute(store, run_id) == "failed"
    status = store.read_status(run_id)
    assert "expects 48x48x3 images" in status["error"] and "input_shape" in status["error"]
    prepare_resume(store, run_id)
    assert store.read_status(run_id)["state"] == "queued"
    with pytest.raises(ValueError, match="only a stopped, interrupted or failed run"):
        prepare_resume(store, run_id)


def test_cli_stop_and_list_accept_the_runs_dir_after_the_command(store, capsys):
    from alexnet.cli.main import main

    run_id = enqueue(store, TINY, QUICK, data_source="sample", name="waiting", start=False)
    assert main(["stop", run_id, "--runs-dir", str(store.root)]) == 0
    assert main(["list", "--runs-dir", str(store.root)]) == 0
    out = capsys.readouterr().out
    assert f"run {run_id}: stopped" in out and "waiting" in out
    assert main(["stop", "../etc", "--runs-dir", str(store.root)]) == 2
    assert "not a run id" in capsys.readouterr().err


def test_execute_in_a_thread_of_a_process_where_tensorflow_already_runs_still_trains(store):
    import threading

    import tensorflow as tf

    from alexnet.jobs.worker import execute

    tf.constant(1.0) + 1.0  # TensorFlow is up: thread limits can no longer be set
    run_id = enqueue(store, TINY, QUICK, data_source="sample", start=False)
    states: list[str] = []
    thread = threading.Thread(target=lambda: states.append(execute(store, run_id, threads=1)))
    thread.start()
    thread.join(TIMEOUT)
    assert states == ["finished"], store.read_status(run_id)


def _imported(stderr: str) -> set[str]:
    """Module names that `python -X importtime` reports as really imported (not refused)."""
    names = set()
    for line in stderr.splitlines():
        fields = line.split("|")
        # A refused import (None in sys.modules) still gets a line, of a few microseconds.
        timed = line.startswith("import time:") and len(fields) == 3
        if timed and fields[1].strip().isdigit() and int(fields[1]) > 50:
            names.add(fields[2].strip())
    return names


@pytest.mark.slow
def test_a_training_process_goes_without_pandas_and_ipython_and_records_its_peak_memory(store):
    plain = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import keras"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=REPO_ROOT,
    )
    if "pyarrow" not in _imported(plain.stderr):
        pytest.skip("Keras does not import pandas here (pandas is not installed)")
    command = [
        sys.executable,
        "-X",
        "importtime",
        "-m",
        "alexnet",
        "--runs-dir",
        str(store.root),
        "train",
        "--preset",
        "cifar10_alexnet",
        "--sample",
        "--train-size",
        "64",
        "--batch-size",
        "32",
        "--epochs",
        "1",
    ]
    result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr[-3000:]
    imported = _imported(result.stderr)
    assert "tensorflow" in imported
    assert not {"pyarrow", "pandas.core.frame", "IPython.core"} & imported
    status = store.read_status(result.stdout.split()[0])
    assert status["state"] == "finished"
    assert 300 < status["peak_memory_mb"] < 4000  # MiB: TensorFlow alone is over 300
