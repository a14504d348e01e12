"""The shipped pretrained runs in alexnet/pretrained/ (or $ALEXNET_PRETRAINED_DIR).

They are made by scripts/train_pretrained.py; until then there is nothing to check and every
test here is skipped, saying so.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from alexnet.analysis.evaluation import Evaluation
from alexnet.jobs.shipping import sample_accuracy
from alexnet.store.run_store import RUN_ID_PATTERN
from alexnet.store.shipped import (
    MODEL_FILE,
    missing_files,
    pretrained_dir,
    read_shipped,
    shipped_runs,
    shipped_store,
)

FOLDER = pretrained_dir()
RUNS = (
    sorted(p for p in FOLDER.iterdir() if p.is_dir() and RUN_ID_PATTERN.fullmatch(p.name))
    if FOLDER.is_dir()
    else []
)
TOLERANCE = 0.01  # one percentage point: other CPUs may round a few borderline images apart
MAX_MODEL_BYTES = 4_000_000  # weights only (~2.6 MB); with optimizer state it would be ~8 MB

pytestmark = pytest.mark.skipif(
    not RUNS,
    reason=f"{FOLDER} holds no shipped run folders yet; make them with "
    "scripts/train_pretrained.py (see the command in its docstring)",
)


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*")}


@pytest.mark.parametrize("run", RUNS, ids=lambda p: p.name)
def test_each_shipped_run_has_every_file_and_a_small_model(run: Path):
    assert missing_files(run) == []
    assert (run / MODEL_FILE).stat().st_size < MAX_MODEL_BYTES
    shipped = read_shipped(run)
    for key in ("name", "test_accuracy", "sample_accuracy", "epochs_trained", "command"):
        assert shipped.get(key) is not None, key


@pytest.mark.parametrize("run", RUNS, ids=lambda p: p.name)
def test_each_shipped_model_loads_safely_and_reaches_its_recorded_sample_accuracy(run: Path):
    accuracy, images = sample_accuracy(run / MODEL_FILE)  # loads with safe_mode=True
    shipped = read_shipped(run)
    assert images == shipped["sample_test_images"] == 1000
    assert accuracy >= shipped["sample_accuracy"] - TOLERANCE


@pytest.mark.parametrize("run", RUNS, ids=lambda p: p.name)
def test_each_shipped_evaluation_covers_the_whole_test_set(run: Path):
    stored = json.loads((run / "evaluation.json").read_text(encoding="utf-8"))
    evaluation = Evaluation.from_dict(stored)
    assert int(evaluation.confusion_matrix.sum()) == stored["test_images"] == len(evaluation.y_pred)
    assert evaluation.accuracy == pytest.approx(read_shipped(run)["test_accuracy"])


@pytest.mark.parametrize("run", RUNS, ids=lambda p: p.name)
def test_each_shipped_evaluation_agrees_with_what_the_model_predicts_here(run: Path):
    # evaluation.json and shipped.json come from the script that trained the model; checked
    # here against the model itself, run by plain Keras, on the shipped sample's 1,000 test
    # images, which are images of the same test set (labels.json names their indices).
    import keras

    from alexnet.data import load_sample
    from alexnet.data.sample import SAMPLE_DIR

    stored = json.loads((run / "evaluation.json").read_text(encoding="utf-8"))
    index = json.loads((SAMPLE_DIR / "labels.json").read_text())["test"]["source_index"]
    sample = load_sample()
    assert np.array_equal(np.asarray(stored["y_true"])[index], sample.y_test)  # same images
    model = keras.saving.load_model(run / MODEL_FILE, compile=False)
    predicted = model.predict(sample.x_test, batch_size=200, verbose=0).argmax(axis=1)
    stored_predictions = np.asarray(stored["y_pred"])[index]
    # The same prediction for all but the odd borderline image another CPU rounds apart.
    assert np.mean(predicted == stored_predictions) >= 1 - TOLERANCE
    accuracy = np.mean(predicted == sample.y_test)
    assert accuracy == pytest.approx(read_shipped(run)["sample_accuracy"], abs=TOLERANCE)
    # and the full test set's accuracy is the share of its stored predictions that are right
    assert np.mean(np.asarray(stored["y_pred"]) == np.asarray(stored["y_true"])) == (
        pytest.approx(read_shipped(run)["test_accuracy"], abs=5e-5)
    )


def test_every_shipped_run_lists_as_finished_and_reading_them_writes_nothing():
    before = _snapshot(FOLDER)
    store = shipped_store(FOLDER)
    listed = shipped_runs(store)
    assert sorted(i.run_id for i in listed) == [p.name for p in RUNS]
    for info in listed:
        store.get(info.run_id)
        store.read_status(info.run_id)
        store.read_evaluation(info.run_id)
        assert not store.metrics_frame(info.run_id).empty
    assert _snapshot(FOLDER) == before


def test_the_readme_names_every_shipped_run_and_its_command():
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    assert "scripts/train_pretrained.py" in readme
    for run in RUNS:
        assert run.name in readme


@pytest.mark.parametrize("run", RUNS, ids=lambda p: p.name)
def test_the_readme_states_each_shipped_models_figures(run: Path):
    shipped = read_shipped(run)
    row = next(
        line
        for line in (FOLDER / "README.md").read_text(encoding="utf-8").splitlines()
        if f"`{run.name}`" in line
    )
    assert f"{shipped['test_accuracy']:.2%} of {shipped['test_images']:,}" in row
    assert f"{shipped['sample_accuracy']:.2%} of {shipped['sample_test_images']:,}" in row


def test_the_batch_norm_model_is_recalibrated_and_its_config_says_how_it_trained():
    for run in RUNS:
        config = json.loads((run / "config.json").read_text(encoding="utf-8"))
        if any(b.get("batch_norm") for b in config["spec"]["conv_blocks"]):
            assert read_shipped(run)["recalibrated_on_training_images"] == 1024
            assert config["train"]["bn_recalibration_images"] == 0  # not during training
            assert "inside_records_per_epoch" in config["train"]  # today's fields
