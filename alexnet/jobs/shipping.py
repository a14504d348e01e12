"""Making the shipped pretrained models: a finished run copied into `alexnet/pretrained/`.

The folder's layout and how the app reads it: `alexnet.store.shipped`. The command that
trains and exports them: scripts/train_pretrained.py.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
from pathlib import Path, PurePath
from typing import Any

from alexnet.analysis.evaluation import evaluate_model
from alexnet.analysis.models import load_model
from alexnet.config.run_config import DataChoice, RunConfig
from alexnet.data import load_sample
from alexnet.store.files import read_json, write_json_atomic
from alexnet.store.portable import portable_json
from alexnet.store.run_store import RUN_ID_PATTERN, RunStore
from alexnet.store.shipped import MODEL_FILE, RUN_FILES, SHIPPED_FILE, TAG, shipped_runs

RECALIBRATION_IMAGES = 1024  # the trainer's default (`TrainConfig.bn_recalibration_images`)


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
    data_path = store.read_config(run_id).data.path
    portable_json(staging, [p for p in (data_path, store.root) if p])  # no path leaves here
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


def refresh_shipped(folder: Path, data_path: str) -> list[dict[str, Any]]:
    """Bring shipped runs up to date without training them again; returns their shipped.json.

    For each: a BatchNorm network's moving statistics are recalibrated on
    `RECALIBRATION_IMAGES` of its training images with its own weights (what the trainer now
    does before every checkpoint, `alexnet.training.bn_recalibration`), its evaluation on the
    test images and its sample accuracy are measured again, config.json is written with the
    current fields (saying truthfully that training itself ran without recalibration), and
    every file keeps only the data's file name, not the path of the machine that trained it.

    Args:
        folder: the shipped folder (`alexnet/pretrained/`).
        data_path: the full CIFAR-10 (its training images recalibrate, its test images score).
    """
    store = RunStore(folder)
    return [_refresh(store, info.run_id, data_path) for info in shipped_runs(store)]


def _refresh(store: RunStore, run_id: str, data_path: str) -> dict[str, Any]:
    import keras  # TensorFlow, only for this job, as `_stage`

    from alexnet.training.final_evaluation import evaluate_run
    from alexnet.training.fit import prepare_images, recalibrator

    saved = store.read_config(run_id)
    folder = store.run_dir(run_id)
    old_path = saved.data.path
    training = saved.training.replace(bn_recalibration_images=0)  # as it trained
    local = RunConfig.from_dict(saved.to_dict()).replace(
        training=training, data=DataChoice("cifar10", data_path)
    )
    images = prepare_images(local)
    model_file = folder / MODEL_FILE
    shipped = read_json(folder / SHIPPED_FILE)
    if saved.spec.uses_batch_norm:
        model = keras.saving.load_model(model_file, compile=False)
        recalibrate = recalibrator(images.fit, RECALIBRATION_IMAGES, training.batch_size, training)
        recalibrate(model)
        model.save(model_file)
        shipped["recalibrated_on_training_images"] = RECALIBRATION_IMAGES
    previous = store.read_evaluation(run_id) or {}
    state = {
        "epochs_done": previous.get("epochs_trained"),
        "best_epoch": previous.get("best_epoch"),
    }
    evaluate_run(store, run_id, images.test, state)
    evaluation = store.read_evaluation(run_id) or {}
    accuracy, count = sample_accuracy(model_file)
    shipped.update(
        test_accuracy=evaluation.get("accuracy"),
        test_images=evaluation.get("test_images"),
        sample_accuracy=accuracy,
        sample_test_images=count,
        model_bytes=model_file.stat().st_size,
    )
    shipped["command"] = portable_command(str(shipped.get("command", "")))
    write_json_atomic(folder / SHIPPED_FILE, shipped)
    write_json_atomic(folder / "config.json", saved.replace(training=training).to_dict())
    portable_json(folder, [p for p in (old_path, data_path) if p])
    return shipped


def portable_command(command: str) -> str:
    """A recorded command without the machine's own folders: no scratch `--runs-dir`, and
    paths reduced to their file names (e.g. `--data-path cifar-10-python.tar.gz`)."""
    words = shlex.split(command)
    kept: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        if word == "--runs-dir":
            skip = True
            continue
        if word.startswith("--runs-dir="):
            continue
        kept.append(PurePath(word).name if word.startswith(("/", "~")) else word)
    return shlex.join(kept)
