"""The final figures of compared runs as a table: one row per run, computed from its curves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from alexnet.store.overview import RunData

TABLE_COLUMNS = (
    "run", "state", "epochs", "best val accuracy", "test accuracy", "epochs to target",
    "seconds to target", "parameters", "images/s", "peak memory MiB",
)  # fmt: skip


def _first_reach(epochs: pd.DataFrame, target: float) -> tuple[int | None, float | None]:
    """(epoch, elapsed seconds) of the first epoch whose val_accuracy (else accuracy) >= target."""
    has_val = "val_accuracy" in epochs and epochs["val_accuracy"].notna().any()
    column = "val_accuracy" if has_val else "accuracy"
    if epochs.empty or column not in epochs:
        return None, None
    hits = epochs[pd.to_numeric(epochs[column], errors="coerce") >= target]
    if hits.empty:
        return None, None
    first = hits.iloc[0]
    seconds = first.get("elapsed_seconds")
    return int(first["epoch"]), None if pd.isna(seconds) else float(seconds)


def _max(frame: pd.DataFrame, column: str) -> float | None:
    if frame.empty or column not in frame:
        return None
    values = pd.to_numeric(frame[column], errors="coerce").dropna()
    return float(values.max()) if len(values) else None


def comparison_table(runs: Sequence[RunData], target_accuracy: float = 0.5) -> pd.DataFrame:
    """One row per run: the final figures to compare, in `TABLE_COLUMNS` order.

    "epochs to target" and "seconds to target" are the first epoch whose validation
    accuracy (train accuracy for runs without a validation split) reached `target_accuracy`,
    and the training seconds elapsed by its end; missing (NaN) where it was never reached.
    "images/s" is the median over epochs, so a slow first epoch (graph building) does not
    drag it down. "peak memory MiB" is the training process's peak resident memory, where the
    run recorded it (runs trained before it was recorded have none).

    Args:
        target_accuracy: the accuracy to reach, from 0 to 1.
    """
    if not 0.0 < target_accuracy <= 1.0:
        raise ValueError(
            f"target_accuracy={target_accuracy!r} must be above 0 and at most 1, e.g. 0.5 for 50%."
        )
    rows = []
    for run in runs:
        epochs = run.epochs if run.epochs is not None else pd.DataFrame()
        reach_epoch, reach_seconds = _first_reach(epochs, target_accuracy)
        speeds = pd.to_numeric(epochs.get("images_per_second", pd.Series(dtype=float)))
        test = (run.evaluation or {}).get("accuracy")
        rows.append(
            {
                "run": run.label,
                "state": run.state,
                "epochs": int(epochs["epoch"].max()) if "epoch" in epochs and len(epochs) else 0,
                "best val accuracy": _max(epochs, "val_accuracy"),
                "test accuracy": None if test is None else float(test),
                "epochs to target": reach_epoch,
                "seconds to target": reach_seconds,
                "parameters": run.params,
                "images/s": float(speeds.median()) if speeds.notna().any() else None,
                "peak memory MiB": run.peak_memory_mb,
            }
        )
    frame = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    for column in TABLE_COLUMNS[3:]:
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    return frame
