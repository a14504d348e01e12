"""What a run recorded inside its network (`alexnet.training.inside`), read back for the pages,
the command line and the bench, with the figures a sentence quotes. No TensorFlow here.

A run's `inside.jsonl` holds one record per probe (see docs/training.md for every field).
Records of a step seen before (a resumed run trains again from its checkpoint) replace the
earlier one, as metrics do; a page that watches a live run reads only the new lines.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from alexnet.store.metrics_tail import tail_for
from alexnet.store.run_store import RunStore

INSIDE_FILE = "inside.jsonl"
KIND = "inside"
PARTS = ("input", "before_bn")  # what an activation receives; a BN block's input before BN


def inside_records(store: RunStore, run_id: str) -> list[dict[str, Any]]:
    """The run's records, oldest step first (shared: read them, do not change them)."""
    records = tail_for(store.path(run_id, INSIDE_FILE)).records(KIND)
    return sorted(records, key=lambda r: r.get("step", 0))


def inside_version(store: RunStore, run_id: str) -> int:
    """Changes whenever the run's records do (for figure caches)."""
    return tail_for(store.path(run_id, INSIDE_FILE)).version


def layer_names(records: Sequence[dict[str, Any]]) -> list[str]:
    """The blocks recorded, in network order (conv1, ..., fc2, predictions)."""
    names: dict[str, None] = {}
    for record in records:
        names.update(dict.fromkeys(record.get("layers", {})))
    return list(names)


def block_names(records: Sequence[dict[str, Any]]) -> list[str]:
    """The conv and dense blocks whose activation inputs were recorded."""
    return [
        name
        for name in layer_names(records)
        if any("input" in r.get("layers", {}).get(name, {}) for r in records)
    ]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def series(
    records: Sequence[dict[str, Any]], layer: str, part: str, field: str
) -> list[tuple[int, float]]:
    """(step, value) of one recorded number over training, e.g. ("conv3", "input", "p50").

    `part` is "input" or "before_bn" (a distribution: field p15, p50, p85, mean or std), or
    "" for the layer's own numbers (zero_share, grad_norm, update_ratio).
    """
    found = []
    for record in records:
        entry = record.get("layers", {}).get(layer, {})
        value = _number((entry.get(part) or {}).get(field) if part else entry.get(field))
        if value is not None:
            found.append((int(record["step"]), value))
    return found


def landscape_series(records: Sequence[dict[str, Any]], field: str) -> list[tuple[int, float]]:
    """(step, value) of a landscape number: loss_variation, gradient_predictiveness or
    beta_smoothness."""
    found = []
    for record in records:
        value = _number((record.get("landscape") or {}).get(field))
        if value is not None:
            found.append((int(record["step"]), value))
    return found


def median_drift(records: Sequence[dict[str, Any]], layer: str, part: str = "input") -> dict:
    """How far the median of a layer's activation input moved from its value at the start.

    Returns:
        {"start", "end": the first and last medians, "moved": the largest distance from the
        start over training, "spread": the first record's 15th-85th percentile width,
        "relative": moved / spread} (values None without records).
    """
    medians = series(records, layer, part, "p50")
    low = series(records, layer, part, "p15")
    high = series(records, layer, part, "p85")
    if not medians:
        return {"start": None, "end": None, "moved": None, "spread": None, "relative": None}
    start = medians[0][1]
    moved = max(abs(value - start) for _, value in medians)
    spread = high[0][1] - low[0][1] if low and high else None
    return {
        "start": start,
        "end": medians[-1][1],
        "moved": moved,
        "spread": spread,
        "relative": moved / spread if spread else None,
    }


def mean_after_start(values: Sequence[tuple[int, float]]) -> float | None:
    """The mean of a series over its records after step 0 (None when there are none)."""
    later = [value for step, value in values if step > 0]
    return sum(later) / len(later) if later else None


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, None where either is missing or the denominator is 0."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def summary_rows(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per recorded layer: start and end percentiles of its activation input, the
    median's drift, and the last gradient norm and update ratio (the CLI's `inside` table)."""
    rows = []
    last = records[-1].get("layers", {}) if records else {}
    for layer in layer_names(records):
        drift = median_drift(records, layer)
        start = records[0].get("layers", {}).get(layer, {}).get("input") or {}
        end = last.get(layer, {}).get("input") or {}
        keys = ("p15", "p50", "p85")
        rows.append(
            {
                "layer": layer,
                "start p15/p50/p85": [start.get(k) for k in keys] if start else None,
                "end p15/p50/p85": [end.get(k) for k in keys] if end else None,
                "median moved": drift["moved"],
                "moved / spread": drift["relative"],
                "zero share": last.get(layer, {}).get("zero_share"),
                "grad norm": last.get(layer, {}).get("grad_norm"),
                "update ratio": last.get(layer, {}).get("update_ratio"),
            }
        )
    return rows


@dataclass(frozen=True)
class InsideRun:
    """One run's records, with the seed that tells it from the other runs of its arm."""

    run_id: str
    seed: int
    records: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class InsideArm:
    """The runs of one network that differ only in their seed, each with its records."""

    key: str  # `alexnet.config.run_config.RunConfig.arm_key`
    name: str  # the arm's name ("No BN"), else the first run's name
    batch_norm: bool  # the network normalizes batches (`ModelSpec.uses_batch_norm`)
    learning_rate: float
    setting: str  # how and on what it trained (`RunConfig.setting_key`): a fair pair shares it
    runs: tuple[InsideRun, ...]


def inside_arms(store: RunStore, run_ids: Sequence[str]) -> list[InsideArm]:
    """The runs that recorded inside their networks, grouped into arms (in the order given).

    A run without records yet, or whose folder cannot be read, is left out.
    """
    found: dict[str, InsideArm] = {}
    for run_id in run_ids:
        records = inside_records(store, run_id)
        if not records:
            continue
        try:
            config = store.read_config(run_id)
            info = store.get(run_id)
        except (OSError, ValueError):
            continue
        run = InsideRun(run_id, config.seed, tuple(records))
        key = config.arm_key()
        if key in found:
            found[key] = replace(found[key], runs=(*found[key].runs, run))
            continue
        found[key] = InsideArm(
            key=key,
            name=info.arm_name or info.name,
            batch_norm=config.spec.uses_batch_norm,
            learning_rate=config.training.learning_rate,
            setting=config.setting_key(),
            runs=(run,),
        )
    return list(found.values())


def arm_pairs(arms: Sequence[InsideArm]) -> list[tuple[InsideArm, InsideArm]]:
    """(without BN, with BN) pairs to compare: those trained the same way on the same data,
    in the order given; where no two arms share that, every pair of one of each."""
    plain = [a for a in arms if not a.batch_norm]
    normalized = [a for a in arms if a.batch_norm]
    every = [(p, b) for p in plain for b in normalized]
    fair = [(p, b) for p, b in every if p.setting == b.setting]
    return fair or every
