"""Watching a run: figures are built again only when the run logged something new.

A run "trains" here as the run-store fixture's do: its status says running, with this test
process as its live worker, and the test appends the metrics lines a worker would write.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from alexnet.config.run_config import run_config
from alexnet.jobs.bn_experiment import EXPERIMENT_PREFIX, TAG
from alexnet.store.processes import process_start_time
from alexnet.store.run_store import RunStore
from tests.app.pages import SPEC_KEY
from tests.app.trained_run import TINY_CONFIG, chart_json, plotly_values
from tests.paths import PAGES
from tests.specs import TINY
from ui.i18n import LANGUAGE_KEY

TRAIN_STEPS = "train.chart.figures.step"  # ui.train.run_panel.STEP_FIGURES_KEY
TRAIN_EPOCHS = "train.chart.figures.epoch"  # ui.train.run_panel.EPOCH_FIGURES_KEY
COMPARE_FIGURES = "compare.bn.figures"  # ui.compare.experiment.FIGURES_KEY


def _append_steps(store: RunStore, run_id: str, first: int, count: int) -> None:
    lines = [
        {"kind": "step", "step": s, "epoch": 1, "batch": s, "loss": 2.3 - s / 100,
         "accuracy": s / 100, "elapsed_seconds": s / 10, "images_per_second": 100.0}
        for s in range(first, first + count)
    ]  # fmt: skip
    with open(store.path(run_id, "metrics.jsonl"), "a", encoding="utf-8") as f:
        f.writelines(json.dumps(line) + "\n" for line in lines)


def _training(store: RunStore, name: str = "watched", spec=TINY, **create) -> str:
    run_id = store.create(run_config(spec, TINY_CONFIG.replace(epochs=2)), name=name, **create)
    pid = os.getpid()  # this process is the run's live "worker"
    store.write_status(
        run_id, state="running", pid=pid, pid_start=process_start_time(pid),
        epoch=0, epochs=2, steps_per_epoch=100,
    )  # fmt: skip
    _append_steps(store, run_id, 1, 5)
    return run_id


def _lengths(at: AppTest, key: str) -> list[int]:
    """Points of each trace of a chart."""
    return [len(plotly_values(trace["x"])) for trace in chart_json(at, key)["data"]]


def _points(at: AppTest, key: str) -> int:
    return _lengths(at, key)[0]


@pytest.fixture
def store(runs_dir: Path) -> RunStore:
    return RunStore(runs_dir)


def _builds(at: AppTest) -> tuple[int, int]:
    return at.session_state[TRAIN_STEPS].builds, at.session_state[TRAIN_EPOCHS].builds


def test_the_train_panel_builds_its_figures_only_for_new_records_or_settings(store) -> None:
    run_id = _training(store)
    at = AppTest.from_file(str(PAGES / "train.py"), default_timeout=60)
    at.session_state[SPEC_KEY] = TINY
    at.run()
    assert not at.exception
    assert _builds(at) == (1, 1)
    assert _points(at, "train.chart.step.loss") == 5
    for _ in range(3):  # the page looks again: nothing new, nothing built
        at.run()
        assert _builds(at) == (1, 1)
    assert _points(at, "train.chart.step.loss") == 5  # and the curves are still drawn

    _append_steps(store, run_id, 6, 2)  # new steps: the step curves only
    at.run()
    assert _builds(at) == (2, 1)
    assert _points(at, "train.chart.step.loss") == 7
    with open(store.path(run_id, "metrics.jsonl"), "a", encoding="utf-8") as f:
        f.write(json.dumps({"kind": "epoch", "epoch": 1, "loss": 2.0, "accuracy": 0.2}) + "\n")
    at.run()  # an epoch ended: its curves only
    assert _builds(at) == (2, 2)
    assert _points(at, "train.chart.epoch.loss") == 1
    at.slider(key="train.chart.smoothing").set_value(0.0).run()  # a setting of the step curves
    assert _builds(at) == (3, 2)
    at.run()
    assert _builds(at) == (3, 2)
    assert not at.exception


def test_a_long_run_draws_a_few_hundred_points_per_curve_with_its_ends(store) -> None:
    run_id = _training(store)
    _append_steps(store, run_id, 6, 5_000 - 5)
    at = AppTest.from_file(str(PAGES / "train.py"), default_timeout=60)
    at.session_state[SPEC_KEY] = TINY
    at.run()
    assert not at.exception
    for trace in chart_json(at, "train.chart.step.loss")["data"]:
        xs = plotly_values(trace["x"])
        assert 100 <= len(xs) <= 400
        assert xs[0] == 1 and xs[-1] == 5_000


def test_the_live_experiment_builds_its_figures_only_for_new_records_or_the_switch(
    store,
) -> None:
    tags = [TAG, EXPERIMENT_PREFIX + "live01"]
    pair = (("No BN", TINY), ("BatchNorm", TINY.with_batch_norm("before_activation")))
    runs = [_training(store, name, spec, group="live01", tags=tags) for name, spec in pair]
    at = AppTest.from_file(str(PAGES / "compare.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert at.session_state[COMPARE_FIGURES].builds == 1
    assert _points(at, "compare.bn.live.loss") == 5
    at.run()
    assert at.session_state[COMPARE_FIGURES].builds == 1

    _append_steps(store, runs[1], 6, 3)  # one of the pair logged three more steps
    at.run()
    assert at.session_state[COMPARE_FIGURES].builds == 2
    assert sorted(_lengths(at, "compare.bn.live.loss")) == [5, 8]
    at.toggle(key="compare.bn.moving").set_value(True).run()
    assert at.session_state[COMPARE_FIGURES].builds == 3
    at.run()
    assert at.session_state[COMPARE_FIGURES].builds == 3
    assert not at.exception


def test_sessions_watching_one_experiment_share_its_figures_in_their_language(store) -> None:
    """A class on one page: the figures are built once for every tab, not once per tab."""
    tags = [TAG, EXPERIMENT_PREFIX + "class1"]
    pair = (("No BN", TINY), ("BatchNorm", TINY.with_batch_norm("before_activation")))
    for name, spec in pair:
        _training(store, name, spec, group="class1", tags=tags)
    tabs = [AppTest.from_file(str(PAGES / "compare.py"), default_timeout=60) for _ in range(3)]
    tabs[2].session_state[LANGUAGE_KEY] = "ko"
    for tab in tabs:
        tab.run()
        assert not tab.exception
    first, second, korean = (tab.session_state[COMPARE_FIGURES].figures for tab in tabs)
    assert all(a is b for a, b in zip(first, second, strict=True))
    assert not any(a is b for a, b in zip(first, korean, strict=True))
    live = "compare.bn.live.loss"
    assert chart_json(tabs[1], live) == chart_json(tabs[0], live)
