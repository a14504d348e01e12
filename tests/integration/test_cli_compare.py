"""`python -m alexnet inside` and `experiment bn --learning-rates` in a real subprocess: good
input, runs without records, bad ids and bad rates (one line, exit 2, no run created)."""

from __future__ import annotations

import json

import pytest

from alexnet.store.inside import median_drift
from alexnet.store.run_store import RunStore
from tests.cli_runner import one_line_error, run_cli
from tests.inside_records import drifting, stored_run
from tests.specs import QUICK, TINY, TINY_BN

pytestmark = pytest.mark.slow


@pytest.fixture
def recorded(store: RunStore) -> str:
    """A run whose inside.jsonl holds three records of a drifting network."""
    return stored_run(store, TINY_BN, QUICK, drifting((0, 5, 10), 0.1), name="recorded bn")


def test_inside_prints_a_row_per_layer_with_its_percentiles_drift_and_gradient(store, recorded):
    result = run_cli("inside", recorded, runs=store.root)
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"run {recorded} (recorded bn): 3 records on 32 probe images, steps 0 to 10 (epoch 1.00)"
    )
    rows = {line.split()[0]: line.split() for line in lines if line.startswith(("conv", "fc"))}
    assert set(rows) == {"conv1", "conv2", "fc1"}
    # conv2: from -0.5/0/+0.5 to 0.5/1/1.5, the median moved 1.0, 1.0 of its start's range.
    assert rows["conv2"][1:] == ["-0.500/+0.000/+0.500", "+0.500/+1.000/+1.500", "1", "1", "1"]
    assert any(line.startswith("predictions") for line in lines)
    assert lines[-1].startswith("loss landscape, mean after step 0: loss variation 1,")


def test_inside_as_json_prints_every_record_and_the_table(store, recorded):
    data = json.loads(run_cli("inside", recorded, "--json", runs=store.root).stdout)
    assert [r["step"] for r in data["records"]] == [0, 5, 10]
    conv1 = next(row for row in data["layers"] if row["layer"] == "conv1")
    assert conv1["median moved"] == median_drift(data["records"], "conv1")["moved"]
    assert data["landscape_mean_after_start"]["gradient_predictiveness"] == 2.0


def test_a_run_without_records_gets_one_line_naming_the_setting(store):
    run_id = stored_run(store, TINY, QUICK, [])
    line = one_line_error(run_cli("inside", run_id, runs=store.root))
    assert f"Run {run_id} has recorded nothing inside its network" in line
    assert "--inside-records-per-epoch" in line


@pytest.mark.parametrize(
    ("run_id", "says"),
    [("../etc", "'../etc' is not a run id"), ("20990101-000000-abcdef", "There is no run")],
)
def test_a_bad_run_id_gets_one_line(store, run_id, says):
    assert says in one_line_error(run_cli("inside", run_id, runs=store.root))


@pytest.mark.parametrize(
    ("rates", "says"),
    [
        (["--learning-rates", "0.001,fast"], "'fast' is not a number; give rates such as"),
        (["--learning-rates", "0.001,,0.01"], "'' is not a number"),
        (["--learning-rates", "0.01,0.01"], "learning_rates lists 0.01 twice"),
        (["--learning-rates", "0.001,-0.01"], "learning_rate=-0.01 must be above 0"),
        (["--learning-rates", "1,2,3,4,5,6,7"], "lists 7 rates; give 1 to 6"),
        (["--learning-rates", "0.01", "--learning-rate", "0.01"], "not allowed with argument"),
    ],
)
def test_bad_learning_rates_are_refused_before_a_run_exists(store, rates, says):
    result = run_cli("experiment", "bn", "--sample", *rates, runs=store.root)
    assert says in one_line_error(result)
    assert store.list() == []


def test_a_sweep_of_two_rates_trains_a_pair_each_and_prints_accuracy_by_rate(tmp_path):
    runs = tmp_path / "runs"
    result = run_cli(
        "experiment", "bn", "--sample", "--train-size", "500", "--epochs", "1",
        "--learning-rates", "0.001,0.01", runs=runs, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "2 pair(s), 500 images, 1 epochs, learning rates 0.001, 0.01" in lines[0]
    table = lines[lines.index("final validation accuracy by learning rate (mean over seeds)") :]
    assert table[1].split() == ["learning", "rate", "No", "BN", "BatchNorm"]
    assert [row.split()[0] for row in table[3:]] == ["0.001", "0.01"]
    store = RunStore(runs)
    rates = sorted(store.read_config(i.run_id).training.learning_rate for i in store.list())
    assert rates == [0.001, 0.001, 0.01, 0.01]
    for info in store.list():  # the experiment records inside both networks
        assert store.path(info.run_id, "inside.jsonl").stat().st_size > 0
