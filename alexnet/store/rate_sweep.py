"""Final validation accuracy against the learning rate, with and without batch normalization:
what the experiment's chart of several rates draws, and what its sentence quotes. No
TensorFlow here.

The claim (the seed tutorial's, after Ioffe and Szegedy's section 3.3): batch normalization
tolerates larger steps. Measured: at the largest rate, the share of its gain over chance at
its best rate that each network keeps, (accuracy - chance) / (best - chance), 0 where it
never beat chance. It holds where batch normalization keeps more. An arm's accuracy at a
rate is the mean over its seeds; a run counts once it has finished.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from alexnet.store.inside_findings import Compared
from alexnet.store.run_store import RunStore


@dataclass(frozen=True)
class RatePoint:
    """One run of a rate sweep: its rate, its network and how it ended."""

    run_id: str
    learning_rate: float
    batch_norm: bool  # `ModelSpec.uses_batch_norm`
    seed: int
    val_accuracy: float | None  # the last epoch's validation accuracy; None until finished
    chance: float  # 1 / num_classes: what guessing scores


@dataclass(frozen=True)
class RateMean:
    """One network's final validation accuracy at one rate, over its seeds."""

    learning_rate: float
    mean: float
    low: float
    high: float
    seeds: int


def rate_points(store: RunStore, run_ids: Sequence[str]) -> list[RatePoint]:
    """A point per run (a run whose folder cannot be read is left out)."""
    points = []
    for run_id in run_ids:
        try:
            config = store.read_config(run_id)
            state = store.get(run_id).state
        except (OSError, ValueError):
            continue
        last = store.metrics_tail(run_id).last("epoch") or {}
        value = last.get("val_accuracy")
        ended = state == "finished" and isinstance(value, int | float)
        points.append(
            RatePoint(
                run_id=run_id,
                learning_rate=config.training.learning_rate,
                batch_norm=config.spec.uses_batch_norm,
                seed=config.seed,
                val_accuracy=float(value) if ended else None,
                chance=1 / config.spec.num_classes,
            )
        )
    return points


def learning_rates(points: Sequence[RatePoint]) -> list[float]:
    """The rates of the sweep, smallest first."""
    return sorted({p.learning_rate for p in points})


def rate_means(points: Sequence[RatePoint], batch_norm: bool) -> list[RateMean]:
    """One network's mean, lowest and highest accuracy at each rate it finished, by rate."""
    by_rate: dict[float, list[float]] = {}
    for p in points:
        if p.batch_norm == batch_norm and p.val_accuracy is not None:
            by_rate.setdefault(p.learning_rate, []).append(p.val_accuracy)
    return [
        RateMean(rate, sum(v) / len(v), min(v), max(v), len(v))
        for rate, v in sorted(by_rate.items())
    ]


@dataclass(frozen=True)
class SweepFindings:
    """What the sweep shows (see the module docstring for the claim)."""

    largest: float  # the largest rate both networks finished
    at_largest: Compared  # mean accuracy there
    best: Compared  # each network's best mean accuracy over the rates
    best_rate: tuple[float, float]  # where each had it (without, with batch normalization)
    kept: Compared  # the share of the gain over chance kept at the largest rate
    chance: float

    @property
    def holds(self) -> bool:
        """Batch normalization kept more of what it learned at the largest rate."""
        return bool(self.kept.bn is not None and self.kept.bn > (self.kept.plain or 0.0))


def _kept(accuracy: float, best: float, chance: float) -> float:
    return max(0.0, accuracy - chance) / (best - chance) if best > chance else 0.0


def sweep_findings(points: Sequence[RatePoint]) -> SweepFindings | None:
    """The sweep's figures, once both networks finished at two rates or more (else None)."""
    plain = {m.learning_rate: m.mean for m in rate_means(points, False)}
    bn = {m.learning_rate: m.mean for m in rate_means(points, True)}
    shared = sorted(set(plain) & set(bn))
    if len(shared) < 2:
        return None
    largest = shared[-1]
    best_plain = max(shared, key=plain.__getitem__)
    best_bn = max(shared, key=bn.__getitem__)
    chance = max(p.chance for p in points)
    return SweepFindings(
        largest=largest,
        at_largest=Compared(plain[largest], bn[largest]),
        best=Compared(plain[best_plain], bn[best_bn]),
        best_rate=(best_plain, best_bn),
        kept=Compared(
            _kept(plain[largest], plain[best_plain], chance),
            _kept(bn[largest], bn[best_bn], chance),
        ),
        chance=chance,
    )
