"""Importing run zips through the core, without TensorFlow: a stand-in checks the models
(tests/integration/test_import_runs.py loads real ones in Keras' safe mode)."""

from __future__ import annotations

import io
import json
import os
import time
import zipfile
from pathlib import Path

import pytest

from alexnet.config.run_config import run_config
from alexnet.config.training import TUTORIAL_DEFAULTS
from alexnet.store import export as export_module
from alexnet.store import safe_unzip
from alexnet.store.export import export_to_file, export_zip
from alexnet.store.importing import (
    ALREADY_IMPORTED,
    IMPORTED,
    MAX_UPLOAD_BYTES,
    REFUSED,
    UPLOAD_LIMIT_MB,
    UnsafeModel,
    import_zip,
)
from alexnet.store.run_store import RunStore
from tests.run_zips import BAD_ZIPS, SYMLINK, entries, make_zip, top
from tests.specs import TINY

REPO_ROOT = Path(__file__).resolve().parents[2]
SAME_FILES = (
    "config.json", "metrics.jsonl", "epochs.csv", "evaluation.json", "inside.jsonl",
    "checkpoints/last.keras", "checkpoints/best.keras", "checkpoints/state.json",
    "checkpoints/moving_statistics.npz", "tensorboard/train/events.out.tfevents.1.host",
    "tensorboard/inside/events.out.tfevents.2.host",
)  # fmt: skip


def fake_keras(seed: str) -> bytes:
    """A file shaped like a .keras zip (the stand-in check only looks at that)."""
    return make_zip({"config.json": json.dumps({"seed": seed}).encode(), "model.weights.h5": b"w"})


def check_model(path: Path) -> None:
    """Stands in for a safe-mode load: a zip loads, unless it says Lambda."""
    if not zipfile.is_zipfile(path):
        raise ValueError(f"{path.name} is not a .keras file")
    with zipfile.ZipFile(path) as archive:
        if b"Lambda" in archive.read("config.json"):
            raise UnsafeModel("Lambda")


def _write(folder: Path, name: str, content: bytes) -> None:
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(content)


def make_run(store: RunStore, *, state: str = "finished", same_best: bool = False) -> str:
    """A run with every file a run folder can hold (checkpoints as stand-ins)."""
    run_id = store.create(
        run_config(TINY, TUTORIAL_DEFAULTS), name="bn pair", tags=["week 3"], group="g1"
    )
    folder = store.run_dir(run_id)
    lines = [{"kind": "step", "step": s, "loss": 2.0 - s / 10} for s in (1, 2, 3)]
    lines.append({"kind": "epoch", "epoch": 1, "step": 3, "accuracy": 0.25})
    _write(folder, "metrics.jsonl", b"".join(json.dumps(r).encode() + b"\n" for r in lines))
    _write(folder, "epochs.csv", b"epoch,accuracy\n1,0.25\n")
    _write(folder, "evaluation.json", b'{"accuracy": 0.3}')
    _write(folder, "inside.jsonl", b'{"kind": "inside", "step": 0}\n')
    _write(folder, "checkpoints/last.keras", fake_keras("last"))
    _write(folder, "checkpoints/best.keras", fake_keras("last" if same_best else "best"))
    _write(folder, "checkpoints/moving_statistics.npz", make_zip({"arr_0.npy": b"0"}))
    _write(folder, "checkpoints/state.json", b'{"epochs_done": 1, "step": 3}')  # last, as a save
    _write(folder, "tensorboard/train/events.out.tfevents.1.host", b"\x00event")
    _write(folder, "tensorboard/inside/events.out.tfevents.2.host", b"\x00inside")
    store.write_status(run_id, state=state, pid=os.getpid(), epoch=1, epochs=2)
    return run_id


@pytest.fixture
def stores(tmp_path: Path) -> tuple[RunStore, RunStore]:
    return RunStore(tmp_path / "here"), RunStore(tmp_path / "there")


