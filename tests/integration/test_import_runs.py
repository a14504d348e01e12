"""Importing a really trained run: through `python -m alexnet export` and `import` in
subprocesses, its checkpoints loaded in Keras' safe mode, a run exported mid-training resumed
to its end, and models that safe mode refuses or cannot load refused before a run exists."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import keras
import numpy as np
import pytest

from alexnet.analysis.models import load_model
from alexnet.config.run_config import run_config
from alexnet.jobs import importing
from alexnet.jobs.importing import check_model, import_file
from alexnet.jobs.worker import execute, prepare_resume
from alexnet.store.export import export_to_file
from alexnet.store.importing import ALREADY_IMPORTED, IMPORTED, REFUSED, UnsafeModel
from alexnet.store.run_store import RunStore
from tests.cli_runner import run_cli
from tests.run_zips import BAD_ZIPS, entries, make_zip
from tests.specs import QUICK, TINY

pytestmark = pytest.mark.slow
KEPT = (
    "config.json", "metrics.jsonl", "epochs.csv", "checkpoints/last.keras",
    "checkpoints/state.json",
)  # fmt: skip


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[RunStore, str]:
    """A run of 2 epochs stopped after its first (a checkpoint to resume from)."""
    store = RunStore(tmp_path_factory.mktemp("trained") / "runs")
    config = QUICK.replace(epochs=2, validation_split=0.25)
    run_id = store.create(run_config(TINY, config), name="tiny", tags=["imported"])
    state = execute(store, run_id, threads=1, progress=lambda _: store.request_stop(run_id))
    assert state == "stopped" and store.path(run_id, "checkpoints/state.json").is_file()
    return store, run_id


@pytest.fixture
def exported(trained: tuple[RunStore, str], tmp_path: Path) -> Path:
    store, run_id = trained
    path = tmp_path / "run.zip"
    export_to_file(store, run_id, path)
    return path


def _spoiled(exported: Path, name: str, content: bytes) -> Path:
    files = entries(exported.read_bytes())
    run_id = next(iter(files)).split("/")[0]
    files[f"{run_id}/{name}"] = content
    path = exported.with_name("spoiled.zip")
    path.write_bytes(make_zip(files))
    return path


def test_a_trained_run_round_trips_through_the_command_line(trained, tmp_path):
    store, run_id = trained
    target, there = tmp_path / "run.zip", tmp_path / "there"
    assert run_cli("export", run_id, "-o", str(target), runs=store.root).returncode == 0
    bad = tmp_path / "bad.zip"
    bad.write_bytes(BAD_ZIPS["dot-dot path"][0](target.read_bytes()))
    result = run_cli("import", str(target), str(target), str(bad), runs=there)
    assert result.returncode == 2, result.stderr
    assert result.stdout.splitlines() == [
        f"imported run.zip as {run_id}",
        f"already imported run.zip as {run_id}",
    ]
    assert result.stderr.startswith("refused: bad.zip was not imported: its entry")
    assert len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in there.iterdir() if not p.name.startswith(".")) == [run_id]
    copy = RunStore(there)
    for name in KEPT:
        assert copy.path(run_id, name).read_bytes() == store.path(run_id, name).read_bytes()
    assert copy.get(run_id).state == "stopped" and copy.get(run_id).imported["zip"] == "run.zip"
    original, imported = (load_model(s.checkpoint(run_id)) for s in (store, copy))
    for a, b in zip(original.get_weights(), imported.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    again = run_cli("import", str(target), "--json", runs=store.root)  # back where it came from
    assert again.returncode == 0
    assert json.loads(again.stdout) == [
        {"zip": "run.zip", "outcome": ALREADY_IMPORTED, "run_id": run_id, "original_id": None,
         "error": None}
    ]  # fmt: skip


def test_a_run_exported_while_training_is_interrupted_and_resumes_to_its_end(
    trained, exported, tmp_path
):
    _, run_id = trained
    status = json.loads(entries(exported.read_bytes())[f"{run_id}/status.json"])
    running = _spoiled(exported, "status.json", json.dumps({**status, "state": "running"}).encode())
    there = RunStore(tmp_path / "there")
    assert import_file(there, running).outcome == IMPORTED
    status = there.read_status(run_id)
    assert status["state"] == "interrupted" and "resume it to continue" in status["error"]
    prepare_resume(there, run_id)
    assert execute(there, run_id, threads=1) == "finished"
    epochs = [r["epoch"] for r in there.read_metrics(run_id, "epoch")]
    assert epochs == [1, 2]
    assert there.read_evaluation(run_id) is not None


def _lambda_model(path: Path) -> Path:
    inputs = keras.Input((4,))
    model = keras.Model(inputs, keras.layers.Lambda(lambda x: x * 2)(inputs))
    model.save(path)
    return path


def test_a_lambda_layer_is_refused_with_its_own_sentence_and_nothing_is_written(exported, tmp_path):
    unsafe = _lambda_model(tmp_path / "unsafe.keras").read_bytes()
    there = RunStore(tmp_path / "there")
    result = import_file(there, _spoiled(exported, "model.keras", unsafe))
    assert result.outcome == REFUSED
    assert str(result.error) == (
        "spoiled.zip was not imported: its model.keras needs unsafe deserialization (a Lambda "
        "layer, which runs Python code as it loads), and AlexNet Lab loads models in Keras' "
        "safe mode only; rebuild the network without Lambda layers."
    )
    assert [p.name for p in there.root.iterdir() if not p.name.startswith(".import.")] == []


def test_keras_safe_mode_refuses_a_lambda_layer_even_unnamed(tmp_path, monkeypatch):
    path = _lambda_model(tmp_path / "unsafe.keras")
    monkeypatch.setattr(importing, "UNSAFE_LAYERS", ())  # only the safe-mode load is left
    with pytest.raises(UnsafeModel):
        check_model(path)


def test_a_checkpoint_that_does_not_load_is_refused_as_damaged(exported, tmp_path):
    model = entries(exported.read_bytes())
    run_id = next(iter(model)).split("/")[0]
    keras_files = entries(model[f"{run_id}/model.keras"])
    keras_files["model.weights.h5"] = b"not HDF5 at all"
    spoiled = _spoiled(exported, "checkpoints/last.keras", make_zip(keras_files))
    there = RunStore(tmp_path / "there")
    result = import_file(there, spoiled)
    assert "its checkpoints/last.keras is not a Keras model that loads" in str(result.error)
    assert zipfile.is_zipfile(spoiled)
    assert [p.name for p in there.root.iterdir() if not p.name.startswith(".import.")] == []
