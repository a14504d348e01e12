"""The end of a run: evaluate its best (else last) checkpoint; write evaluation.json.

evaluation.json is `alexnet.analysis.evaluation.Evaluation.to_dict()` (accuracy, top-5, loss,
confusion matrix, per-class metrics, the most confident mistakes, every prediction) plus what the
trainer knows about the run: `test_images`, `weights` ('best' or 'last'), `epochs_trained`,
`best_epoch`, `seconds` and `time`. So the CLI, the Runs and Compare pages read `accuracy`
and `test_images` as before, and the Inspect page opens the full evaluation without
computing it again.

`loss` is the plain cross-entropy of the predicted probabilities (as `Evaluation` defines
it), not the training loss with label smoothing, so runs with and without smoothing compare.
"""

from __future__ import annotations

import json
import time
from typing import Any

import keras

from alexnet.analysis.evaluation import class_names_for, evaluate_model
from alexnet.store.run_store import RunStore

EVALUATION_FILE = "evaluation.json"


# Batch 256 predicts a little faster, but its activations lift a CIFAR-10 worker's peak memory
# at the very end of the run above what training itself needs (docs/benchmarks.md).
EVALUATION_BATCH_SIZE = 128


def forget_evaluation(store: RunStore, run_id: str) -> None:
    """Remove a stale evaluation (a resumed run trains on; its end writes a new one)."""
    store.path(run_id, EVALUATION_FILE).unlink(missing_ok=True)


def evaluate_run(store: RunStore, run_id: str, loaded: Any, state: dict[str, Any]) -> None:
    """Evaluate the run's best (else last) checkpoint on `loaded`'s test set; write the file.

    Does nothing when the run has no checkpoint.

    Args:
        loaded: the run's `ImageData`, or `alexnet.training.fit.TestSplit` (its test images,
            labels, class names and description).
        state: the checkpoint state (`epochs_done`, `best_epoch`).
    """
    found = store.best_checkpoint(run_id)
    if found is None:
        return
    path, which = found
    start = time.perf_counter()
    # compile=False: only predictions are needed, and it skips rebuilding the optimizer.
    model = keras.models.load_model(path, compile=False)
    names = class_names_for(tuple(loaded.class_names), int(model.output_shape[-1]))
    evaluation = evaluate_model(
        model,
        loaded.x_test,
        loaded.y_test,
        names,
        batch_size=EVALUATION_BATCH_SIZE,
        data_description=loaded.description,
    )
    record = evaluation.to_dict()
    record.update(
        test_images=len(loaded.x_test),
        weights=which,
        epochs_trained=state.get("epochs_done"),  # fewer than asked: early stopping or a stop
        best_epoch=state.get("best_epoch"),
        seconds=time.perf_counter() - start,
        time=time.time(),
    )
    target = store.path(run_id, EVALUATION_FILE)
    tmp = target.with_name(f".{EVALUATION_FILE}.tmp")
    tmp.write_text(json.dumps(record), encoding="utf-8")
    tmp.replace(target)  # a reader never sees half a file
