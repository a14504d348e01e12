"""The experiment's several learning rates: checked before any run exists, queued one pair per
rate and seed, and read back as final accuracy against the rate with the tutorial's claim."""

from __future__ import annotations

import json

import pytest

from alexnet.config.presets import CIFAR10_ALEXNET, CIFAR10_ALEXNET_BN
from alexnet.config.run_config import run_config
from alexnet.jobs import bn_experiment
from alexnet.jobs.bn_experiment import (
    RATE_SWEEP,
    check_learning_rates,
    experiment_config,
    start_experiment,
)
from alexnet.store.rate_sweep import RatePoint, rate_means, rate_points, sweep_findings
from tests.specs import QUICK, TINY, TINY_BN


@pytest.mark.parametrize(
    ("rates", "says"),
    [
        ((), "lists 0 rates; give 1 to 6"),
        ((0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007), "lists 7 rates"),
        ((0.001, 0.01, 0.001), "lists 0.001 twice"),
        ((0.01, 0.0), "learning_rate=0.0 must be above 0"),
        ((11.0,), "learning_rate=11.0 must be above 0 and at most 10"),
        ((float("nan"),), "learning_rate must be a finite number"),
    ],
)
def test_bad_rates_are_refused_and_no_run_is_created(store, rates, says) -> None:
    with pytest.raises(ValueError, match=says):
        start_experiment(store, learning_rates=rates)
    assert store.list() == []


def test_good_rates_come_back_as_floats_in_their_order() -> None:
    assert check_learning_rates([0.01, 0.001]) == (0.01, 0.001)


def test_a_sweep_queues_a_pair_per_seed_and_rate_named_by_rate(store, monkeypatch) -> None:
    monkeypatch.setattr(bn_experiment.RunQueue, "start_due", lambda self: None)  # no training
    experiment = start_experiment(store, seeds=2, learning_rates=(0.001, 0.01))
    assert experiment.learning_rates == (0.001, 0.01)
    infos = sorted(store.list(), key=lambda i: (i.created_at, i.run_id))
    names = [store.get(r).name for pair in experiment.pairs for r in pair]
    assert names == [
        "No BN · seed 0", "BatchNorm · seed 0", "No BN · lr 0.01 · seed 0",
        "BatchNorm · lr 0.01 · seed 0", "No BN · seed 1", "BatchNorm · seed 1",
        "No BN · lr 0.01 · seed 1", "BatchNorm · lr 0.01 · seed 1",
    ]  # fmt: skip
    assert len(infos) == 8
    configs = [store.read_config(r) for pair in experiment.pairs for r in pair]
    assert [(c.training.learning_rate, c.seed) for c in configs[::2]] == [
        (0.001, 0), (0.01, 0), (0.001, 1), (0.01, 1)
    ]  # fmt: skip
    assert [c.spec for c in configs[:2]] == [CIFAR10_ALEXNET, CIFAR10_ALEXNET_BN]


def test_a_single_rate_stays_the_default_experiment(store, monkeypatch) -> None:
    monkeypatch.setattr(bn_experiment.RunQueue, "start_due", lambda self: None)
    experiment = start_experiment(store)
    assert experiment.learning_rates == (0.001,) and len(experiment.pairs) == 1
    assert RATE_SWEEP == (0.001, 0.003, 0.01, 0.03)


def _point(rate: float, bn: bool, accuracy: float | None, seed: int = 0) -> RatePoint:
    return RatePoint(f"{rate}-{bn}-{seed}", rate, bn, seed, accuracy, 0.1)


def test_seeds_at_a_rate_are_averaged_and_unfinished_runs_left_out() -> None:
    points = [_point(0.01, True, 0.4), _point(0.01, True, 0.2, 1), _point(0.03, True, None)]
    (mean,) = rate_means(points, True)
    assert (mean.learning_rate, mean.mean, mean.low, mean.high, mean.seeds) == (
        0.01, pytest.approx(0.3), 0.2, 0.4, 2
    )  # fmt: skip
    assert rate_means(points, False) == []


def test_batch_norm_still_learning_at_a_larger_rate_holds_the_claim() -> None:
    points = [
        _point(0.001, False, 0.30), _point(0.01, False, 0.10), _point(0.03, False, 0.10),
        _point(0.001, True, 0.50), _point(0.01, True, 0.30), _point(0.03, True, 0.10),
    ]  # fmt: skip
    findings = sweep_findings(points)
    assert findings.rates == (0.001, 0.01, 0.03) and findings.largest == 0.03
    assert (findings.at_largest.plain, findings.at_largest.bn) == (0.10, 0.10)
    assert findings.learned_up_to == (0.001, 0.01)  # both at chance at 0.03
    assert findings.holds


def test_learning_means_beating_chance_by_five_points() -> None:
    points = [
        _point(0.001, False, 0.149), _point(0.01, False, 0.12),  # never 5 points above chance
        _point(0.001, True, 0.15), _point(0.01, True, 0.14),
    ]  # fmt: skip
    findings = sweep_findings(points)
    assert findings.learned_up_to == (None, 0.001)
    assert findings.holds


def test_a_plain_network_learning_as_far_says_the_claim_does_not_hold() -> None:
    points = [
        _point(0.001, False, 0.30), _point(0.01, False, 0.28),
        _point(0.001, True, 0.50), _point(0.01, True, 0.40),
    ]  # fmt: skip
    findings = sweep_findings(points)
    assert findings.learned_up_to == (0.01, 0.01)
    assert not findings.holds


def test_findings_wait_for_both_networks_at_two_rates() -> None:
    points = [_point(0.001, False, 0.3), _point(0.001, True, 0.5), _point(0.01, True, 0.4)]
    assert sweep_findings(points) is None


def test_points_are_read_from_the_store_once_a_run_has_finished(store) -> None:
    ids = []
    for spec, rate, state in ((TINY, 0.001, "finished"), (TINY_BN, 0.01, "running")):
        run_id = store.create(run_config(spec, QUICK.replace(learning_rate=rate)))
        line = {"kind": "epoch", "epoch": 1, "step": 4, "val_accuracy": 0.25}
        store.path(run_id, "metrics.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
        store.write_status(run_id, state=state)
        ids.append(run_id)
    finished, running = rate_points(store, ids)
    assert (finished.learning_rate, finished.batch_norm, finished.val_accuracy) == (
        0.001, False, 0.25
    )  # fmt: skip
    assert finished.chance == pytest.approx(0.1)
    assert (running.batch_norm, running.val_accuracy) == (True, None)


def test_the_experiment_config_keeps_its_rate() -> None:
    assert experiment_config(learning_rate=0.03).learning_rate == 0.03
