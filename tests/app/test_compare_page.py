"""The Compare page through AppTest: overlays, table, reference, and a real BN vs none pair."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from alexnet.config.run_config import run_config
from alexnet.jobs.bn_experiment import latest_experiment
from alexnet.network.layer_table import layer_table
from alexnet.store.processes import process_start_time
from alexnet.store.run_store import ACTIVE_STATES, RunStore
from tests.app.pages import page_file
from tests.app.run_store_fixture import StoreRuns, build_store
from tests.app.trained_run import TINY_CONFIG, chart_json
from tests.specs import TINY
from tests.waiting import wait_for
from tests.workers import kill_workers

PAGE = page_file("compare")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> StoreRuns:
    return build_store(tmp_path_factory.mktemp("runs"))


@pytest.fixture
def store_env(runs: StoreRuns, monkeypatch: pytest.MonkeyPatch) -> StoreRuns:
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(runs.root))
    return runs


def _open(*run_ids: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    if run_ids:
        at.query_params["runs"] = ",".join(run_ids)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _traces(at: AppTest, key: str) -> list[dict]:
    return chart_json(at, key)["data"]


def test_linked_runs_are_preselected_and_each_gets_train_and_validation_traces(store_env) -> None:
    at = _open(store_env.finished, store_env.running)
    assert at.multiselect(key="compare.runs").value == [store_env.finished, store_env.running]
    at.toggle(key="compare.group").set_value(False).run()
    for metric in ("loss", "accuracy"):
        traces = _traces(at, f"compare.overlay.{metric}")
        assert len(traces) == 4
        assert sum(t["line"]["dash"] == "dash" for t in traces) == 2
    assert len(at.dataframe[0].value) == 2


def test_selecting_a_third_run_adds_its_two_traces(store_env) -> None:
    at = _open(store_env.finished, store_env.running)
    at.toggle(key="compare.group").set_value(False).run()
    at.multiselect(key="compare.runs").select(store_env.stopped).run()
    assert not at.exception
    assert len(_traces(at, "compare.overlay.loss")) == 6
    assert len(at.dataframe[0].value) == 3


def test_runs_differing_only_in_seed_become_a_mean_and_a_band(store_env) -> None:
    # finished, stopped and running share spec, config and data: one arm of three.
    at = _open(store_env.finished, store_env.stopped, store_env.running)
    traces = _traces(at, "compare.overlay.accuracy")
    assert len(traces) == 4  # band and mean for train and for validation
    assert sum(t.get("fill") == "toself" for t in traces) == 2
    assert any("mean of 3" in t.get("name", "") for t in traces)
    names = set(at.dataframe[0].value["run"])  # the table keeps one row per run, by name
    assert names == {"tiny finished", "tiny stopped", "tiny running"}


def test_the_tutorial_run_is_preselected_as_a_marked_reference(store_env) -> None:
    at = _open()
    assert at.multiselect(key="compare.runs").value == [store_env.tutorial]
    figure = chart_json(at, "compare.overlay.loss")
    assert any("tutorial" in a["text"] for a in figure["layout"]["annotations"])
    assert any(store_env.tutorial in o and "★" in o for o in at.multiselect[0].options)


def test_the_table_reports_the_figures_of_the_finished_run(store_env) -> None:
    at = _open(store_env.finished)
    at.slider(key="compare.target").set_value(10).run()
    row = at.dataframe[0].value.iloc[0]
    store = RunStore(store_env.root)
    epochs = store.metrics_frame(store_env.finished, "epoch")
    assert row["epochs"] == 2
    assert row["best val accuracy"] == pytest.approx(100 * epochs["val_accuracy"].max())
    test = store.read_evaluation(store_env.finished)["accuracy"]
    assert row["test accuracy"] == pytest.approx(100 * test)
    assert row["parameters"] == layer_table(TINY).total_params
    reached = epochs[epochs["val_accuracy"] >= 0.10]
    expected = "not reached" if reached.empty else str(int(reached["epoch"].iloc[0]))
    assert row["epochs to target"] == expected
    peak = store.read_status(store_env.finished)["peak_memory_mb"]  # recorded by its worker
    captions = [c.value for c in at.caption]
    assert f"Peak memory of the training process: {row['run']} {peak:,.0f} MiB." in captions
    at.slider(key="compare.target").set_value(95).run()
    assert at.dataframe[0].value.iloc[0]["seconds to target"] == "not reached"


def test_runs_without_a_recorded_peak_memory_get_no_memory_line(store_env) -> None:
    at = _open(store_env.running)  # its worker has not ended: no peak yet
    assert at.dataframe[0].value.shape[0] == 1
    assert not [c.value for c in at.caption if c.value.startswith("Peak memory")]


def test_without_runs_the_page_offers_the_experiment(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(tmp_path))
    at = _open()
    assert at.button(key="compare.bn.start").disabled is False
    assert any("There are no runs yet" in i.value for i in at.info)
    assert len(at.caption) >= 3  # what BN does and why several seeds, beside the controls


def _redrawn_until(at: AppTest, done) -> Callable[[], bool]:
    """A check for `wait_for` that draws the page again before it asks `done`."""

    def check() -> bool:
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return bool(done())

    return check


def test_a_second_tab_pressing_start_after_the_first_is_told_it_could_not_start(
    tmp_path, monkeypatch
) -> None:
    root = tmp_path / "runs"
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(root))
    store = RunStore(root)
    # A run of this process holds the queue's only slot: the experiment queues (and counts
    # as running) without a worker being started.
    holder = store.create(run_config(TINY, TINY_CONFIG), name="slot holder")
    me = os.getpid()
    store.write_status(holder, state="running", pid=me, pid_start=process_start_time(me))
    first, second = _open(), _open()  # two tabs, both offering Start
    assert not first.button(key="compare.bn.start").disabled
    assert not second.button(key="compare.bn.start").disabled
    first.button(key="compare.bn.start").click().run()
    assert not first.exception and not first.error
    pair = latest_experiment(store)
    assert [(i.name, i.state) for i in pair] == [
        ("No BN · seed 0", "queued"),
        ("BatchNorm · seed 0", "queued"),
    ]
    second.button(key="compare.bn.start").click().run()  # its page still shows Start
    assert not second.exception
    assert [e.value for e in second.error] == [
        "The experiment could not start: An experiment is still running (2 of its runs are "
        "queued or training); stop it, or wait until it ends, before starting a new one."
    ]
    assert [i.run_id for i in latest_experiment(store)] == [i.run_id for i in pair]
    assert len(store.list()) == 3  # the slot holder and one pair: nothing more was created
    assert second.button(key="compare.bn.start").disabled  # it now shows the running one


@pytest.mark.slow
def test_the_bn_pair_trains_in_two_workers_and_both_curves_appear(tmp_path, monkeypatch) -> None:
    root = tmp_path / "runs"
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(root))
    monkeypatch.delenv("CIFAR10_PATH", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))  # no full data: the sample
    store = RunStore(root)
    at = _open()
    at.number_input(key="compare.bn.train_size").set_value(500)
    at.number_input(key="compare.bn.epochs").set_value(20)
    at.button(key="compare.bn.start").click().run()
    assert not at.exception
    infos = latest_experiment(store)
    try:
        assert [i.name for i in infos] == ["No BN · seed 0", "BatchNorm · seed 0"]
        assert all(i.state in ACTIVE_STATES for i in infos)
        assert at.button(key="compare.bn.start").disabled

        def both_curves() -> bool:
            names = [t["name"] for t in _traces(at, "compare.bn.live.loss") if t.get("x")]
            return any("No BN" in n for n in names) and any("BatchNorm" in n for n in names)

        wait_for(_redrawn_until(at, both_curves), 240, "step curves of both runs", every=1.0)
        for info in infos:
            assert store.read_metrics(info.run_id, "step")
        at.button(key="compare.bn.stop").click().run()
        wait_for(
            _redrawn_until(
                at, lambda: not any(i.state in ACTIVE_STATES for i in latest_experiment(store))
            ),
            120,
            "both runs to stop",
            every=1.0,
        )
        states = {i.state for i in latest_experiment(store)}
        assert states <= {"stopped", "finished"}, states
        at.run()  # the wait's last rerun may have drawn the page just before the runs ended
        assert not at.button(key="compare.bn.start").disabled
    finally:
        kill_workers(root)
        shutil.rmtree(root, ignore_errors=True)


def test_the_page_reads_in_korean_and_keeps_the_chosen_axis_on_a_switch(store_env) -> None:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.query_params["runs"] = store_env.finished
    at.run()
    at.segmented_control(key="compare.x").set_value("time").run()
    at.session_state["alexnet.language"] = "ko"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "비교"
    assert at.segmented_control(key="compare.x").value == "time"
    figure = chart_json(at, "compare.overlay.accuracy")
    assert figure["layout"]["xaxis"]["title"]["text"] == "학습 시간(초)"


@pytest.fixture(scope="module")
def bn_experiment(runs: StoreRuns, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An experiment of two tiny runs, trained for real: one with batch normalization.

    The one without is the store fixture's finished run (the same network and recipe),
    copied and labelled as the experiment's, so it is not trained a second time.
    """
    from alexnet.jobs.bn_experiment import EXPERIMENT_PREFIX, TAG
    from alexnet.jobs.worker import execute

    root = tmp_path_factory.mktemp("experiment")
    store = RunStore(root)
    tags = (TAG, EXPERIMENT_PREFIX + "abc123")
    shutil.copytree(runs.root / runs.finished, root / runs.finished)
    store.rename(runs.finished, "No BN · seed 0")
    store.set_tags(runs.finished, tags)
    # Its recipe, with fewer recalibration images (they apply to batch normalization only).
    config = RunStore(runs.root).read_config(runs.finished).training
    config = config.replace(bn_recalibration_images=128)
    bn = TINY.with_batch_norm("before_activation")
    run_id = store.create(run_config(bn, config), name="BatchNorm · seed 0", tags=tags)
    assert execute(store, run_id, threads=1) == "finished"
    return root


def test_the_switch_adds_the_lagging_curves_of_the_bn_run_only(bn_experiment, monkeypatch) -> None:
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(bn_experiment))
    at = _open()
    switch = at.toggle(key="compare.bn.moving")
    assert switch.value is False
    for metric in ("loss", "accuracy"):
        traces = _traces(at, f"compare.bn.live.{metric}")
        assert {t["line"]["dash"] for t in traces} == {"solid", "dash"}
    switch.set_value(True).run()
    assert not at.exception
    for metric in ("loss", "accuracy"):
        dotted = [t for t in _traces(at, f"compare.bn.live.{metric}") if t["line"]["dash"] == "dot"]
        assert [t["name"] for t in dotted] == ["BatchNorm · seed 0 · validation, moving averages"]
        assert len(dotted[0]["x"]) == 2  # one point per epoch
    captions = " ".join(c.value for c in at.caption)
    assert "plain Keras validates with it" in captions
    at.session_state["alexnet.language"] = "ko"
    at.run()
    assert "기본 Keras" in " ".join(c.value for c in at.caption)