def _import(store: RunStore, data: bytes, name: str = "run.zip", **kwargs):
    return import_zip(store, io.BytesIO(data), check_model=check_model, zip_name=name, **kwargs)


def _left_in(store: RunStore) -> list[str]:
    return sorted(p.name for p in store.root.iterdir() if p.name != ".import.lock")


def test_a_round_trip_keeps_every_file_its_name_and_tags_and_marks_the_run_imported(stores):
    here, there = stores
    run_id = make_run(here)
    result = _import(there, export_zip(here, run_id), name="C:\\Users\\kim\\Downloads\\run.zip")
    assert (result.outcome, result.run_id, result.original_id) == (IMPORTED, run_id, None)
    for name in SAME_FILES:
        assert there.path(run_id, name).read_bytes() == here.path(run_id, name).read_bytes(), name
    info, original = there.get(run_id), here.get(run_id)
    assert (info.name, info.tags, info.group, info.created_at) == (
        "bn pair", ("week 3",), "g1", original.created_at,
    )  # fmt: skip
    assert info.imported["from"] == here.read_config(run_id).machine["node"]
    assert info.imported["zip"] == "run.zip"  # the file name only, never the folder
    assert info.state == "finished" and "pid" not in info.status
    assert there.read_metrics(run_id) == here.read_metrics(run_id)
    assert _left_in(there) == [run_id]


def test_export_stores_each_checkpoint_once_and_says_which_model_keras_is(stores):
    here, _ = stores
    different, same = make_run(here), make_run(here, same_best=True)
    names = entries(export_zip(here, different))
    manifest = json.loads(names[f"{different}/export.json"])
    assert manifest["format"] == 2 and manifest["model"] == ["best"]
    assert names[f"{different}/model.keras"] == fake_keras("best")
    assert names[f"{different}/checkpoints/last.keras"] == fake_keras("last")
    assert f"{different}/checkpoints/best.keras" not in names
    assert f"{different}/metrics_epochs.csv" in names  # still there for spreadsheets
    names = entries(export_zip(here, same))
    assert json.loads(names[f"{same}/export.json"])["model"] == ["best", "last"]
    assert not any("checkpoints/" in n and n.endswith(".keras") for n in names)


def test_export_to_a_file_writes_the_same_zip_whole(stores, tmp_path):
    here, _ = stores
    run_id = make_run(here)
    size = export_to_file(here, run_id, tmp_path / "run.zip")
    assert size == (tmp_path / "run.zip").stat().st_size
    assert (
        entries((tmp_path / "run.zip").read_bytes()).keys()
        == entries(export_zip(here, run_id)).keys()
    )
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_export_waits_for_a_checkpoint_save_under_way(stores, monkeypatch):
    here, _ = stores
    run_id = make_run(here, state="running")
    checkpoints = here.run_dir(run_id) / "checkpoints"
    state = checkpoints / "state.json"
    an_hour_ago = os.stat(state).st_mtime - 3600
    os.utime(state, (an_hour_ago, an_hour_ago))  # last.keras is newer: a save under way
    waits = []

    def save_finishes(seconds: float) -> None:
        waits.append(seconds)
        state.write_bytes(b'{"epochs_done": 2, "step": 6}')

    monkeypatch.setattr(export_module.time, "sleep", save_finishes)
    names = entries(export_zip(here, run_id))
    assert len(waits) == 1
    assert json.loads(names[f"{run_id}/checkpoints/state.json"])["epochs_done"] == 2


def test_export_does_not_wait_for_a_checkpoint_changed_long_ago(stores, monkeypatch):
    here, _ = stores
    run_id = make_run(here)
    checkpoints = here.run_dir(run_id) / "checkpoints"
    for path in checkpoints.iterdir():  # newer than state.json, an hour ago: copied by hand
        then = time.time() - (7200 if path.name == "state.json" else 3600)
        os.utime(path, (then, then))

    def no_waiting(seconds: float) -> None:
        raise AssertionError("the export waited")

    monkeypatch.setattr(export_module.time, "sleep", no_waiting)
    assert f"{run_id}/checkpoints/last.keras" in entries(export_zip(here, run_id))


