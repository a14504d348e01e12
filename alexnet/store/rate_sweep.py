"""Final validation accuracy against the learning rate, with and without batch normalization:
what the experiment's chart of several rates draws, and what its sentence quotes. No
TensorFlow here.

The claim (the seed tutorial's, after Ioffe and Szegedy's section 3.3): batch normalization
tolerates larger steps. Measured: the largest rate at which each network still learned, that
is beat chance (1 / num_classes) by `LEARNED` or more. It holds where batch normalization
still learned at a larger rate than the plain network. An arm's accuracy at a rate is the
mean over its seeds; a run counts once it has finished.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from alexnet.store.inside_findings import Compared
from alexnet.store.run_store import RunStore

# A network still learns at a rate where its final validation accuracy beats chance by this
# much: 5 points, well beyond the spread of a network that guesses (one standard deviation is
# about 2 points on the 250 validation images of the experiment on the shipped sample).
LEARNED = 0.05


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

    rates: tuple[float, ...]  # the rates both networks finished, smallest first
    at_largest: Compared  # mean accuracy at the largest of them
    learned_up_to: tuple[float | None, float | None]  # the largest rate each still learned
    # at (without, with batch normalization); None where it learned at none of them
    chance: float

    @property
    def largest(self) -> float:
        return self.rates[-1]

    @property
    def holds(self) -> bool:
        """Batch normalization still learned at a larger rate than the plain network."""
        plain, bn = (-1.0 if r is None else r for r in self.learned_up_to)
        return bn > plain


def _learned_up_to(means: dict[float, float], rates: list[float], chance: float) -> float | None:
    learned = [r for r in rates if means[r] - chance >= LEARNED - 1e-9]  # 1e-9: float sums
    return max(learned, default=None)


def sweep_findings(points: Sequence[RatePoint]) -> SweepFindings | None:
    """The sweep's figures, once both networks finished at two rates or more (else None)."""
    plain = {m.learning_rate: m.mean for m in rate_means(points, False)}
    bn = {m.learning_rate: m.mean for m in rate_means(points, True)}
    shared = sorted(set(plain) & set(bn))
    if len(shared) < 2:
        return None
    chance = max(p.chance for p in points)
    return SweepFindings(
        rates=tuple(shared),
        at_largest=Compared(plain[shared[-1]], bn[shared[-1]]),
        learned_up_to=(
            _learned_up_to(plain, shared, chance),
            _learned_up_to(bn, shared, chance),
        ),
        chance=chance,
    )
