"""Which saved models Predict and Inspect can use, and the evaluation stored beside each.

A usable model is a `.keras` file:

- a shipped run in the pretrained folder (`alexnet.store.shipped`): its `checkpoints/best.keras`;
- a loose `.keras` file in that folder, with an optional `<name>.evaluation.json` or `<name>.json`;
- a run of the run store that finished or was stopped (`USABLE_STATES`: no worker writes its
  checkpoints any more): its best checkpoint, else its last (`RunStore.best_checkpoint`).

Facts only: the pages build their labels from these fields in their own language.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alexnet.config.messages import Message
from alexnet.store.run_store import RunInfo, RunStore
from alexnet.store.shipped import MODEL_FILE, pretrained_dir, shipped_runs

DAMAGED_RUN = "{run}: {problem}"
USABLE_STATES = ("finished", "stopped")  # a worker no longer writes their checkpoints


@dataclass(frozen=True)
class ModelFile:
    """One model a user can pick."""

    key: str  # stable for a session: "run:<id>", "shipped:<id>" or "pretrained:<file name>"
    kind: str  # "shipped", "pretrained" (a loose file) or "run"
    name: str  # the run's name, or the file's stem
    path: Path  # the .keras file
    run_id: str | None = None  # None for a loose pretrained file
    runs_dir: Path | None = None  # the run store's folder (a shipped run's: the pretrained one)
    state: str | None = None  # a run's state ("finished" or "stopped")
    epochs: int | None = None  # a run's epochs done
    test_accuracy: float | None = None  # a shipped run's stored test accuracy
    input_shape: tuple[int, int, int] | None = None  # (height, width, channels); None: unknown

    @property
    def mtime(self) -> float:
        """The file's modification time (0 when it is gone)."""
        try:
            return self.path.stat().st_mtime
        except OSError:
            return 0.0

    @property
    def cache_key(self) -> tuple[str, float]:
        """(path, modification time): changes when the file is written again (a resumed run)."""
        return str(self.path), self.mtime


def _run_input_shape(store: RunStore, run_id: str) -> tuple[int, int, int] | None:
    try:
        return tuple(int(d) for d in store.read_config(run_id).spec.input_shape)
    except (OSError, ValueError):
        return None


def keras_input_shape(path: Path) -> tuple[int, int, int] | None:
    """The image size a `.keras` file's model takes, read from its config without Keras.

    A Sequential or functional model saved by Keras 3 names its input's `batch_shape`
    (None, height, width, channels) in config.json; anything else gives None.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            config = json.loads(archive.read("config.json"))
        for layer in config["config"]["layers"]:
            if layer.get("class_name") == "InputLayer":
                shape = layer["config"]["batch_shape"]
                if len(shape) == 4 and all(isinstance(d, int) for d in shape[1:]):
                    return int(shape[1]), int(shape[2]), int(shape[3])
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile):
        return None
    return None


def usable_checkpoint(store: RunStore, info: RunInfo) -> Path | None:
    """The checkpoint Predict and Inspect would load for a run, or None when it has none yet."""
    if info.damaged or info.state not in USABLE_STATES:
        return None
    found = store.best_checkpoint(info.run_id)
    return None if found is None else found[0]


def shipped_models(folder: Path) -> list[ModelFile]:
    """The shipped runs in `folder`, the most accurate first (newest first among equals)."""
    shipped = RunStore(folder)  # only read: a finished run's files are never written on read
    scored = []
    for info in shipped_runs(shipped):
        accuracy = (shipped.read_evaluation(info.run_id) or {}).get("accuracy")
        accuracy = float(accuracy) if isinstance(accuracy, int | float) else None
        model = ModelFile(
            key=f"shipped:{info.run_id}",
            kind="shipped",
            name=info.name,
            path=shipped.run_dir(info.run_id) / MODEL_FILE,
            run_id=info.run_id,
            runs_dir=shipped.root,
            state=info.state,
            test_accuracy=accuracy,
            input_shape=_run_input_shape(shipped, info.run_id),
        )
        scored.append((-1.0 if accuracy is None else accuracy, model))
    return [model for _, model in sorted(scored, key=lambda pair: -pair[0])]


def loose_models(folder: Path) -> list[ModelFile]:
    """The `.keras` files lying directly in `folder`, by name."""
    if not folder.is_dir():
        return []
    return [
        ModelFile(
            f"pretrained:{path.name}",
            "pretrained",
            path.stem,
            path,
            input_shape=keras_input_shape(path),
        )
        for path in sorted(folder.glob("*.keras"))
    ]


def run_models(store: RunStore) -> list[ModelFile]:
    """The runs of `store` that finished or were stopped with a checkpoint, newest first."""
    models = []
    for info in store.list():
        path = usable_checkpoint(store, info)
        if path is not None:
            epochs = info.status.get("epoch")
            models.append(
                ModelFile(
                    key=f"run:{info.run_id}",
                    kind="run",
                    name=info.name,
                    path=path,
                    run_id=info.run_id,
                    runs_dir=store.root,
                    state=info.state,
                    epochs=epochs if isinstance(epochs, int) else None,
                    input_shape=_run_input_shape(store, info.run_id),
                )
            )
    return models


def usable_models(store: RunStore | None = None, folder: Path | None = None) -> list[ModelFile]:
    """Shipped models first (they work on first start; the most accurate first), then loose
    files, then usable runs, newest first.

    Args:
        store: the run store; None for the default (`$ALEXNET_RUNS_DIR` or runs/).
        folder: the pretrained folder; None for `alexnet.store.shipped.pretrained_dir()`.
    """
    folder = pretrained_dir() if folder is None else folder
    return [*shipped_models(folder), *loose_models(folder), *run_models(store or RunStore())]


def stored_evaluation(model: ModelFile) -> dict[str, Any] | None:
    """The evaluation saved beside a model: its run's evaluation.json, else `<name>.json`."""
    if model.run_id is not None:
        return RunStore(model.runs_dir).read_evaluation(model.run_id)
    for candidate in (model.path.with_suffix(".evaluation.json"), model.path.with_suffix(".json")):
        try:
            data = json.loads(candidate.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            return data
    return None


def damaged_runs(store: RunStore | None = None) -> list[str]:
    """One line per run folder that could not be read, saying why (for a warning)."""
    return [
        Message(DAMAGED_RUN, run=info.run_id, problem=info.problem)
        for info in (store or RunStore()).list()
        if info.damaged
    ]


def data_source_of(model: ModelFile) -> str | None:
    """The data source a run's model trained on ("sample", "random", "cifar10"), else None."""
    if model.run_id is None:
        return None
    try:
        return RunStore(model.runs_dir).read_config(model.run_id).data.source
    except (OSError, ValueError):
        return None