def test_a_run_exported_while_training_arrives_interrupted_and_resumable(stores):
    here, there = stores
    run_id = make_run(here, state="running")
    _import(there, export_zip(here, run_id))
    status = there.read_status(run_id)
    assert status["state"] == "interrupted" and "pid" not in status
    assert (
        "while it was running; resume it to continue from its last checkpoint" in (status["error"])
    )
    assert there.path(run_id, "checkpoints/state.json").is_file()


def test_a_zip_of_the_first_export_imports_with_its_model_as_the_best_checkpoint(stores):
    here, there = stores
    run_id = make_run(here, state="queued")
    first = {n: c for n, c in entries(export_zip(here, run_id)).items() if "checkpoints/" not in n}
    first.pop(f"{run_id}/export.json")
    result = _import(there, make_zip(first))
    assert result.outcome == IMPORTED
    folder = there.run_dir(run_id)
    assert sorted(p.name for p in (folder / "checkpoints").iterdir()) == ["best.keras"]
    assert not (folder / "model.keras").exists() and not (folder / "export.json").exists()
    status = there.read_status(run_id)
    assert status["state"] == "interrupted" and "again from the start" in status["error"]


def test_importing_the_same_zip_twice_keeps_one_copy_and_says_so(stores):
    here, there = stores
    data = export_zip(here, make_run(here))
    first, second = _import(there, data), _import(there, data)
    assert (second.outcome, second.run_id) == (ALREADY_IMPORTED, first.run_id)
    assert _left_in(there) == [first.run_id]
    assert _import(here, data).outcome == ALREADY_IMPORTED  # back where it came from


def test_an_id_taken_by_a_different_run_gets_a_new_id_and_that_copy_is_found_again(stores):
    here, _ = stores
    run_id = make_run(here)
    data = export_zip(here, run_id)
    files = entries(data)
    files[f"{run_id}/metrics.jsonl"] += b'{"kind": "step", "step": 4}\n'
    renamed = _import(here, make_zip(files))
    assert renamed.outcome == IMPORTED and renamed.original_id == run_id != renamed.run_id
    assert here.get(renamed.run_id).imported["run_id"] == run_id
    again = _import(here, make_zip(files))
    assert (again.outcome, again.run_id) == (ALREADY_IMPORTED, renamed.run_id)
    assert len(here.list()) == 2


@pytest.mark.parametrize("kind", sorted(BAD_ZIPS))
def test_a_bad_zip_is_refused_with_one_sentence_and_nothing_is_written(stores, kind):
    here, there = stores
    spoil, words = BAD_ZIPS[kind]
    existing = make_run(there)
    result = _import(there, spoil(export_zip(here, make_run(here))), name="bad.zip")
    assert result.outcome == REFUSED and result.run_id is None
    text = str(result.error)
    assert words in text and text.startswith("bad.zip ") and "\n" not in text
    assert _left_in(there) == [existing]
    assert not (there.root.parent / "escaped.txt").exists()


def test_a_lambda_layer_is_refused_with_its_own_sentence(stores):
    here, there = stores
    run_id = make_run(here)
    files = entries(export_zip(here, run_id))
    files[f"{run_id}/checkpoints/last.keras"] = make_zip({"config.json": b'"Lambda"'})
    result = _import(there, make_zip(files))
    assert "its checkpoints/last.keras needs unsafe deserialization (a Lambda layer" in str(
        result.error
    )
    assert not there.root.exists() or _left_in(there) == []


