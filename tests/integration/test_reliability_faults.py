"""Faults the run store and trainer must survive: a full disk while saving a checkpoint,
damaged run folders, and run ids or names that try to leave the runs directory.

SIGKILL mid-epoch, SIGTERM and the torn metrics line are covered in test_worker.py and
test_runs.py; docs/reliability.md lists every fault and where it is tested.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import keras
import pytest

from alexnet.analysis.models import load_model
from alexnet.jobs.run_queue import enqueue, resume_run
from alexnet.jobs.worker import execute, prepare_resume, start_worker, terminate
from alexnet.network.layer_table import layer_table
from alexnet.store.export import export_zip
from alexnet.store.run_store import RunStore, clean_name
from alexnet.training.callbacks import read_state, repair_tail
from tests.cli_runner import run_cli
from tests.specs import QUICK as ONE_EPOCH
from tests.specs import TINY

QUICK = ONE_EPOCH.replace(epochs=2)
FREE_AFTER_FILL = 48 * 1024  # room for metrics and status lines, not for a ~130 KB model


def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir()
    if os.name != "posix" or shutil.which("mount") is None:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
    )
    return done.returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB file system (tmpfs); skips where this machine does not let us mount one."""
    where = tmp_path / "disk"
    if not _mount_tmpfs(where, "2m"):
        pytest.skip("mounting a tmpfs needs root on Linux; the patched-write test still runs")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(folder: Path, leave: int) -> None:
    """Write a filler file until only about `leave` bytes stay free."""
    free = shutil.disk_usage(folder).free
    with open(folder / "filler", "wb") as f:
        f.write(b"\0" * max(0, free - leave))


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in (folder / "checkpoints").iterdir() if p.name.startswith(".")]


@pytest.mark.slow
def test_a_checkpoint_write_cut_short_by_enospc_keeps_the_previous_checkpoint_loadable(
    tmp_path, monkeypatch
):
    # The second save (epoch 2) writes half of the file it was given, then the disk is full.
    real_save, calls = keras.Model.save, []

    def save(self, filepath, *args, **kwargs):
        calls.append(filepath)
        real_save(self, filepath, *args, **kwargs)
        if len(calls) == 2:
            data = Path(filepath).read_bytes()
            Path(filepath).write_bytes(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(filepath))

    monkeypatch.setattr(keras.Model, "save", save)
    store = RunStore(tmp_path / "runs")
    run_id = enqueue(store, TINY, QUICK, data_source="sample", start=False)
    assert execute(store, run_id, threads=1) == "failed"
    assert "No space left" in store.read_status(run_id)["error"]
    # The checkpoint of epoch 1 is whole and loads; the cut one left nothing behind.
    assert read_state(store.run_dir(run_id))["epochs_done"] == 1
    assert load_model(store.checkpoint(run_id)).count_params() == layer_table(TINY).total_params
    assert _leftovers(store.run_dir(run_id)) == []
    assert not store.get(run_id).damaged


@pytest.mark.slow
def test_a_real_full_disk_during_a_checkpoint_fails_the_run_readably_and_it_resumes(small_disk):
    store = RunStore(small_disk / "runs")
    run_id = enqueue(store, TINY, QUICK, data_source="sample", start=False)

    def after_epoch(record: dict) -> None:
        if record["epoch"] == 1:  # epoch 1 is saved; then the disk fills up
            _fill(small_disk, FREE_AFTER_FILL)

    assert execute(store, run_id, threads=1, progress=after_epoch) == "failed"
    # The half-written temp file was removed, so the 'failed' status (and its reason) fit.
    assert "No space left" in store.read_status(run_id)["error"]
    assert _leftovers(store.run_dir(run_id)) == []
    assert read_state(store.run_dir(run_id))["epochs_done"] == 1
    assert zipfile.is_zipfile(store.checkpoint(run_id))

    (small_disk / "filler").unlink()
    prepare_resume(store, run_id)
    assert execute(store, run_id, threads=1) == "finished"
    assert [r["epoch"] for r in store.read_metrics(run_id, "epoch")] == [1, 2]


