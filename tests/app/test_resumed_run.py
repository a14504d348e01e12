"""Predict and Inspect follow a run that is resumed while they are open.

A run stopped after its first epoch is shown; then it is resumed to its end, which writes
its best checkpoint again under the same name (and a new evaluation). The same page session,
drawn again, must show the new model, not the one it loaded and cached before.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import keras
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from alexnet.config.run_config import run_config
from alexnet.data import load_sample
from alexnet.jobs.worker import execute, prepare_resume
from alexnet.store.run_store import RunStore
from tests.app.pages import page_file
from tests.app.trained_run import chart_json, plotly_values, run_page, top_k_bars
from tests.specs import LEARNER, LEARNING


@pytest.fixture(scope="module")
def stopped_after_one_epoch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A runs folder with one run that stopped early in epoch 2 of 3 (a recipe that learns
    fast: its training accuracy climbs every epoch, so every epoch saves a new best)."""
    root = tmp_path_factory.mktemp("stopped")
    store = RunStore(root)
    run_id = store.create(run_config(LEARNER, LEARNING, data_source="sample"), name="resumed")
    stop = store.stop_file(run_id)
    assert execute(store, run_id, threads=1, progress=lambda record: stop.touch()) == "stopped"
    assert [r["epoch"] for r in store.read_metrics(run_id, "epoch")] == [1]
    return root


@pytest.fixture
def run(stopped_after_one_epoch: Path, tmp_path: Path, monkeypatch) -> tuple[RunStore, str]:
    """A copy of that run, in the app's runs folder."""
    shutil.copytree(stopped_after_one_epoch, tmp_path / "runs")
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(tmp_path / "runs"))
    store = RunStore(tmp_path / "runs")
    (info,) = store.list()
    return store, info.run_id


def _resume_to_the_end(store: RunStore, run_id: str) -> None:
    best = store.checkpoint(run_id, "best")
    written = best.stat().st_mtime_ns
    prepare_resume(store, run_id)
    assert execute(store, run_id, threads=1) == "finished"
    assert [r["epoch"] for r in store.read_metrics(run_id, "epoch")] == [1, 2, 3]
    assert best.stat().st_mtime_ns != written  # the same file name, written again


def _top_five(at: AppTest) -> tuple[list[str], np.ndarray]:
    bars = top_k_bars(at)
    return [name for name, _ in bars], np.array([p for _, p in bars])


def test_predict_shows_the_rewritten_checkpoints_predictions_after_a_resume(run) -> None:
    store, run_id = run
    at = run_page(AppTest.from_file(page_file("predict"), default_timeout=120))
    assert at.selectbox(key="predict.model").value == f"run:{run_id}"
    pick = next(b for b in at.button if ".pick." in b.key)
    index = int(pick.key.rsplit(".", 1)[1])
    pick.click()
    run_page(at)
    before = _top_five(at)

    _resume_to_the_end(store, run_id)
    run_page(at)  # the same session, drawn again
    names, shown = _top_five(at)
    # What the new best checkpoint predicts for that test image, worked out here.
    model = keras.models.load_model(store.checkpoint(run_id, "best"), compile=False)
    image = load_sample().x_test[index : index + 1]
    probabilities = model.predict(image, verbose=0)[0]
    top = np.argsort(probabilities)[::-1][:5]
    np.testing.assert_allclose(shown, probabilities[top], rtol=1e-5, atol=1e-6)
    assert names == [load_sample().class_names[k] for k in top]
    assert not np.allclose(shown, before[1])


def test_inspect_shows_the_rewritten_checkpoints_filters_and_evaluation_after_a_resume(run):
    store, run_id = run
    at = run_page(AppTest.from_file(page_file("inspect"), default_timeout=120))
    before = plotly_values(chart_json(at, "inspect.filters")["data"][0]["z"])
    accuracy_before = at.metric[0].value

    _resume_to_the_end(store, run_id)
    run_page(at)
    after = plotly_values(chart_json(at, "inspect.filters")["data"][0]["z"])
    assert not np.array_equal(after, before)
    # The same as a session that never saw the old checkpoint draws.
    fresh = run_page(AppTest.from_file(page_file("inspect"), default_timeout=120))
    np.testing.assert_array_equal(
        after, plotly_values(chart_json(fresh, "inspect.filters")["data"][0]["z"])
    )
    # and the evaluation is the resumed run's
    evaluation = store.read_evaluation(run_id)
    assert evaluation["epochs_trained"] == 3
    assert at.metric[0].value == f"{evaluation['accuracy']:.1%}" != accuracy_before
