"""The run store: folders, atomic status, tolerant metrics, safety of ids and names."""

from __future__ import annotations

import io
import json
import os
import platform
import threading
import zipfile
from importlib import metadata

import pytest

from alexnet.config.presets import CIFAR10_ALEXNET
from alexnet.config.run_config import run_config
from alexnet.config.training import TUTORIAL_DEFAULTS
from alexnet.store.export import export_zip
from alexnet.store.processes import process_start_time
from alexnet.store.run_store import RunStore, clean_name, clean_tags, read_jsonl


@pytest.fixture
def run_id(store: RunStore) -> str:
    config = run_config(CIFAR10_ALEXNET, TUTORIAL_DEFAULTS, data_source="sample")
    return store.create(config, name="baseline", tags=["bn", "week 1"])


def test_created_run_reads_back_its_config_labels_and_queued_state(store, run_id):
    info = store.get(run_id)
    assert (info.name, info.tags, info.state) == ("baseline", ("bn", "week 1"), "queued")
    config = store.read_config(run_id)
    assert config.spec == CIFAR10_ALEXNET
    assert config.training == TUTORIAL_DEFAULTS
    assert config.data.source == "sample"
    assert config.versions["tensorflow"] == metadata.version("tensorflow")
    assert config.versions["python"] == platform.python_version()
    assert [i.run_id for i in store.list()] == [run_id]


def test_list_shows_newest_first_and_a_damaged_folder_without_raising(store, run_id):
    second = store.create(run_config(CIFAR10_ALEXNET, TUTORIAL_DEFAULTS), name="second")
    damaged = store.root / "20000101-000000-abcdef"
    damaged.mkdir()
    (damaged / "status.json").write_text("{not json")
    (store.root / "notes.txt").write_text("not a run")
    infos = store.list()
    assert [i.run_id for i in infos] == [second, run_id, damaged.name]
    broken = next(i for i in infos if i.run_id == damaged.name)
    assert broken.damaged and broken.state == "damaged" and broken.problem


def test_a_run_folder_linking_outside_the_runs_directory_is_listed_as_damaged(store, run_id):
    outside = store.root.parent / "outside"
    outside.mkdir()
    (store.root / "20000101-000000-bbbbbb").symlink_to(outside, target_is_directory=True)
    infos = {i.run_id: i for i in store.list()}
    assert infos["20000101-000000-bbbbbb"].damaged
    assert "outside the runs directory" in infos["20000101-000000-bbbbbb"].problem
    assert not infos[run_id].damaged


def test_run_ids_that_could_escape_the_runs_directory_are_refused(store):
    for bad in ("../etc", "..", "/tmp/x", "20250101-120000-abcdeg", "a/b", ""):
        with pytest.raises(ValueError, match="not a run id"):
            store.run_dir(bad)


def test_names_and_tags_lose_path_separators_dot_dot_and_control_characters():
    assert clean_name("../../etc/passwd") == ".-.-etc-passwd"
    assert clean_name("a\x00b\nc\\d") == "a b c-d"
    assert len(clean_name("x" * 500)) == 80
    assert clean_tags(["bn", "bn", "", " a/b "]) == ["bn", "a-b"]


def test_rename_and_tags_change_only_the_labels(store, run_id):
    store.rename(run_id, "with BN/v2")
    store.set_tags(run_id, ["compare"])
    info = store.get(run_id)
    assert (info.name, info.tags) == ("with BN-v2", ("compare",))
    with pytest.raises(ValueError, match="empty"):
        store.rename(run_id, "\n\t")


def test_status_is_never_seen_half_written_while_it_is_rewritten(store, run_id):
    errors: list[Exception] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                json.loads(store.path(run_id, "status.json").read_text())
            except Exception as error:  # a torn file would show up here
                errors.append(error)

    reader = threading.Thread(target=read)
    reader.start()
    for i in range(300):
        store.write_status(run_id, epoch=i, note="x" * (i % 50))
    done.set()
    reader.join()
    assert errors == []
    assert store.read_status(run_id)["epoch"] == 299


