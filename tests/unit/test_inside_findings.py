"""What a pair of networks shows inside, and whether each paper's claim holds: from records
whose numbers the tests choose, so every figure is known by hand."""

from __future__ import annotations

import pytest

from alexnet.store.inside import arm_pairs, inside_arms
from alexnet.store.inside_findings import Compared, common_last_step, pair_findings
from tests.inside_records import drifting, record, stored_run
from tests.specs import QUICK, TINY, TINY_BN

STEPS = (0, 5, 10)


def _pair(store, plain_records, bn_records, config=QUICK):
    plain = stored_run(store, TINY, config, plain_records, arm_name="No BN")
    bn = stored_run(store, TINY_BN, config, bn_records, arm_name="BatchNorm")
    arms = inside_arms(store, [plain, bn])
    (pair,) = arm_pairs(arms)
    return pair


def test_arms_are_told_by_the_runs_config_not_by_their_names(store) -> None:
    # Names that say the opposite of the networks: the config decides.
    plain = stored_run(store, TINY, QUICK, drifting(STEPS, 0.1), name="BatchNorm run")
    bn = stored_run(store, TINY_BN, QUICK, drifting(STEPS, 0.0), name="No BN run")
    arms = inside_arms(store, [bn, plain])
    assert [(a.name, a.batch_norm) for a in arms] == [("No BN run", True), ("BatchNorm run", False)]
    ((without, with_bn),) = arm_pairs(arms)
    assert (without.runs[0].run_id, with_bn.runs[0].run_id) == (plain, bn)


def test_seeds_join_one_arm_and_runs_without_records_are_left_out(store) -> None:
    ids = [
        stored_run(store, TINY, QUICK.replace(seed=seed), drifting(STEPS, 0.1 * (seed + 1)))
        for seed in (0, 1)
    ]
    empty = stored_run(store, TINY, QUICK.replace(seed=2), [])
    (arm,) = inside_arms(store, [*ids, empty])
    assert [r.seed for r in arm.runs] == [0, 1]
    assert arm.learning_rate == QUICK.learning_rate


def test_pairs_are_the_arms_trained_alike_else_every_combination(store) -> None:
    fast = QUICK.replace(learning_rate=0.01)
    ids = [
        stored_run(store, spec, config, drifting(STEPS, 0.1))
        for config in (QUICK, fast)
        for spec in (TINY, TINY_BN)
    ]
    pairs = arm_pairs(inside_arms(store, ids))
    assert [(p.learning_rate, b.learning_rate) for p, b in pairs] == [(0.001, 0.001), (0.01, 0.01)]
    mismatched = arm_pairs(inside_arms(store, [ids[0], ids[3]]))
    assert [(p.learning_rate, b.learning_rate) for p, b in mismatched] == [(0.001, 0.01)]


def test_a_steadier_input_with_batch_norm_holds_ioffe_and_szegedys_claim(store) -> None:
    findings = pair_findings(*_pair(store, drifting(STEPS, 0.1), drifting(STEPS, 0.01)))
    drift = findings.drift("conv2")
    # The median moved 0.1 per step for 10 steps, over a 15th-85th range 1 wide.
    assert drift.moved.plain == pytest.approx(1.0) and drift.moved.bn == pytest.approx(0.1)
    assert drift.relative.plain == pytest.approx(1.0) and drift.relative.bn == pytest.approx(0.1)
    assert findings.distribution_holds("conv2") is True
    assert findings.steadier_blocks == (3, 3) and findings.blocks_hold is True


def test_a_bn_input_that_moves_more_says_the_claim_does_not_hold(store) -> None:
    findings = pair_findings(*_pair(store, drifting(STEPS, 0.01), drifting(STEPS, 0.1)))
    assert findings.distribution_holds("conv1") is False
    assert findings.blocks_hold is False and findings.steadier_blocks == (0, 3)
    assert findings.most_moved(batch_norm=True).relative.bn == pytest.approx(1.0)


def test_before_the_first_step_nothing_is_claimed(store) -> None:
    findings = pair_findings(*_pair(store, drifting((0,), 0.1), drifting((0,), 0.1)))
    assert findings.distribution_holds("conv1") is None
    assert findings.blocks_hold is None
    assert findings.smoother_counts is None
    assert findings.gradients_hold is None


def test_a_pair_is_compared_up_to_the_step_both_have_recorded(store) -> None:
    # The plain run is ahead (step 20); its median jumps after step 10, where BN has not been.
    plain = [*drifting(STEPS, 0.0), record(20, dict.fromkeys(("conv1", "conv2", "fc1"), 5.0))]
    plain_arm, bn_arm = _pair(store, plain, drifting(STEPS, 0.01))
    assert common_last_step((plain_arm, bn_arm)) == 10
    findings = pair_findings(plain_arm, bn_arm)
    assert findings.last_step == 10
    assert findings.drift("conv1").moved.plain == 0.0
    assert findings.distribution_holds("conv1") is False


def test_landscape_and_gradient_figures_are_means_after_the_start(store) -> None:
    plain = [
        record(s, {"conv1": 0.0}, loss_variation=v, gradient_predictiveness=10 * v,
               grad_norms={"conv1": 8.0, "predictions": 0.5})
        for s, v in ((0, 100.0), (5, 4.0), (10, 6.0))
    ]  # fmt: skip
    bn = [
        record(s, {"conv1": 0.0}, loss_variation=v, gradient_predictiveness=30.0,
               grad_norms={"conv1": 2.0, "predictions": 1.0})
        for s, v in ((0, 0.1), (5, 1.0), (10, 1.0))
    ]  # fmt: skip
    findings = pair_findings(*_pair(store, plain, bn))
    assert findings.loss_variation == Compared(5.0, 1.0)  # step 0 left out
    assert findings.gradient_predictiveness == Compared(50.0, 30.0)
    assert findings.smoother_counts == 2
    assert findings.gradient_spread == Compared(16.0, 2.0)  # largest over smallest norm
    assert findings.gradients_hold is True
    assert findings.update_ratios["conv1"] == Compared(0.001, 0.001)


def test_one_smoother_count_of_two_is_reported_as_one(store) -> None:
    plain = drifting(STEPS, 0.1, loss_variation=5.0, gradient_predictiveness=1.0)
    bn = drifting(STEPS, 0.1, loss_variation=1.0, gradient_predictiveness=3.0)
    assert pair_findings(*_pair(store, plain, bn)).smoother_counts == 1


def test_an_arms_figure_is_the_mean_of_its_seeds(store) -> None:
    plain = [
        stored_run(store, TINY, QUICK.replace(seed=s), drifting(STEPS, speed))
        for s, speed in ((0, 0.1), (1, 0.3))
    ]
    bn = stored_run(store, TINY_BN, QUICK, drifting(STEPS, 0.0))
    ((without, with_bn),) = arm_pairs(inside_arms(store, [*plain, bn]))
    assert pair_findings(without, with_bn).drift("fc1").moved.plain == pytest.approx(2.0)
