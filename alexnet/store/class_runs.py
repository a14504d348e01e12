"""The class as the seeds: every run trained like the same network, on any machine.

A class of 30 laptops each runs the batch-normalization experiment with its own first seed,
downloads the two runs and hands them in; the teacher imports the zips. Runs trained alike
(the same network, training settings and data, whatever their seed, machine or experiment:
`alexnet.config.run_config.RunConfig.arm_key`) form one arm, and the pages draw each arm as
a mean with a band. The experiment's pairs are the runs that trained side by side (one
`group`): per pair, how far batch normalization was ahead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from alexnet.store.run_store import RunInfo, RunStore


def arms(store: RunStore, infos: Sequence[RunInfo]) -> dict[str, list[RunInfo]]:
    """The runs grouped by what they trained (`RunConfig.arm_key`), unreadable ones left out."""
    found: dict[str, list[RunInfo]] = {}
    for info in infos:
        if info.damaged:
            continue
        try:
            key = store.read_config(info.run_id).arm_key()
        except (OSError, ValueError):
            continue
        found.setdefault(key, []).append(info)
    return found


def trained_alike(
    store: RunStore, runs: Sequence[RunInfo], candidates: Sequence[RunInfo]
) -> list[RunInfo]:
    """`runs`, and every candidate trained like one of them, oldest first.

    Args:
        runs: e.g. the latest experiment's runs.
        candidates: e.g. every run of the batch-normalization experiment in the store,
            imported ones included.
    """
    wanted = set(arms(store, runs))
    alike = {i.run_id: i for key, members in arms(store, candidates).items() if key in wanted
             for i in members}  # fmt: skip
    alike.update({i.run_id: i for i in runs})
    return sorted(alike.values(), key=lambda i: (i.created_at, i.run_id))


@dataclass(frozen=True)
class PairResult:
    """One pair of the experiment: both networks' final accuracy, and who was ahead."""

    seed: int
    plain: float  # the network without batch normalization
    batch_norm: float
    measure: str  # "test" (evaluation.json) or "validation" (the last epoch's)

    @property
    def difference(self) -> float:
        """Batch normalization's lead, in accuracy (negative: behind)."""
        return self.batch_norm - self.plain


def _final_accuracy(store: RunStore, run_id: str) -> tuple[float, str] | None:
    evaluation = store.read_evaluation(run_id) or {}
    if isinstance(evaluation.get("accuracy"), int | float):
        return float(evaluation["accuracy"]), "test"
    epochs = store.read_metrics(run_id, "epoch")
    last = epochs[-1].get("val_accuracy") if epochs else None
    return (float(last), "validation") if isinstance(last, int | float) else None


def pair_results(store: RunStore, infos: Sequence[RunInfo]) -> list[PairResult]:
    """Per finished pair (two runs of one group, one with batch normalization and one
    without, each with a final accuracy): the result, by seed. Both runs of a pair are
    measured alike: test accuracy where both have it, else validation accuracy."""
    groups: dict[str, list[RunInfo]] = {}
    for info in infos:
        if info.group and info.state == "finished":
            groups.setdefault(info.group, []).append(info)
    results = []
    for members in groups.values():
        result = _pair_result(store, members)
        if result is not None:
            results.append(result)
    return sorted(results, key=lambda r: r.seed)


def _pair_result(store: RunStore, members: list[RunInfo]) -> PairResult | None:
    by_bn: dict[bool, tuple[RunInfo, int]] = {}
    for info in members:
        try:
            config = store.read_config(info.run_id)
        except (OSError, ValueError):
            return None
        by_bn[config.spec.uses_batch_norm] = (info, config.seed)
    if set(by_bn) != {False, True}:
        return None
    (plain, seed), (bn, _) = by_bn[False], by_bn[True]
    a, b = _final_accuracy(store, plain.run_id), _final_accuracy(store, bn.run_id)
    if a is None or b is None:
        return None
    if a[1] != b[1]:  # measure both alike: the validation both record
        epochs = [store.read_metrics(r.run_id, "epoch") for r in (plain, bn)]
        values = [e[-1].get("val_accuracy") if e else None for e in epochs]
        if not all(isinstance(v, int | float) for v in values):
            return None
        return PairResult(seed, float(values[0]), float(values[1]), "validation")
    return PairResult(seed, a[0], b[0], a[1])
