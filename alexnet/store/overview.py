"""What the pages show about stored runs: a summary row per run, and a run's curves.

`RunSummary` is a row of the Runs page's table; `RunData` is a run as the comparison charts
and table draw it (alexnet.charts.comparison). Everything here reads the run store and never
raises for a damaged or half-written run: a folder that cannot be read is summarised as
damaged, and a run without metrics yet has empty curves. No TensorFlow is imported.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from alexnet.config.messages import Message
from alexnet.config.spec import ModelSpec
from alexnet.network.layer_table import layer_table
from alexnet.store.names import problem_message, stored_text
from alexnet.store.run_store import RunInfo, RunStore

if TYPE_CHECKING:  # pandas only once a run is read: Home lists none on a first visit
    import pandas as pd

SPEC_PHRASE = "{name} · {conv} conv + {dense} dense{bn} · {params:,} params"


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
    imported: Mapping[str, Any] | None = None  # an imported run's record (RunInfo.imported)


@dataclass(frozen=True)
class RunData:
    """One run as the comparison charts and table see it."""

    run_id: str
    label: str  # legend and table name
    epochs: pd.DataFrame  # epoch records: epoch, loss, accuracy, val_*, elapsed_seconds, ...
    steps: pd.DataFrame | None = None  # step records, for x="step" (live curves)
    arm: str | None = None  # runs with the same arm are averaged (RunConfig.arm_key)
    arm_name: str = ""  # the arm's legend name when its seeds are averaged (else `label`)
    seed: int = 0
    batch_norm: bool = False  # its network normalizes batches (ModelSpec.uses_batch_norm)
    learning_rate: float | None = None  # the optimizer's (peak) rate
    reference: bool = False  # e.g. the tutorial's own recipe
    state: str = ""
    evaluation: Mapping[str, Any] | None = None  # evaluation.json (test accuracy)
    params: int | None = None
    peak_memory_mb: float | None = None  # the worker's peak resident memory, MiB (status.json)


def spec_phrase(spec: ModelSpec) -> tuple[str, int | None]:
    """A one-line description of a spec and its parameter count (None if it cannot be built).

    Args:
        spec: a stored run's network.
    """
    try:
        params = layer_table(spec).total_params
    except ValueError:
        return spec.name, None
    phrase = Message(
        SPEC_PHRASE, name=spec.name, conv=len(spec.conv_blocks), dense=len(spec.dense_blocks),
        bn=" · BN" if spec.uses_batch_norm else "", params=params,
    )  # fmt: skip
    return phrase, params


def _best_accuracy(epochs: pd.DataFrame) -> float | None:
    for column in ("val_accuracy", "accuracy"):
        if column in epochs:
            import pandas as pd

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
        info: the run, from `store.list()`.
    """
    if info.damaged:
        return RunSummary(
            info.run_id,
            info.name,
            (),
            "damaged",
            "?",
            None,
            None,
            info.created_at,
            problem=info.problem,
        )
    try:
        config = store.read_config(info.run_id)
        epochs = store.metrics_frame(info.run_id, "epoch")
    except (OSError, ValueError) as error:
        return RunSummary(
            info.run_id,
            info.name,
            info.tags,
            "damaged",
            "?",
            None,
            None,
            info.created_at,
            problem=problem_message(error),
        )
    phrase, _ = spec_phrase(config.spec)
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
        epochs=status.get("epochs") or config.training.epochs,
        problem=stored_text(status, "error"),
        imported=info.imported,
    )


def summaries(store: RunStore) -> list[RunSummary]:
    """Every run's row, newest first (an unreadable runs folder gives an empty list)."""
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
    _, params = spec_phrase(config.spec)
    return RunData(
        run_id=run_id,
        label=info.name,
        epochs=epochs,
        steps=steps,
        arm=config.arm_key(),
        arm_name=info.arm_name or info.name,
        seed=config.seed,
        batch_norm=config.spec.uses_batch_norm,
        learning_rate=config.training.learning_rate,
        reference=config.is_tutorial_recipe,
        state=info.state,
        evaluation=store.read_evaluation(run_id),
        params=params,
        peak_memory_mb=_number(info.status.get("peak_memory_mb")),
    )
