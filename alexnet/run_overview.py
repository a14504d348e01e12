"""What the Runs and Compare pages show about stored runs: summaries, curves, the reference.

Everything here reads the run store and never raises for a damaged or half-written run:
a folder that cannot be read is summarised as damaged, and a run without metrics yet has
empty curves. No TensorFlow is imported.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import pandas as pd

from alexnet.charts.comparison import RunData, seedless_key
from alexnet.runs import RunInfo, RunStore
from alexnet.spec_json import spec_from_dict
from alexnet.summary import layer_table
from alexnet.train_config import TUTORIAL_DEFAULTS, config_from_dict


@dataclass(frozen=True)
class RunSummary:
    """One row of the runs table."""

    run_id: str
    name: str
    tags: tuple[str, ...]
    state: str  # a RunStore state, or "damaged"
    spec: str  # e.g. "CIFAR-10 AlexNet · 5 conv + 2 dense · BN · 654,738 params"
    best_accuracy: float | None  # best validation accuracy, else best training accuracy
    duration_seconds: float | None
    created_at: float
    epoch: int | None = None
    epochs: int | None = None
    problem: str = ""  # why a damaged run is damaged, or a failed run's error


def is_tutorial_run(config: dict[str, Any]) -> bool:
    """Whether a run's training config is exactly the tutorial's (`TUTORIAL_DEFAULTS`).

    Args:
        config: the run's config.json.
    """
    try:
        return config_from_dict(config.get("train") or {}) == TUTORIAL_DEFAULTS
    except (ValueError, TypeError):
        return False


def spec_phrase(spec_dict: Any) -> tuple[str, int | None]:
    """A one-line description of a stored spec and its parameter count ("?" if unreadable).

    Args:
        spec_dict: the "spec" of a run's config.json.
    """
    try:
        spec = spec_from_dict(spec_dict)
        params = layer_table(spec).total_params
    except (ValueError, TypeError, KeyError):
        return "?", None
    uses_bn = any(spec.conv_batch_norm(i) != "none" for i in range(len(spec.conv_blocks))) or any(
        spec.dense_batch_norm(i) != "none" for i in range(len(spec.dense_blocks))
    )
    parts = [spec.name, f"{len(spec.conv_blocks)} conv + {len(spec.dense_blocks)} dense"]
    if uses_bn:
        parts.append("BN")
    return " · ".join([*parts, f"{params:,} params"]), params


def _best_accuracy(epochs: pd.DataFrame) -> float | None:
    for column in ("val_accuracy", "accuracy"):
        if column in epochs:
            values = pd.to_numeric(epochs[column], errors="coerce").dropna()
            if len(values):
                return float(values.max())
    return None


def _duration(status: dict[str, Any]) -> float | None:
    started = status.get("started_at")
    if not isinstance(started, int | float):
        return None
    ended = status.get("ended_at")
    end = ended if isinstance(ended, int | float) else time.time()
    return max(0.0, float(end) - float(started))


def summarize(store: RunStore, info: RunInfo) -> RunSummary:
    """The table row of one run (never raises; a run that cannot be read is 'damaged').

    Args:
        store: the run store.
        info: the run, from `store.list()`.
    """
    if info.damaged:
        return RunSummary(info.run_id, info.name, (), "damaged", "?", None, None,
                          info.created_at, problem=info.problem)  # fmt: skip
    try:
        config = store.read_config(info.run_id)
        epochs = store.metrics_frame(info.run_id, "epoch")
    except (OSError, ValueError) as error:
        return RunSummary(info.run_id, info.name, info.tags, "damaged", "?", None, None,
                          info.created_at, problem=str(error))  # fmt: skip
    phrase, _ = spec_phrase(config.get("spec"))
    status = info.status
    return RunSummary(
        run_id=info.run_id,
        name=info.name,
        tags=info.tags,
        state=info.state,
        spec=phrase,
        best_accuracy=_best_accuracy(epochs),
        duration_seconds=_duration(status),
        created_at=info.created_at,
        epoch=status.get("epoch"),
        epochs=status.get("epochs") or (config.get("train") or {}).get("epochs"),
        problem=str(status.get("error") or ""),
    )


def summaries(store: RunStore) -> list[RunSummary]:
    """Every run's row, newest first (an unreadable runs folder gives an empty list).

    Args:
        store: the run store.
    """
    try:
        infos = store.list()
    except OSError:
        return []
    return [summarize(store, info) for info in infos]


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def run_data(store: RunStore, run_id: str, *, with_steps: bool = False) -> RunData | None:
    """A run's curves and figures for the comparison charts; None if it cannot be read.

    Args:
        store: the run store.
        run_id: the run.
        with_steps: also read the per-step records (for live, per-step curves).
    """
    try:
        info = store.get(run_id)
        if info.damaged:
            return None
        config = store.read_config(run_id)
        epochs = store.metrics_frame(run_id, "epoch")
        steps = store.metrics_frame(run_id, "step") if with_steps else None
    except (OSError, ValueError):
        return None
    _, params = spec_phrase(config.get("spec"))
    return RunData(
        run_id=run_id,
        label=info.name,
        epochs=epochs,
        steps=steps,
        arm=seedless_key(config),
        reference=is_tutorial_run(config),
        state=info.state,
        evaluation=store.read_evaluation(run_id),
        params=params,
        peak_memory_mb=_number(info.status.get("peak_memory_mb")),
        extra={"seed": config.get("seed"), "tags": info.tags},
    )
