"""Compare's views inside the networks through AppTest, on stored runs: the experiment's pair
trained for real with its records, the same runs chosen under "Compare any runs", and a
sweep of two learning rates; each view's chart, its two sentences with the runs' own
numbers, Korean, and figures built again only when a run recorded more."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from alexnet.config.run_config import run_config
from alexnet.jobs.bn_experiment import EXPERIMENT_PREFIX, TAG
from alexnet.jobs.worker import execute
from alexnet.store.inside import INSIDE_FILE, inside_records, median_drift
from alexnet.store.run_store import RunStore
from tests.app.trained_run import TINY_CONFIG, chart_json, plotly_values
from tests.inside_records import drifting, stored_run
from tests.specs import QUICK, TINY, TINY_BN
from ui.compare.sentences import number, percent

PAGE = str(Path(__file__).parents[2] / "pages" / "compare.py")
HANGUL = re.compile("[가-힣]")


@pytest.fixture(scope="module")
def experiment(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """An experiment of two tiny runs trained for real, recording inside twice an epoch."""
    root = tmp_path_factory.mktemp("inside")
    store = RunStore(root)
    config = TINY_CONFIG.replace(
        epochs=2, log_every_steps=2, bn_recalibration_images=128, inside_records_per_epoch=2
    )
    ids = []
    for arm, spec in (("No BN", TINY), ("BatchNorm", TINY_BN)):
        run_id = store.create(
            run_config(spec, config), name=f"{arm} · seed 0", arm_name=arm,
            tags=(TAG, EXPERIMENT_PREFIX + "abc123"),
        )  # fmt: skip
        assert execute(store, run_id, threads=1) == "finished"
        ids.append(run_id)
    return root, ids[0], ids[1]


def _open(root: Path, monkeypatch, *run_ids: str, language: str = "en") -> AppTest:
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(root))
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["alexnet.language"] = language
    if run_ids:
        at.query_params["runs"] = ",".join(run_ids)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def _medians(figure: dict) -> list[list[float]]:
    lines = [t for t in figure["data"] if t.get("mode") == "lines+markers"]
    return [plotly_values(t["y"]).tolist() for t in lines]


def test_the_experiments_views_draw_its_records_and_quote_its_numbers(experiment, monkeypatch):
    root, plain, bn = experiment
    at = _open(root, monkeypatch)
    assert "Inside the networks" in [s.value for s in at.subheader]
    assert at.selectbox(key="compare.bn.inside.layer").value == "conv2"  # the middle block
    store = RunStore(root)
    records = {run_id: inside_records(store, run_id) for run_id in (plain, bn)}
    figure = chart_json(at, "compare.bn.inside.layer.0")
    expected = [[r["layers"]["conv2"]["input"]["p50"] for r in records[i]] for i in (plain, bn)]
    assert _medians(figure) == [pytest.approx(e) for e in expected]
    drift = {i: median_drift(records[i], "conv2") for i in (plain, bn)}
    sentence = next(t for t in _texts(at) if t.startswith("Here the median input of conv2"))
    assert (
        f"moved by {number(drift[plain]['moved'])} without BN and by "
        f"{number(drift[bn]['moved'])} with it, {percent(drift[plain]['relative'])} and "
        f"{percent(drift[bn]['relative'])} of its starting" in sentence
    )
    steadier = drift[bn]["relative"] < drift[plain]["relative"]
    assert sentence.endswith("as the paper says." if steadier else "unlike the paper's figure.")
    assert any(t.startswith("Watch the middle line") for t in _texts(at))


@pytest.mark.parametrize(
    ("view", "charts", "first", "second"),
    [
        ("layers", 1, "Every block at once", "Here the median moved less with batch"),
        ("landscape", 2, "Each record takes two trial steps", "Here, on average after the start"),
        ("gradients", 4, "How large each layer's gradient is", "Here the layers' mean gradient"),
    ],
)
def test_each_view_has_its_charts_and_two_sentences(
    experiment, monkeypatch, view, charts, first, second
):
    root, _, _ = experiment
    at = _open(root, monkeypatch)
    at.pills(key="compare.bn.inside.view").set_value(view).run()
    assert not at.exception, [e.value for e in at.exception]
    for index in range(charts):
        figure = chart_json(at, f"compare.bn.inside.{view}.{index}")
        assert len(figure["data"]) >= 2
    texts = _texts(at)
    start = next(i for i, t in enumerate(texts) if t.startswith(first))
    assert texts[start + 1].startswith(second)
    assert re.search(r"\d", texts[start + 1])  # the runs' own numbers
    assert "as the paper says" in texts[start + 1] or "unlike the paper" in texts[start + 1]


def test_the_views_read_in_korean(experiment, monkeypatch):
    root, _, _ = experiment
    at = _open(root, monkeypatch, language="ko")
    assert "신경망 내부" in [s.value for s in at.subheader]
    figure = chart_json(at, "compare.bn.inside.layer.0")
    titles = [a["text"] for a in figure["layout"]["annotations"]]
    assert titles == ["BN 없음", "BatchNorm"]
    assert figure["layout"]["xaxis"]["title"]["text"] == "스텝"
    assert "활성화 함수의 입력" in figure["layout"]["yaxis"]["title"]["text"]
    sentences = [t for t in _texts(at) if "Ioffe" in t or t.startswith("여기서")]
    assert len(sentences) == 2 and all(HANGUL.search(t) for t in sentences)
    assert not any("Here" in t or "Watch" in t for t in _texts(at))
    live = chart_json(at, "compare.bn.live.loss")  # the live curves name the arms by fact too
    assert any(t["name"].startswith("BN 없음 · 시드 0") for t in live["data"] if t.get("name"))


def test_figures_are_built_again_only_when_a_run_recorded_more(experiment, monkeypatch, tmp_path):
    source, plain, _ = experiment
    root = tmp_path / "runs"
    shutil.copytree(source, root)
    at = _open(root, monkeypatch)
    assert at.session_state["compare.bn.inside.figures"].builds == 1
    at.run()
    assert at.session_state["compare.bn.inside.figures"].builds == 1
    path = RunStore(root).path(plain, INSIDE_FILE)
    last = json.loads(path.read_text().splitlines()[-1])
    with open(path, "a", encoding="utf-8") as file:
        file.write(json.dumps({**last, "step": last["step"] + 1}) + "\n")
    at.run()
    assert at.session_state["compare.bn.inside.figures"].builds == 2
    figure = chart_json(at, "compare.bn.inside.layer.0")
    assert len(_medians(figure)[0]) == len(inside_records(RunStore(root), plain))


def test_compare_any_runs_shows_the_views_of_runs_outside_the_experiment(
    experiment, monkeypatch, tmp_path
):
    source, plain, bn = experiment
    at = _open(source, monkeypatch, plain, bn)  # the experiment's own runs: drawn above
    assert any("shown above, under the experiment" in c.value for c in at.caption)
    root = tmp_path / "runs"
    shutil.copytree(source, root)
    for run_id in (plain, bn):  # no longer an experiment: chosen as any two runs
        RunStore(root).set_tags(run_id, [])
    at = _open(root, monkeypatch, plain, bn)
    figure = chart_json(at, "compare.inside.layer.0")
    assert figure["layout"]["xaxis"]["title"]["text"] == "epoch"  # the overlay's x axis
    assert any(t.startswith("Here the median input of conv2") for t in _texts(at))


@pytest.fixture
def sweep(tmp_path: Path) -> Path:
    """An experiment of two rates, finished, with made-up records and final accuracies."""
    store = RunStore(tmp_path / "runs")
    tags = (TAG, EXPERIMENT_PREFIX + "sweep1")
    accuracies = {(0.001, False): 0.30, (0.001, True): 0.50, (0.01, False): 0.10,
                  (0.01, True): 0.35}  # fmt: skip
    for (rate, bn), accuracy in accuracies.items():
        spec, config = (TINY_BN if bn else TINY), QUICK.replace(learning_rate=rate)
        run_id = stored_run(store, spec, config, drifting((0, 5, 10), 0.01 if bn else 0.1))
        store.set_tags(run_id, tags)
        line = {"kind": "epoch", "epoch": 1, "step": 10, "val_accuracy": accuracy}
        store.path(run_id, "metrics.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
        store.write_status(run_id, state="finished")
    return store.root


def test_a_sweep_draws_accuracy_against_the_rate_and_offers_a_pair_per_rate(sweep, monkeypatch):
    at = _open(sweep, monkeypatch)
    figure = chart_json(at, "compare.bn.sweep.chart")
    assert figure["layout"]["xaxis"]["type"] == "log"
    lines = [t for t in figure["data"] if t.get("mode") == "lines+markers"]
    assert [t["name"] for t in lines] == ["No BN", "BatchNorm"]
    assert [plotly_values(t["y"]).tolist() for t in lines] == [[0.30, 0.10], [0.50, 0.35]]
    sentence = next(t for t in _texts(at) if t.startswith("Here the largest rate"))
    assert sentence == (
        "Here the largest rate at which each network still beat chance by 5 points was 0.001 "
        "without BN and 0.01 with it, and at the largest rate, 0.01, they reached 10% and 35%: "
        "batch normalization tolerated larger steps, as the tutorial says."
    )
    pair = at.selectbox(key="compare.bn.inside.pair")
    assert pair.options == ["learning rate 0.001", "learning rate 0.01"]
    pair.set_value(1).run()
    assert not at.exception
    assert any("moved by 1 without BN and by 0.1 with it" in t for t in _texts(at))