def test_write_status_with_expect_leaves_a_later_state_alone(store, run_id):
    store.write_status(run_id, state="failed", error="boom")
    store.write_status(run_id, expect=("queued",), state="running")
    assert store.read_status(run_id)["state"] == "failed"
    with pytest.raises(ValueError, match="unknown"):
        store.write_status(run_id, state="exploded")


def test_metrics_reader_skips_a_torn_last_line_and_garbage(store, run_id):
    path = store.path(run_id, "metrics.jsonl")
    lines = [json.dumps({"kind": "step", "step": s, "loss": 2.0 / s}) for s in (1, 2, 3)]
    path.write_text("\n".join(lines) + "\nnot json\n[1, 2]\n" + '{"kind": "step", "st')
    records = store.read_metrics(run_id, "step")
    assert [r["step"] for r in records] == [1, 2, 3]
    assert list(store.metrics_frame(run_id, "step")["step"]) == [1, 2, 3]
    assert read_jsonl(store.path(run_id, "missing.jsonl")) == []


def test_metrics_reader_keeps_the_latest_record_of_a_step_trained_again_after_resume(store, run_id):
    rows = [("step", 1, 2.3), ("step", 2, 2.2), ("epoch", 1, 2.2), ("step", 2, 2.1)]
    text = "".join(
        json.dumps({"kind": k, "step": s, "epoch": s, "loss": v}) + "\n" for k, s, v in rows
    )
    store.path(run_id, "metrics.jsonl").write_text(text)
    assert [r["loss"] for r in store.read_metrics(run_id, "step")] == [2.3, 2.1]
    assert store.metrics_frame(run_id, "epoch")["loss"].tolist() == [2.2]


def test_a_reused_pid_with_another_start_time_reads_interrupted(store, run_id):
    me = os.getpid()
    store.write_status(run_id, state="running", pid=me, pid_start=process_start_time(me))
    assert store.read_status(run_id)["state"] == "running"
    store.write_status(run_id, state="running", pid=me, pid_start=12345.0)
    assert store.read_status(run_id)["state"] == "interrupted"


def test_stop_request_ends_a_queued_run_at_once_and_flags_a_running_one(store, run_id):
    assert store.request_stop(run_id)["state"] == "stopped"
    other = store.create(run_config(CIFAR10_ALEXNET, TUTORIAL_DEFAULTS))
    me = os.getpid()
    store.write_status(other, state="running", pid=me, pid_start=process_start_time(me))
    assert store.request_stop(other)["state"] == "stopping"
    assert store.stop_file(other).exists()


def test_delete_is_refused_while_running_and_allowed_once_stopped(store, run_id):
    me = os.getpid()
    store.write_status(run_id, state="running", pid=me, pid_start=process_start_time(me))
    with pytest.raises(ValueError, match="stop it first"):
        store.delete(run_id)
    store.write_status(run_id, state="stopped")
    store.delete(run_id)
    assert store.list() == [] and not store.exists(run_id)


def test_export_zip_holds_config_metrics_csv_and_the_model(store, run_id):
    store.path(run_id, "metrics.jsonl").write_text(
        json.dumps({"kind": "epoch", "epoch": 1, "loss": 1.5}) + "\n"
    )
    store.checkpoint(run_id, "last").write_bytes(b"model bytes")
    names = zipfile.ZipFile(io.BytesIO(export_zip(store, run_id))).namelist()
    for name in ("config.json", "status.json", "metrics_epochs.csv", "model.keras"):
        assert f"{run_id}/{name}" in names


def test_runs_directory_comes_from_the_environment_when_not_given(tmp_path, monkeypatch):
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(tmp_path / "elsewhere"))
    assert RunStore().root == (tmp_path / "elsewhere").resolve()
