"""The command line's paths around training that a user meets at a terminal.

Ctrl+C on `train` and on `experiment bn` (once: stop; twice: leave the runs and exit 130),
`train --background` and `resume --background` ending well, the question `delete` asks,
an error nobody foresaw (exit 1, one line), and an experiment whose runs fail. Each runs
`python -m alexnet` in a real subprocess, as a terminal does.

Where a test needs runs that stay queued or busy for as long as it likes, this test process
stands in for their worker (a live pid that never trains), as the page tests' fixtures do.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from alexnet.config.run_config import run_config
from alexnet.config.spec_json import spec_to_json
from alexnet.jobs.bn_experiment import latest_experiment
from alexnet.jobs.worker import execute
from alexnet.store.processes import process_start_time
from alexnet.store.run_store import RunStore
from tests.cli_runner import RunningCommand, run_cli, run_cli_at_a_terminal
from tests.paths import REPO_ROOT
from tests.specs import QUICK, TINY
from tests.waiting import wait_for

pytestmark = pytest.mark.slow


@pytest.fixture
def tiny_spec(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.json"
    path.write_text(spec_to_json(TINY), encoding="utf-8")
    return path


def _held_by_this_process(store: RunStore, run_id: str, state: str = "running") -> None:
    me = os.getpid()
    store.write_status(run_id, state=state, pid=me, pid_start=process_start_time(me))


def _slot_holder(store: RunStore) -> str:
    """A run 'training' in this process: the queue's only slot is taken, new runs queue."""
    run_id = store.create(run_config(TINY, QUICK, data_source="sample"), name="slot holder")
    _held_by_this_process(store, run_id)
    return run_id


# --- Ctrl+C ---------------------------------------------------------------------------------
def test_ctrl_c_on_train_stops_after_the_batch_with_a_checkpoint_and_exits_zero(store, tiny_spec):
    command = RunningCommand(
        "train", "--spec", str(tiny_spec), "--sample", "--train-size", "256",
        "--batch-size", "64", "--epochs", "200", runs=store.root,
    )  # fmt: skip
    run_id = command.wait_for_line("").strip()  # the first line: the run id
    wait_for(lambda: store.read_metrics(run_id, "step"), 120, "the first steps")
    command.interrupt()
    done = command.finish()
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "stopping after this batch (Ctrl+C again to quit at once)" in lines
    assert f"run {run_id}: stopped" in lines
    assert store.read_status(run_id)["state"] == "stopped"
    assert store.checkpoint(run_id, "last").is_file()
    assert not store.stop_file(run_id).exists()


def _experiment(store: RunStore) -> RunningCommand:
    """`experiment bn` whose pair waits behind the slot holder, as the command shows it."""
    command = RunningCommand(
        "experiment", "bn", "--sample", "--train-size", "500", "--epochs", "1", runs=store.root
    )
    command.wait_for_line("No BN · seed 0: queued; BatchNorm · seed 0: queued")
    return command


def test_ctrl_c_on_an_experiment_stops_its_runs_and_prints_the_figures(store):
    _slot_holder(store)
    command = _experiment(store)
    command.interrupt()
    done = command.finish()
    assert done.returncode == 0, done.stderr
    assert "stopping the experiment (Ctrl+C again to leave it running in the background)" in (
        done.stdout
    )
    assert "No BN · seed 0: stopped; BatchNorm · seed 0: stopped" in done.stdout
    rows = done.stdout.splitlines()[-2:]  # the table of final figures
    assert [row.split("  ")[0] for row in rows] == ["No BN · seed 0", "BatchNorm · seed 0"]
    assert all(" stopped " in row for row in rows)
    assert [i.state for i in latest_experiment(store)] == ["stopped", "stopped"]


def test_ctrl_c_twice_on_an_experiment_leaves_its_runs_and_exits_130(store):
    _slot_holder(store)
    command = _experiment(store)
    pair = latest_experiment(store)
    for info in pair:  # their workers start (this process), and take a while to stop
        _held_by_this_process(store, info.run_id)
    command.wait_for_line("No BN · seed 0: running; BatchNorm · seed 0: running")
    command.interrupt()
    command.wait_for_line("stopping the experiment")
    command.interrupt()
    done = command.finish()
    assert done.returncode == 130
    assert done.stderr == "interrupted\n"
    # Left to their workers: asked to stop, still stopping, nothing undone.
    for info in pair:
        assert store.read_status(info.run_id)["state"] == "stopping"
        assert store.stop_file(info.run_id).exists()


