"""The Keras callback that connects a fit to the run store.

Per batch it does one thing: `os.path.exists(stop_file)` (a stat, next to nothing beside a
batch), so Stop ends the run within one batch. Every `log_every_steps` batches it appends a
JSON line (loss, accuracy, learning rate, images/s, elapsed time) and flushes it, so a page
polling the file sees it within a second. At the end of each epoch it validates, appends the
epoch line and a row of epochs.csv, and saves `last.keras` (and `best.keras` when the
monitored metric improved), each written to a temp file and renamed, then `state.json`
(epochs done, step, elapsed time, best value) that a resume starts from.

With batch normalization recalibrated (`recalibrate`, see
`alexnet.training.bn_recalibration`), the end of an epoch first validates with the moving
averages training left (`val_loss_moving`, `val_accuracy_moving`: what plain Keras reports),
then recalibrates, validates again (`val_loss`, `val_accuracy`) and saves the recalibrated
model. The moving averages are then put back, and kept beside the checkpoint
(`moving_statistics.npz`) for a resume, so training goes on exactly as without
recalibration and the lagging curve stays the one plain Keras would draw.
"""

from __future__ import annotations

import csv
import json
import math
import os
import shutil
import time
from pathlib import Path
from typing import Any

import keras
import numpy as np

from alexnet.store.files import read_jsonl
from alexnet.training.bn_recalibration import moving_statistics, set_moving_statistics

