"""Inside records written by hand, in the recorder's format (docs/training.md), for tests that
need records whose numbers they choose: the findings, the charts, the command line."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from alexnet.config.run_config import run_config
from alexnet.config.spec import ModelSpec
from alexnet.config.training import TrainConfig
from alexnet.store.inside import INSIDE_FILE
from alexnet.store.run_store import RunStore

BLOCKS = ("conv1", "conv2", "fc1")
WEIGHTS = (*BLOCKS, "predictions")


def record(
    step: int,
    medians: Mapping[str, float],
    *,
    width: float = 1.0,
    grad_norms: Mapping[str, float] | None = None,
    update_ratio: float | None = 0.001,
    loss_variation: float = 1.0,
    gradient_predictiveness: float = 2.0,
    steps_per_epoch: int = 10,
) -> dict[str, Any]:
    """One record: each block's input centred on its median, 15th to 85th percentile `width`
    wide; every weight layer's gradient norm (default 1) and update ratio."""
    layers: dict[str, Any] = {}
    for name, median in medians.items():
        layers[name] = {
            "input": {
                "p15": median - width / 2, "p50": median, "p85": median + width / 2,
                "mean": median, "std": width / 2,
            },
            "zero_share": 0.5,
        }  # fmt: skip
    for name in WEIGHTS:
        entry = layers.setdefault(name, {})
        entry["grad_norm"] = (grad_norms or {}).get(name, 1.0)
        entry["update_ratio"] = None if step == 0 else update_ratio
    return {
        "kind": "inside", "step": step, "epoch": step / steps_per_epoch, "probe_images": 32,
        "loss": 2.3, "layers": layers,
        "landscape": {
            "step_sizes": [0.05, 0.2], "losses": [2.3, 2.3],
            "loss_variation": loss_variation, "gradient_changes": [1.0, gradient_predictiveness],
            "gradient_predictiveness": gradient_predictiveness, "beta_smoothness": 3.0,
        },
        "seconds": 0.1,
    }  # fmt: skip


def drifting(steps: Sequence[int], speed: float, **extra: Any) -> list[dict[str, Any]]:
    """Records whose every block's median moves by `speed` per step from 0."""
    return [record(s, dict.fromkeys(BLOCKS, speed * s), **extra) for s in steps]


def stored_run(
    store: RunStore,
    spec: ModelSpec,
    config: TrainConfig,
    records: Sequence[dict[str, Any]],
    *,
    name: str = "",
    arm_name: str | None = None,
) -> str:
    """A run (queued, never trained) whose folder holds these records."""
    run_id = store.create(run_config(spec, config), name=name or spec.name, arm_name=arm_name)
    text = "".join(json.dumps(r) + "\n" for r in records)
    store.path(run_id, INSIDE_FILE).write_text(text, encoding="utf-8")
    return run_id