# --- --background ---------------------------------------------------------------------------
def test_train_in_the_background_returns_with_the_run_training_and_it_finishes(store, tiny_spec):
    done = run_cli(
        "train", "--spec", str(tiny_spec), "--sample", "--train-size", "256", "--batch-size",
        "64", "--epochs", "2", "--background", runs=store.root,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (info,) = store.list()
    assert done.stdout == f"{info.run_id}\n" and done.stderr == ""
    status = store.read_status(info.run_id)
    assert status["state"] == "running" and status["pid"] != os.getpid()
    wait_for(lambda: store.get(info.run_id).state == "finished", 180, "the background run")
    assert [r["epoch"] for r in store.read_metrics(info.run_id, "epoch")] == [1, 2]
    assert store.read_evaluation(info.run_id)["test_images"] == 1000


def test_resume_in_the_background_continues_a_stopped_run_to_its_end(store):
    run_id = store.create(run_config(TINY, QUICK.replace(epochs=2), data_source="sample"))
    stop = store.stop_file(run_id)
    assert execute(store, run_id, threads=1, progress=lambda record: stop.touch()) == "stopped"
    assert [r["epoch"] for r in store.read_metrics(run_id, "epoch")] == [1]
    done = run_cli("resume", run_id, "--background", runs=store.root)
    assert done.returncode == 0 and done.stdout == done.stderr == "", done
    assert store.read_status(run_id)["state"] == "running"
    wait_for(lambda: store.get(run_id).state == "finished", 180, "the resumed run")
    assert [r["epoch"] for r in store.read_metrics(run_id, "epoch")] == [1, 2]
    assert store.read_evaluation(run_id)["epochs_trained"] == 2


# --- delete asks first ----------------------------------------------------------------------
@pytest.mark.skipif(os.name != "posix", reason="a pseudo-terminal needs POSIX")
def test_delete_at_a_terminal_asks_and_deletes_only_on_yes(store):
    run_id = store.create(run_config(TINY, QUICK, data_source="sample"), name="old try")
    store.write_status(run_id, state="stopped")
    question = f"Delete run {run_id} (old try) for good? Its metrics, checkpoints and model go."
    for answer in ("\n", "n\n", "nope\n"):
        kept = run_cli_at_a_terminal("delete", run_id, runs=store.root, typed=answer)
        assert kept.returncode == 0, kept.stderr
        assert kept.stdout == f"{question} [y/N] nothing deleted\n"
        assert store.exists(run_id)
    gone = run_cli_at_a_terminal("delete", run_id, runs=store.root, typed="Yes\n")
    assert gone.returncode == 0, gone.stderr
    assert gone.stdout == f"{question} [y/N] run {run_id} deleted\n"
    assert not store.exists(run_id) and store.list() == []


# --- an error nobody foresaw ----------------------------------------------------------------
# `python -m alexnet` with one fault put in: listing the runs raises an error of a kind the
# command line has no message for.
FAULTY = """
import sys
from alexnet.cli.main import main
from alexnet.store.run_store import RunStore
def broken(self):
    raise RuntimeError("the disk answered   nonsense\\n twice")
RunStore.list = broken
sys.exit(main())
"""


def _faulty_list(runs: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", FAULTY, "list", "--runs-dir", str(runs)],
        cwd=REPO_ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_an_unexpected_error_exits_one_with_one_line_naming_it_and_how_to_see_more(tmp_path):
    done = _faulty_list(tmp_path / "runs")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        "error: RuntimeError: the disk answered nonsense twice "
        "(unexpected; run again with ALEXNET_DEBUG=1 to see where)\n"
    )
    debug = _faulty_list(tmp_path / "runs", ALEXNET_DEBUG="1")
    assert debug.returncode == 1
    assert "Traceback" in debug.stderr and "in broken" in debug.stderr
    assert debug.stderr.rstrip().endswith("RuntimeError: the disk answered   nonsense\n twice")


# --- an experiment whose runs fail ----------------------------------------------------------
# Data that passes the start check fails no run; so the workers (only they) get a trainer that
# fails as a run whose images went missing mid-way would, through Python's sitecustomize hook.
FAILING_TRAINER = """
import sys, types
if "worker" in sys.argv:
    fit = types.ModuleType("alexnet.training.fit")
    def train_run(*args, **kwargs):
        raise ValueError("the images went missing while training")
    fit.train_run = train_run
    sys.modules["alexnet.training.fit"] = fit
"""


def test_an_experiment_whose_runs_fail_exits_one_with_each_reason(store, tmp_path, monkeypatch):
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(FAILING_TRAINER, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(hooks))
    done = run_cli(
        "experiment", "bn", "--sample", "--train-size", "500", "--epochs", "1",
        runs=store.root, timeout=600,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    pair = latest_experiment(store)
    assert [i.state for i in pair] == ["failed", "failed"]
    reasons = done.stderr.splitlines()
    assert len(reasons) == 2
    for info, reason in zip(pair, reasons, strict=True):
        assert reason == f"run {info.run_id} failed: the images went missing while training"
    table = {line.split("  ")[0]: line for line in done.stdout.splitlines()[-2:]}
    assert set(table) == {"No BN · seed 0", "BatchNorm · seed 0"}
    assert all(" failed " in line for line in table.values())


def test_a_second_ctrl_c_on_train_quits_at_once_exits_130_and_leaves_it_resumable(store):
    # The ImageNet AlexNet on random images: a batch takes seconds, so the second Ctrl+C
    # comes in the middle of the one the first asked to be the last.
    command = RunningCommand(
        "train", "--preset", "imagenet_alexnet", "--random-data", "--train-size", "64",
        "--batch-size", "32", "--epochs", "50", "--log-every-steps", "1", runs=store.root,
    )  # fmt: skip
    run_id = command.wait_for_line("").strip()
    wait_for(lambda: store.read_metrics(run_id, "step"), 300, "the first steps")
    command.interrupt()
    command.wait_for_line("stopping after this batch (Ctrl+C again to quit at once)")
    command.interrupt()
    done = command.finish()
    assert done.returncode == 130, (done.stdout, done.stderr)
    status = store.read_status(run_id)
    assert status["state"] == "interrupted"
    assert status["error"].startswith("Quit at once with a second Ctrl+C")