EPOCH_COLUMNS = (
    "epoch", "step", "loss", "accuracy", "val_loss", "val_accuracy", "learning_rate",
    "images_per_second", "epoch_seconds", "elapsed_seconds", "val_loss_moving",
    "val_accuracy_moving", "recalibration_seconds",
)  # fmt: skip
MOVING_STATISTICS_FILE = "moving_statistics.npz"  # in checkpoints/: training's own averages


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def read_state(folder: Path) -> dict[str, Any]:
    """checkpoints/state.json, or {} when there is no usable checkpoint yet."""
    try:
        state = json.loads((folder / "checkpoints" / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not (folder / "checkpoints" / "last.keras").is_file() or not isinstance(state, dict):
        return {}
    return state


def read_moving_statistics(folder: Path) -> list[Any] | None:
    """The moving averages saved beside a recalibrated checkpoint, or None."""
    try:
        with np.load(folder / "checkpoints" / MOVING_STATISTICS_FILE) as saved:
            return [saved[f"arr_{i}"] for i in range(len(saved.files))]
    except (OSError, ValueError, KeyError):
        return None


def repair_tail(path: Path) -> None:
    """Cut a torn last line (a worker killed mid-write) so the next append starts clean."""
    if not path.is_file():
        return
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        with open(path, "r+b") as f:
            f.truncate(data.rfind(b"\n") + 1)


class RunCheckpointLogger(keras.callbacks.Callback):
    """Everything a fit writes to its run folder: per batch, the stop check and metrics lines;
    per epoch, validation (after batch-norm recalibration), the epoch line and the checkpoints.

    Args:
        batch_size: images per batch (for images/s).
        log_every_steps: batches between step lines.
        validation: a finite dataset to evaluate after each epoch, or None.
        state: the `read_state` of a resumed run ({} for a fresh one).
        on_epoch: called with each epoch record (e.g. to update status.json).
        recalibrate: called with the model to recalibrate its batch normalization before
            validation and checkpoints; None keeps Keras' moving averages.
    """

    def __init__(
        self,
        folder: Path,
        *,
        batch_size: int,
        log_every_steps: int,
        validation: Any = None,
        state: dict[str, Any] | None = None,
        on_epoch: Any = None,
        recalibrate: Any = None,
    ) -> None:
        super().__init__()
        self.folder = folder
        self.stop_file = str(folder / "stop")
        self.batch_size = batch_size
        self.every = log_every_steps
        self.validation = validation
        self.state = dict(state or {})
        self.on_epoch = on_epoch
        self.recalibrate = recalibrate
        self.monitor = "val_accuracy" if validation is not None else "accuracy"
        self.stop_requested = False
        self._epoch = 0
        self._file: Any = None

    # --- writing -------------------------------------------------------------------------
    def _write(self, record: dict[str, Any]) -> None:
        self._file.write(json.dumps(record) + "\n")
        self._file.flush()  # the UI reads the file, not this process' buffer

    def _elapsed(self) -> float:
        # Training seconds of earlier sessions of this run, plus this session's so far.
        return self._elapsed_before + time.perf_counter() - self._t0

    def _learning_rate(self) -> float | None:
        return _number(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate))

    def _rewrite_csv(self, rows: list[dict[str, Any]]) -> None:
        with open(self.folder / "epochs.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, EPOCH_COLUMNS, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)

    # --- Keras hooks ---------------------------------------------------------------------
    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        path = self.folder / "metrics.jsonl"
        repair_tail(path)
        done = self.state.get("epochs_done", 0)
        # epochs.csv holds exactly the epochs the checkpoint includes (a resume redoes the rest).
        epochs = {r["epoch"]: r for r in read_jsonl(path) if r.get("kind") == "epoch"}
        self._rewrite_csv([epochs[e] for e in sorted(epochs) if e <= done])
        self._file = open(path, "a", encoding="utf-8")  # noqa: SIM115 (closed in on_train_end)
        self._step = int(keras.ops.convert_to_numpy(self.model.optimizer.iterations))
        self._elapsed_before = float(self.state.get("elapsed_seconds", 0.0))
        self._t0 = time.perf_counter()
        self._mark = (self._t0, self._step)
        self._write({"kind": "start", "epoch": done, "step": self._step, "time": time.time()})

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self._epoch = epoch  # Keras does not pass the epoch to batch hooks
        self._epoch_start = (time.perf_counter(), self._step)

    def on_train_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        self._step += 1
        if os.path.exists(self.stop_file):
            self.stop_requested = True
            self.model.stop_training = True
        if self._step % self.every and not self.stop_requested:
            return
        now = time.perf_counter()
        seconds, steps = now - self._mark[0], self._step - self._mark[1]
        self._mark = (now, self._step)
        logs = logs or {}
        self._write(
            {
                "kind": "step",
                "epoch": self._epoch + 1,
                "step": self._step,
                "batch": batch + 1,
                "loss": _number(logs.get("loss")),
                "accuracy": _number(logs.get("accuracy")),
                "learning_rate": self._learning_rate(),
                "images_per_second": steps * self.batch_size / seconds if seconds > 0 else None,
                "elapsed_seconds": self._elapsed(),
            }
        )

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        logs = logs if logs is not None else {}
        complete = self._step - self._epoch_start[1] >= (self.params.get("steps") or math.inf)
        if self.stop_requested and not complete:
            # A partial epoch: keep the weights, but the epoch counts as not done.
            moving = self._recalibrate(logs, validate=False)
            self._save(self.state.get("epochs_done", 0), best=False, moving=moving)
            return
        moving = self._recalibrate(logs, validate=self.validation is not None)
        if self.validation is not None:
            # Injected into `logs` so EarlyStopping and TensorBoard (later in the list) see them.
            logs.update({f"val_{k}": v for k, v in self._validate().items()})
        seconds = time.perf_counter() - self._epoch_start[0]
        images = (self._step - self._epoch_start[1]) * self.batch_size
        record = {
            "kind": "epoch",
            "epoch": epoch + 1,
            "step": self._step,
            **{k: _number(logs.get(k)) for k in ("loss", "accuracy", "val_loss", "val_accuracy")},
            "learning_rate": self._learning_rate(),
            "images_per_second": images / seconds if seconds > 0 else None,
            "epoch_seconds": seconds,
            "elapsed_seconds": self._elapsed(),
        }
        if moving is not None:
            record.update(
                {k: _number(logs.get(k)) for k in ("val_loss_moving", "val_accuracy_moving")},
                recalibration_seconds=logs.get("recalibration_seconds"),
            )
        self._write(record)
        with open(self.folder / "epochs.csv", "a", newline="", encoding="utf-8") as f:
            csv.DictWriter(f, EPOCH_COLUMNS, extrasaction="ignore").writerow(record)
        value = record.get(self.monitor)
        best = self.state.get("best_value")
        improved = value is not None and (best is None or value > best)
        if improved:
            self.state.update(best_value=value, best_epoch=epoch + 1)
        self._save(epoch + 1, best=improved, moving=moving)
        if self.on_epoch is not None:
            self.on_epoch(record)

    def on_train_end(self, logs: dict[str, Any] | None = None) -> None:
        if self._file is not None:
            self._write({"kind": "end", "step": self._step, "stopped": self.stop_requested})
            self._file.close()
            self._file = None

    # --- batch normalization -------------------------------------------------------------
    def _validate(self) -> dict[str, Any]:
        return self.model.evaluate(self.validation, verbose=0, return_dict=True)

    def _recalibrate(self, logs: dict[str, Any], *, validate: bool) -> list[Any] | None:
        """Recalibrate; returns training's moving averages to put back (None: not done).

        With `validate`, first validates with those averages (into `logs` as val_*_moving).
        """
        if self.recalibrate is None:
            return None
        moving = moving_statistics(self.model)
        if not moving:
            return None  # no batch normalization
        if validate:
            logs.update({f"val_{k}_moving": v for k, v in self._validate().items()})
        start = time.perf_counter()
        self.recalibrate(self.model)
        logs["recalibration_seconds"] = time.perf_counter() - start
        return moving

    # --- checkpoints ---------------------------------------------------------------------
    def _save(self, epochs_done: int, *, best: bool, moving: list[Any] | None = None) -> None:
        folder = self.folder / "checkpoints"
        folder.mkdir(exist_ok=True)
        tmp = folder / f".last-{os.getpid()}.keras"
        moving_tmp = folder / f".moving-{os.getpid()}.npz"
        try:
            self.model.save(tmp)
            os.replace(tmp, folder / "last.keras")  # a reader never sees a half-written model
            if best:
                shutil.copyfile(folder / "last.keras", tmp)
                os.replace(tmp, folder / "best.keras")
            if moving is not None:
                with open(moving_tmp, "wb") as f:
                    np.savez(f, *moving)
                os.replace(moving_tmp, folder / MOVING_STATISTICS_FILE)
        except BaseException:
            # A full disk: drop the half-written file so the failed status still fits, and
            # the previous checkpoint stays the one a resume starts from.
            tmp.unlink(missing_ok=True)
            moving_tmp.unlink(missing_ok=True)
            raise
        finally:
            if moving is not None:  # training goes on with its own moving averages
                set_moving_statistics(self.model, moving)
        self.state.update(epochs_done=epochs_done, step=self._step, elapsed_seconds=self._elapsed())
        state_tmp = folder / ".state.json.tmp"
        state_tmp.write_text(json.dumps(self.state), encoding="utf-8")
        os.replace(state_tmp, folder / "state.json")
