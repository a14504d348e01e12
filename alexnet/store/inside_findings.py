"""What two networks' inside records show, side by side: the figures the Compare page's
sentences quote, and whether each paper's claim holds in these runs. No TensorFlow here.

The claims (`alexnet.training.inside` describes the records and the papers):

- Ioffe and Szegedy (2015), Figure 1: without batch normalization the distribution of a
  layer's activation input shifts while the network trains; with it, it stays steady.
  Measured per block: how far the median moved from its start, over the 15th to 85th
  percentile range at the start (`alexnet.store.inside.median_drift`). It holds for a block
  where that is smaller with batch normalization, and for the network where it holds in
  more than half of its blocks.
- Santurkar, Tsipras, Ilyas and Madry (2018), Figure 4: with batch normalization the loss
  and its gradient change less along the gradient (a smoother loss surface). Measured: the
  loss variation and the gradient predictiveness, their mean over the records after step 0.
  It holds where both are smaller with batch normalization.
- Ioffe and Szegedy, section 3.3: batch normalization keeps the gradients from vanishing or
  exploding through the layers. Measured: the largest over the smallest of the layers'
  gradient norms (each the mean after step 0). It holds where that spread is smaller with
  batch normalization.

An arm's figure is the mean over its seeds. Both arms are read up to the last step every
run of the two has recorded, so a network that trains faster is not compared over a longer
stretch of training than the other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from alexnet.store.inside import (
    InsideArm,
    block_names,
    landscape_series,
    layer_names,
    mean_after_start,
    median_drift,
    ratio,
    series,
)

Records = Sequence[dict[str, Any]]


@dataclass(frozen=True)
class Compared:
    """One figure of each network: without and with batch normalization."""

    plain: float | None
    bn: float | None

    @property
    def ratio(self) -> float | None:
        """With over without batch normalization (None where either is missing)."""
        return ratio(self.bn, self.plain)

    @property
    def smaller_with_bn(self) -> bool | None:
        """Whether the figure is smaller with batch normalization (None: not measured yet)."""
        if self.plain is None or self.bn is None:
            return None
        return self.bn < self.plain


@dataclass(frozen=True)
class LayerDrift:
    """How far the median of a block's activation input moved from its start."""

    layer: str
    moved: Compared  # the largest distance from the starting median
    relative: Compared  # the same over the 15th to 85th percentile range at the start


@dataclass(frozen=True)
class InsideFindings:
    """What a pair of networks shows inside (see the module docstring for each claim)."""

    drifts: tuple[LayerDrift, ...]  # per block, in network order
    loss_variation: Compared  # mean after step 0 (Santurkar et al.'s Figure 4a)
    gradient_predictiveness: Compared  # mean after step 0 (their Figure 4b)
    gradient_spread: Compared  # largest over smallest of the layers' gradient norms
    grad_norms: dict[str, Compared]  # per weight layer, mean after step 0
    update_ratios: dict[str, Compared]  # per weight layer, mean after step 0
    last_step: int  # the records compared end here

    def drift(self, layer: str) -> LayerDrift | None:
        return next((d for d in self.drifts if d.layer == layer), None)

    def distribution_holds(self, layer: str) -> bool | None:
        """Ioffe and Szegedy's Figure 1 for one block: steadier with batch normalization."""
        drift = self.drift(layer)
        return None if drift is None else drift.relative.smaller_with_bn

    @property
    def steadier_blocks(self) -> tuple[int, int]:
        """(blocks whose input moved less with batch normalization, blocks measured)."""
        measured = [d for d in self.drifts if d.relative.smaller_with_bn is not None]
        return sum(bool(d.relative.smaller_with_bn) for d in measured), len(measured)

    @property
    def blocks_hold(self) -> bool | None:
        """Steadier with batch normalization in more than half of the blocks."""
        steadier, measured = self.steadier_blocks
        return None if not measured else 2 * steadier > measured

    def most_moved(self, batch_norm: bool) -> LayerDrift | None:
        """The block whose input moved most (relative) in one network."""
        pick = (lambda d: d.relative.bn) if batch_norm else (lambda d: d.relative.plain)
        measured = [d for d in self.drifts if pick(d) is not None]
        return max(measured, key=pick, default=None)

    @property
    def smoother_counts(self) -> int | None:
        """Of loss variation and gradient predictiveness, how many are smaller with batch
        normalization (2: Santurkar et al.'s claim holds; None: not measured yet)."""
        both = (self.loss_variation.smaller_with_bn, self.gradient_predictiveness.smaller_with_bn)
        return None if None in both else sum(bool(b) for b in both)

    @property
    def gradients_hold(self) -> bool | None:
        """The layers' gradient norms lie closer together with batch normalization."""
        return self.gradient_spread.smaller_with_bn


def _up_to(records: Records, step: int) -> list[dict[str, Any]]:
    return [r for r in records if int(r.get("step", 0)) <= step]


def _per_run(arm: InsideArm, last_step: int, measure: Callable[[Records], float | None]):
    values = [measure(_up_to(run.records, last_step)) for run in arm.runs]
    found = [v for v in values if v is not None]
    return sum(found) / len(found) if found else None


def _compared(
    plain: InsideArm, bn: InsideArm, last_step: int, measure: Callable[[Records], float | None]
) -> Compared:
    return Compared(_per_run(plain, last_step, measure), _per_run(bn, last_step, measure))


def _drift(layer: str, field: str) -> Callable[[Records], float | None]:
    def measure(records: Records) -> float | None:
        if not any(int(r.get("step", 0)) > 0 for r in records):
            return None  # nothing has moved before the first step
        return median_drift(records, layer)[field]

    return measure


def _spread(records: Records) -> float | None:
    norms = [
        mean_after_start(series(records, name, "", "grad_norm")) for name in layer_names(records)
    ]
    found = [n for n in norms if n is not None and n > 0]
    return max(found) / min(found) if len(found) > 1 else None


def common_last_step(arms: Sequence[InsideArm]) -> int:
    """The last step every run of the arms has recorded (0 where one has only its start)."""
    ends = [max(int(r.get("step", 0)) for r in run.records) for arm in arms for run in arm.runs]
    return min(ends, default=0)


def pair_findings(plain: InsideArm, bn: InsideArm) -> InsideFindings:
    """The figures and claims of one pair: a network without and one with batch normalization.

    Args:
        plain: the arm without batch normalization.
        bn: the arm with it.
    """
    last = common_last_step((plain, bn))
    first = plain.runs[0].records
    blocks = [b for b in block_names(first) if b in block_names(bn.runs[0].records)]
    weights = [n for n in layer_names(first) if series(first, n, "", "grad_norm")]

    def later(field: str) -> Callable[[Records], float | None]:
        return lambda records: mean_after_start(landscape_series(records, field))

    def layer_mean(layer: str, field: str) -> Callable[[Records], float | None]:
        return lambda records: mean_after_start(series(records, layer, "", field))

    return InsideFindings(
        drifts=tuple(
            LayerDrift(
                layer,
                _compared(plain, bn, last, _drift(layer, "moved")),
                _compared(plain, bn, last, _drift(layer, "relative")),
            )
            for layer in blocks
        ),
        loss_variation=_compared(plain, bn, last, later("loss_variation")),
        gradient_predictiveness=_compared(plain, bn, last, later("gradient_predictiveness")),
        gradient_spread=_compared(plain, bn, last, _spread),
        grad_norms={n: _compared(plain, bn, last, layer_mean(n, "grad_norm")) for n in weights},
        update_ratios={
            n: _compared(plain, bn, last, layer_mean(n, "update_ratio")) for n in weights
        },
        last_step=last,
    )