def test_a_zip_bomb_is_refused_by_its_file_count_and_its_unpacked_size(stores, monkeypatch):
    here, there = stores
    run_id = make_run(here)
    files = entries(export_zip(here, run_id))
    many = {**files, **{f"{run_id}/tensorboard/{i}": b"" for i in range(safe_unzip.MAX_FILES)}}
    assert "holds more than 1,000 files" in str(_import(there, make_zip(many)).error)
    # 64 MB of zeros deflate to 64 KB: over a cap of 32 MB, declared or counted.
    monkeypatch.setattr(safe_unzip, "MAX_UNPACKED_BYTES", 32 * 1024**2)
    bomb = make_zip({**files, f"{run_id}/tensorboard/zeros": bytes(64 * 1024**2)})
    assert len(bomb) < 1024**2
    assert "unpacks to more than 32 MB" in str(_import(there, bomb).error)
    assert _left_in(there) == []


def test_the_unpacked_bytes_are_counted_whatever_the_zip_declares(tmp_path, monkeypatch):
    data = make_zip({"run/zeros": bytes(3 * 1024**2)})
    with safe_unzip.SafeZip(io.BytesIO(data), "bomb.zip") as archive:
        monkeypatch.setattr(safe_unzip, "MAX_UNPACKED_BYTES", 1024**2)  # after the declared check
        with pytest.raises(ValueError, match="unpacks to more than 1 MB"):
            archive.extract(archive.entries[0], tmp_path / "zeros")


def test_an_upload_over_the_limit_is_refused_saying_the_limit(stores):
    _, there = stores
    result = _import(there, bytes(25 * 1024**2), size_limit=MAX_UPLOAD_BYTES)
    assert str(result.error) == (
        "run.zip is 25 MB, more than the 20 MB the Runs page takes; import it with "
        "`python -m alexnet import` instead."
    )


def test_the_upload_limit_is_streamlits(repo_root):
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((repo_root / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == UPLOAD_LIMIT_MB
    assert MAX_UPLOAD_BYTES == UPLOAD_LIMIT_MB * 1024**2  # Streamlit's MB


def test_a_torn_last_metrics_line_of_a_run_exported_while_writing_is_kept(stores):
    here, there = stores
    run_id = make_run(here, state="running")
    with open(here.path(run_id, "metrics.jsonl"), "ab") as f:
        f.write(b'{"kind": "step", "st')
    assert _import(there, export_zip(here, run_id)).outcome == IMPORTED
    assert len(there.read_metrics(run_id)) == 4


def test_a_failed_write_leaves_nothing_and_says_why(stores, monkeypatch):
    here, there = stores
    data = export_zip(here, make_run(here))

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("alexnet.store.importing.os.replace", disk_full)
    result = _import(there, data)
    assert str(result.error) == "run.zip could not be imported: No space left on device."
    assert _left_in(there) == []


def test_the_folder_of_an_import_whose_process_died_is_cleared(stores):
    here, there = stores
    there.root.mkdir(parents=True)
    abandoned = there.root / ".importing-999999999-dead"
    abandoned.mkdir()
    _import(there, export_zip(here, make_run(here)))
    assert not abandoned.exists()


def test_entry_names_are_checked_for_every_way_out(tmp_path):
    good = ["a/b.json", "a/tensorboard/train/events.out.tfevents.1.host", "a/", "a/키.json"]
    bad = ["", "/a", "a/../b", "./a", "a//b", "a\\b", "C:a", "c:/a", "a/\x1b[2J", "a/b\n"]
    assert all(safe_unzip.is_safe_name(n) for n in good)
    assert not any(safe_unzip.is_safe_name(n) for n in bad)
    assert (
        safe_unzip.shown_entry("x\x00" * 80).startswith("x?x?")
        and len(safe_unzip.shown_entry("x" * 500)) == 100
    )
    link = make_zip({"run/a": SYMLINK + b"/etc"})
    with pytest.raises(ValueError, match="symbolic link"):
        safe_unzip.SafeZip(io.BytesIO(link), "l.zip")
    assert top({"run/a": b""}) == "run"
