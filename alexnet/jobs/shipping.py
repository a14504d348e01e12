"""Making the shipped pretrained models: a finished run copied into `alexnet/pretrained/`.

The folder's layout and how the app reads it: `alexnet.store.shipped`. The command that
trains and exports them: scripts/train_pretrained.py.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from alexnet.analysis.evaluation import evaluate_model
from alexnet.analysis.models import load_model
from alexnet.data import load_sample
from alexnet.store.run_store import RUN_ID_PATTERN, RunStore
from alexnet.store.shipped import MODEL_FILE, RUN_FILES, SHIPPED_FILE, TAG


def sample_accuracy(model_path: Path) -> tuple[float, int]:
    """(accuracy, images) of a model file on the shipped sample's test images, loaded safely.

    Args:
        model_path: a `.keras` file of a CIFAR-10 network.
    """
    sample = load_sample()
    model = load_model(model_path)  # safe_mode=True, as the app loads it
    evaluation = evaluate_model(model, sample.x_test, sample.y_test, sample.class_names)
    return evaluation.accuracy, evaluation.num_examples


def export_run(
    store: RunStore, run_id: str, target: Path, *, name: str, details: dict[str, Any]
) -> Path:
    """Copy a finished run into `target/<run_id>/` as a shipped run; returns that folder.

    The best (else last) checkpoint is loaded without compiling and saved again, so the
    shipped file holds the weights but not the optimizer's state (a third of the size).

    Args:
        store: the store the run trained in.
        run_id: a finished run with an evaluation.json.
        target: the shipped folder (created if absent); an earlier copy of the run is replaced.
        name: the name shown in the app, e.g. "CIFAR-10 AlexNet + BatchNorm".
        details: extra fields for shipped.json (e.g. the command that trained it).

    Raises:
        ValueError: if the run has not finished or lacks its evaluation or a checkpoint.
    """
    info = store.get(run_id)
    evaluation = store.read_evaluation(run_id)
    found = store.best_checkpoint(run_id)
    if info.state != "finished" or evaluation is None or found is None:
        raise ValueError(
            f"run {run_id} is {info.state} (evaluation: {evaluation is not None}, checkpoint: "
            f"{found is not None}); only a finished run with both can be shipped."
        )
    target.mkdir(parents=True, exist_ok=True)
    staging = target / f".exporting-{run_id}"
    _stage(store.run_dir(run_id), staging, found[0], name)
    accuracy, images = sample_accuracy(staging / MODEL_FILE)
    epochs = store.read_metrics(run_id, "epoch")
    record = {
        "name": name,
        "test_accuracy": evaluation.get("accuracy"),
        "test_images": evaluation.get("test_images"),
        "sample_accuracy": accuracy,
        "sample_test_images": images,
        "epochs_trained": evaluation.get("epochs_trained"),
        "best_epoch": evaluation.get("best_epoch"),
        "weights": evaluation.get("weights"),
        "wall_seconds": _wall_seconds(info.status),  # the whole run: data, training, evaluation
        "train_seconds": (epochs[-1].get("elapsed_seconds") if epochs else None),
        "model_bytes": (staging / MODEL_FILE).stat().st_size,
        **details,
    }
    (staging / SHIPPED_FILE).write_text(json.dumps(record, indent=2), encoding="utf-8")
    final = target / run_id
    if final.exists():
        shutil.rmtree(final)
    os.replace(staging, final)  # the shipped run appears complete or not at all
    return final


def clear_shipped(target: Path) -> list[str]:
    """Remove the run folders in a shipped folder (before a new export); returns their ids.

    Args:
        target: the shipped folder; only folders named like run ids are removed.
    """
    if not target.is_dir():
        return []
    removed = [p.name for p in target.iterdir() if p.is_dir() and RUN_ID_PATTERN.fullmatch(p.name)]
    for run_id in removed:
        shutil.rmtree(target / run_id)
    return removed


def _stage(source: Path, staging: Path, checkpoint: Path, name: str) -> None:
    """The run's files, renamed and tagged as shipped, and its model without optimizer state."""
    import keras  # only here: shipping is the one job that loads a model

    shutil.rmtree(staging, ignore_errors=True)
    (staging / "checkpoints").mkdir(parents=True)
    for file in (*RUN_FILES, "evaluation.json"):
        shutil.copyfile(source / file, staging / file)
    meta = json.loads((staging / "meta.json").read_text(encoding="utf-8"))
    tags = [t for t in meta.get("tags", []) if t != TAG] + [TAG]
    meta.update(name=name, tags=tags)
    (staging / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    model = keras.saving.load_model(checkpoint, compile=False)
    model.save(staging / MODEL_FILE)


def _wall_seconds(status: dict[str, Any]) -> float | None:
    started, ended = status.get("started_at"), status.get("ended_at")
    if isinstance(started, int | float) and isinstance(ended, int | float):
        return float(ended - started)
    return None
