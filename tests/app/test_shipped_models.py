"""Shipped pretrained runs in Predict, Inspect and Compare (a real tiny run, exported)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from alexnet.jobs.shipping import export_run
from alexnet.store.run_store import RunStore
from alexnet.store.shipped import ENV_VAR
from tests.app.trained_run import chart_json, top_k_bars
from tests.paths import PAGES


@pytest.fixture(scope="module")
def shipped(trained_runs: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The session's trained run, exported as a shipped run (its folder is only read)."""
    (info,) = RunStore(trained_runs).list()
    run_id, target = info.run_id, tmp_path_factory.mktemp("pretrained")
    export_run(
        RunStore(trained_runs), run_id, target, name="Tiny shipped net", details={"command": "-"}
    )
    return target, run_id


@pytest.fixture
def only_shipped(shipped, tmp_path, monkeypatch) -> str:
    monkeypatch.setenv(ENV_VAR, str(shipped[0]))
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(tmp_path / "no_runs_yet"))
    return shipped[1]


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_predict_offers_the_shipped_run_with_its_test_accuracy_before_any_training(only_shipped):
    accuracy = RunStore(Path(os.environ[ENV_VAR])).read_evaluation(only_shipped)
    at = _run(AppTest.from_file(str(PAGES / "predict.py"), default_timeout=120))
    chooser = at.selectbox(key="predict.model")
    assert chooser.value == f"shipped:{only_shipped}"
    label = f"Shipped: Tiny shipped net ({accuracy['accuracy']:.1%} test accuracy)"
    assert chooser.options == [label]
    assert len(top_k_bars(at)) == 5


def test_inspect_shows_the_shipped_runs_stored_evaluation_without_computing_it(only_shipped):
    at = _run(AppTest.from_file(str(PAGES / "inspect.py"), default_timeout=120))
    assert any(c.value.endswith("(stored with the run)") for c in at.caption)


def test_compare_offers_the_shipped_run_marked_as_shipped_and_draws_its_curves(only_shipped):
    at = _run(AppTest.from_file(str(PAGES / "compare.py"), default_timeout=120))
    picker = at.multiselect(key="compare.runs")
    assert picker.options == [f"Tiny shipped net (finished) · shipped · {only_shipped}"]
    picker.set_value([only_shipped])
    _run(at)
    traces = chart_json(at, "compare.overlay.accuracy")["data"]
    assert any(len(trace.get("y") or []) >= 1 for trace in traces)


def test_the_most_accurate_shipped_model_is_offered_first(tmp_path):
    from alexnet.store.model_files import usable_models
    from alexnet.store.shipped import DEFAULT_DIR

    shipped = [
        model
        for model in usable_models(RunStore(tmp_path / "runs"), DEFAULT_DIR)
        if model.kind == "shipped"
    ]
    store = RunStore(DEFAULT_DIR)
    accuracies = [store.read_evaluation(choice.run_id)["accuracy"] for choice in shipped]
    assert len(shipped) == 2 and accuracies == sorted(accuracies, reverse=True)