@pytest.mark.slow
def test_resuming_from_a_damaged_checkpoint_fails_readably_and_loses_nothing_else(tmp_path):
    store = RunStore(tmp_path / "runs")
    run_id = enqueue(store, TINY, QUICK, data_source="sample", start=False)
    stop = store.stop_file(run_id)
    assert execute(store, run_id, threads=1, progress=lambda record: stop.touch()) == "stopped"
    last = store.checkpoint(run_id, "last")
    last.write_bytes(last.read_bytes()[: last.stat().st_size // 2])  # cut short, as by a crash
    metrics = store.path(run_id, "metrics.jsonl").read_bytes()
    best = store.checkpoint(run_id, "best").read_bytes()
    assert store.get(run_id).problem.startswith("checkpoints/last.keras is damaged")

    done = run_cli("resume", run_id, runs=store.root)
    assert done.returncode == 1
    (reason,) = done.stderr.splitlines()
    assert reason.startswith(f"run {run_id} failed: ") and "last.keras" in reason
    status = store.read_status(run_id)
    assert status["state"] == "failed" and "last.keras of run" in status["error"]
    assert "is damaged (not a whole .keras file)" in status["error"]
    # Nothing else was touched: the curves and the best checkpoint are as they were.
    assert store.path(run_id, "metrics.jsonl").read_bytes() == metrics
    assert store.checkpoint(run_id, "best").read_bytes() == best
    assert load_model(store.checkpoint(run_id, "best")).count_params() == (
        layer_table(TINY).total_params
    )
    listed = run_cli("list", runs=store.root)
    assert "damaged" in listed.stdout and "checkpoints/last.keras is damaged" in listed.stdout


# --- damaged run folders ------------------------------------------------------------------
def _damage(store: RunStore, run_id: str, how: str) -> None:
    folder = store.run_dir(run_id)
    what, kind = how.split(":")
    path = folder / {"checkpoint": "checkpoints/last.keras", "best": "checkpoints/best.keras"}.get(
        what, f"{what}.json"
    )
    if kind == "missing":
        path.unlink()
    elif kind == "garbage":
        path.write_bytes(b"\x00\xffnot json, not a zip")
    elif kind == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif kind == "list":
        path.write_text("[1, 2, 3]")


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One finished run (real checkpoints) to copy and damage."""
    store = RunStore(tmp_path_factory.mktemp("trained") / "runs")
    run_id = enqueue(store, TINY, QUICK.replace(epochs=1), data_source="sample", start=False)
    assert execute(store, run_id, threads=1) == "finished", store.read_status(run_id)
    return store.root, run_id


@pytest.mark.parametrize(
    "how",
    [
        "config:missing", "config:garbage", "config:list", "config:truncated",
        "status:missing", "status:garbage", "status:list", "meta:missing", "meta:garbage",
        "checkpoint:garbage", "checkpoint:truncated", "best:truncated",
    ],
)  # fmt: skip
def test_a_run_folder_with_a_missing_or_corrupt_file_is_listed_as_damaged(trained, tmp_path, how):
    root, run_id = trained
    store = RunStore(tmp_path / "runs")
    shutil.copytree(root, store.root)
    healthy = store.get(run_id)
    assert not healthy.damaged and healthy.state == "finished"
    _damage(store, run_id, how)
    [info] = store.list()
    assert info.damaged and info.state == "damaged" and info.problem
    # Still removable, and the other readers do not raise either.
    assert store.read_metrics(run_id, "epoch")
    store.delete(run_id)
    assert store.list() == []


def test_a_missing_checkpoint_of_a_run_that_has_none_yet_is_not_damage(tmp_path):
    store = RunStore(tmp_path / "runs")
    run_id = enqueue(store, TINY, QUICK, data_source="sample", start=False)
    assert not store.get(run_id).damaged


def test_appending_after_a_torn_metrics_line_starts_on_a_fresh_line(tmp_path):
    path = tmp_path / "metrics.jsonl"
    path.write_bytes(b'{"kind": "step", "step": 1}\n{"kind": "step", "st')
    repair_tail(path)
    with open(path, "a", encoding="utf-8") as f:
        f.write('{"kind": "step", "step": 2}\n')
    assert path.read_text().splitlines() == [
        '{"kind": "step", "step": 1}',
        '{"kind": "step", "step": 2}',
    ]


# --- the end of a run and its deletion -----------------------------------------------------
def test_a_worker_removes_its_stop_file_before_its_run_reads_stopped(tmp_path, monkeypatch):
    # Once a run reads 'stopped' the Runs page may delete its folder at once: the worker must
    # not touch the folder after that, or the delete trips over a file vanishing under it.
    store = RunStore(tmp_path / "runs")
    run_id = enqueue(store, TINY, QUICK, data_source="sample", start=False)
    store.stop_file(run_id).touch()  # Stop pressed before the first batch ends
    seen = []
    real_write = store.write_status

    def write_status(rid, **changes):
        if changes.get("state") in ("stopped", "finished", "failed"):
            seen.append((changes["state"], store.stop_file(rid).exists()))
        return real_write(rid, **changes)

    monkeypatch.setattr(store, "write_status", write_status)
    assert execute(store, run_id, threads=1) == "stopped"
    assert seen == [("stopped", False)]


@pytest.fixture
def lingering(tmp_path: Path) -> Iterator[subprocess.Popen]:
    """A process standing in for a worker that has written 'stopped' but not yet exited."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process
    process.kill()
    process.wait()


def test_deleting_a_stopped_run_waits_for_its_worker_process_to_exit(tmp_path, lingering):
    from alexnet.store.processes import process_start_time

    store = RunStore(tmp_path / "runs")
    run_id = enqueue(store, TINY, QUICK, data_source="sample", start=False)
    pid = lingering.pid
    store.write_status(run_id, state="stopped", pid=pid, pid_start=process_start_time(pid))
    with pytest.raises(ValueError, match="still exiting"):
        store.delete(run_id, wait=0.3)
    assert store.exists(run_id) and store.path(run_id, "config.json").is_file()
    lingering.kill()
    lingering.wait()
    store.delete(run_id, wait=0.3)
    assert not store.exists(run_id)
    assert [p.name for p in store.root.iterdir() if p.is_dir()] == []


# --- names and ids from outside -----------------------------------------------------------
HOSTILE_IDS = [
    "../outside", "..", "../../etc/passwd", "/etc", "C:\\Windows", "..\\outside",
    "20250101-120000-abcdef/../../outside", "20250101-120000-abcdef\x00",
    "20250101-120000-abcdef\n", "%2e%2e%2foutside",
    "20250101-120000-abcdef/", " 20250101-120000-abcdef", "", "x" * 5000,
]  # fmt: skip


@pytest.fixture
def fenced(tmp_path: Path) -> tuple[RunStore, Path]:
    """A store whose parent folder holds a sentinel run-like folder that must stay untouched."""
    outside = tmp_path / "outside"
    outside.mkdir()
    for name in ("status.json", "meta.json", "config.json"):
        (outside / name).write_text('{"state": "stopped"}')
    return RunStore(tmp_path / "runs"), outside


@pytest.mark.parametrize("bad", HOSTILE_IDS)
def test_every_run_store_operation_refuses_an_id_that_is_not_a_generated_one(fenced, bad):
    store, outside = fenced
    before = sorted(p.name for p in outside.iterdir())
    operations = [
        store.run_dir,
        store.get,
        store.read_status,
        store.read_config,
        store.request_stop,
        store.delete,
        lambda r: export_zip(store, r),
        store.read_metrics,
        store.stop_file,
        store.best_checkpoint,
        lambda r: store.path(r, "status.json"),
        lambda r: store.checkpoint(r),
        lambda r: store.rename(r, "x"),
        lambda r: store.set_tags(r, ["x"]),
        lambda r: store.write_status(r, state="running"),
        lambda r: resume_run(store, r),
        lambda r: start_worker(store, r),
        lambda r: terminate(store, r),
    ]
    for operation in operations:
        with pytest.raises(ValueError, match="not a run id"):
            operation(bad)
    assert not store.exists(bad)
    assert sorted(p.name for p in outside.iterdir()) == before
    assert not store.root.exists() or list(store.root.iterdir()) == []


@pytest.mark.parametrize(
    "name",
    ["../../outside/x", "a/b\\c", "..", "....//....", "\x00\x1b[31mred\x07", "line\nbreak",
     "tab\there", "名前/..\\テスト", "y" * 10_000],
)  # fmt: skip
def test_hostile_run_names_are_labels_only_and_never_paths(fenced, name):
    store, outside = fenced
    run_id = enqueue(store, TINY, QUICK, data_source="sample", name=name, start=False)
    label = store.get(run_id).name
    assert label == clean_name(name) or label == run_id
    assert not any(c in label for c in "/\\") and ".." not in label
    assert all(c.isprintable() for c in label) and len(label) <= 80
    store.rename(run_id, name + "x")
    assert ".." not in store.get(run_id).name and "/" not in store.get(run_id).name
    # Nothing was written outside the runs directory, and the folder is the generated id.
    assert sorted(p.name for p in store.root.iterdir() if not p.name.startswith(".")) == [run_id]
    assert sorted(p.name for p in outside.iterdir()) == ["config.json", "meta.json", "status.json"]
