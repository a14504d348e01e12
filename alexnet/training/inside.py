"""What happens inside a network while it trains, recorded on one fixed probe batch.

Two explanations of why batch normalization helps are measured here, for the network the
user built, so a class can see which one its own runs support:

- Ioffe and Szegedy (2015), "internal covariate shift": the inputs of each layer's
  nonlinearity drift while earlier layers learn, and batch normalization holds them steady.
  Their Figure 1 draws the 15th, 50th and 85th percentiles of one layer's inputs over
  training. Recorded per conv and dense block: those percentiles, the mean and the standard
  deviation of what the activation function receives (after batch normalization where the
  block has it, and before it too), and the share of the activation's outputs that are zero.
- Santurkar, Tsipras, Ilyas and Madry (2018), "How Does Batch Normalization Help
  Optimization?": the loss surface is smoother with it. Their Figure 4 steps along the
  gradient and measures how much the loss varies ("loss variation") and how far the gradient
  moves ("gradient predictiveness"). Recorded: the loss at `STEP_SIZES` along the gradient,
  their spread, the distance of each point's gradient from the gradient here, and that
  distance over the distance moved ("effective beta-smoothness").

Also per weight layer: the norm of its gradient, and the size of the optimizer's last update
relative to its weights, |step| / |weights|.

The probe. `PROBE_IMAGES` training images, the same for both networks of a pair (a seeded
sample of the rows they both train on), without augmentation. Each record is one forward
and backward pass over them with batch normalization normalizing by the probe's own
statistics, as in a training step, while Dropout is off and no moving statistics or weights
change (`alexnet.training.bn_recalibration.batch_statistics`), plus one more per step size.
The loss is the plain cross-entropy of the probe's labels (no label smoothing).

Step sizes. The landscape is probed at w - eta * g for eta in `STEP_SIZES` = 0.05 and 0.2,
the same for both networks, as Santurkar et al. compare networks at equal step sizes. They
are absolute, not multiples of the learning rate: with Adam the step taken is about the
learning rate per weight whatever the gradient's size, so a multiple of it along the raw
gradient would move the two networks by distances that differ with their gradient norms
only. 0.05 and 0.2 move the CIFAR-10 AlexNet far enough for the loss to change measurably
from a random start (docs/benchmarks.md) and stay within the region a few hundred Adam
steps cover. Two points keep a record's cost at three passes over the probe.

When. At step 0, then `records_per_epoch` times an epoch at even spacing, the last at the
epoch's end. Records are JSON lines appended to `inside.jsonl` in the run folder as they are
taken (see docs/training.md); a resumed run first drops the records after its checkpoint's
step, so no step appears twice. The same percentiles also go to the run's TensorBoard logs
(`tensorboard/inside`) as a histogram per layer.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from alexnet.store.files import read_jsonl
from alexnet.store.inside import INSIDE_FILE
from alexnet.training.bn_recalibration import batch_statistics
from alexnet.training.callbacks import repair_tail

PROBE_IMAGES = 32
PERCENTILES = (15, 50, 85)
# Values a distribution is measured on: every k-th of a layer's outputs over the probe, at
# most this many (conv1's outputs are 2.4 million; 65,536 place a percentile within about
# 0.3 percentile points, and take milliseconds instead of a third of a second).
SAMPLED_VALUES = 65_536
STEP_SIZES = (0.05, 0.2)
WEIGHT_LAYERS = (keras.layers.Conv2D, keras.layers.Dense)


def probe_rows(rows: int | np.ndarray, seed: int, count: int = PROBE_IMAGES) -> np.ndarray:
    """The probe's rows: a seeded sample of the training rows (the same for a pair).

    Args:
        rows: the rows a run trains on, or their number (rows 0 to n - 1).
        seed: the run's seed.
        count: how many.
    """
    rows = np.arange(rows) if isinstance(rows, int) else np.asarray(rows)
    order = np.random.default_rng([seed, 20150211]).permutation(len(rows))  # 2015-02-11: BN
    return np.sort(rows[order[:count]])


def distribution(values: np.ndarray) -> dict[str, float]:
    """The 15th, 50th and 85th percentiles, the mean and the standard deviation."""
    flat = np.asarray(values, dtype=np.float64).ravel()
    low, median, high = np.percentile(flat, PERCENTILES)
    return {
        "p15": float(low),
        "p50": float(median),
        "p85": float(high),
        "mean": float(flat.mean()),
        "std": float(flat.std()),
    }


def blocks(model: keras.Model) -> list[dict[str, Any]]:
    """The conv and dense blocks of a built model, by the builder's names.

    Each: {"name": "conv1", "layer": its Conv2D, "bn": its BatchNormalization before the
    activation or None, "activation": its Activation layer or None}.
    """
    by_name = {layer.name: layer for layer in model.layers}
    found = []
    for layer in model.layers:
        if not isinstance(layer, WEIGHT_LAYERS) or layer.name == "predictions":
            continue
        order = [n for n in by_name if n.startswith(layer.name + "_")]
        activation = next(
            (by_name[n] for n in order if isinstance(by_name[n], keras.layers.Activation)), None
        )
        bn = by_name.get(f"{layer.name}_bn")
        # Batch normalization counts only where it comes before the activation.
        if bn is not None and activation is not None:
            names = list(by_name)
            if names.index(bn.name) > names.index(activation.name):
                bn = None
        found.append({"name": layer.name, "layer": layer, "bn": bn, "activation": activation})
    return found


def _sampled(outputs: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
    """(every k-th value, as float32, at most SAMPLED_VALUES; the share that is exactly 0)."""
    flat = tf.reshape(tf.cast(outputs, tf.float32), [-1])
    count = int(np.prod(outputs.shape[1:])) * int(outputs.shape[0] or 1)
    stride = max(1, -(-count // SAMPLED_VALUES))
    return flat[::stride], tf.reduce_mean(tf.cast(tf.equal(flat, 0.0), tf.float32))


class Probe:
    """One record's measurements of a model on the probe batch.

    Args:
        model: a built Keras model (a Sequential of the builder's layers).
        x: uint8 probe images.
        y: their integer labels.
        step_sizes: the landscape's step sizes (see the module docstring).
    """

    def __init__(
        self,
        model: keras.Model,
        x: np.ndarray,
        y: np.ndarray,
        step_sizes: Sequence[float] = STEP_SIZES,
    ) -> None:
        self.model = model
        self.x = tf.convert_to_tensor(x)
        self.y = tf.convert_to_tensor(np.asarray(y, dtype=np.int32))
        self.step_sizes = tuple(float(s) for s in step_sizes)
        self.blocks = blocks(model)
        self.weight_layers = [layer for layer in model.layers if isinstance(layer, WEIGHT_LAYERS)]
        self.variables = list(model.trainable_variables)
        # The layers whose outputs are measured, in network order.
        self._watched = [
            id(layer)
            for layer in model.layers
            if any(layer is b[k] for b in self.blocks for k in ("layer", "bn", "activation"))
        ]
        self._function: Any = None

    def _pass(self) -> Any:
        """One forward and backward pass as a graph: (loss, gradients, watched outputs)."""
        layers, watched, variables = self.model.layers, self._watched, self.variables

        def run(x: tf.Tensor, y: tf.Tensor) -> tuple[Any, list[Any], list[Any]]:
            with tf.GradientTape() as tape:
                outputs = []
                h = x
                for layer in layers:
                    h = layer(h, training=False)
                    if id(layer) in watched:
                        outputs.append(_sampled(h))
                probabilities = tf.cast(h, tf.float32)
                loss = tf.reduce_mean(
                    keras.losses.sparse_categorical_crossentropy(y, probabilities)
                )
            gradients = tape.gradient(loss, variables)
            gradients = [
                tf.zeros_like(v) if g is None else tf.convert_to_tensor(g)
                for v, g in zip(variables, gradients, strict=True)
            ]
            return loss, gradients, outputs

        # Traced once, with batch normalization swapped to batch statistics: the graph keeps
        # that behaviour, and reads the variables' current values on every call.
        return tf.function(run)

    def loss_and_gradients(self) -> tuple[float, list[np.ndarray], dict[int, tuple]]:
        """The probe's loss, the gradient of every trainable weight, and per watched layer
        (by id) a sample of its outputs and the share of them that is 0."""
        if self._function is None:
            self._function = self._pass()
        with batch_statistics(self.model):
            loss, gradients, outputs = self._function(self.x, self.y)
        values = [np.asarray(g, np.float32) for g in gradients]
        watched = {
            key: (np.asarray(sample), float(zeros))
            for key, (sample, zeros) in zip(self._watched, outputs, strict=True)
        }
        return float(loss), values, watched

    def landscape(self, loss: float, gradient: list[np.ndarray]) -> dict[str, Any]:
        """The loss and the gradient at w - eta * g for each step size; the weights are put back.

        Args:
            loss: the loss here.
            gradient: the gradient here, one array per trainable weight.
        """
        start = [np.array(v.numpy()) for v in self.variables]
        norm = _norm(gradient)
        losses, changes = [], []
        try:
            for eta in self.step_sizes:
                for variable, w, g in zip(self.variables, start, gradient, strict=True):
                    variable.assign(w - eta * g)
                moved_loss, moved_gradient, _ = self.loss_and_gradients()
                losses.append(moved_loss)
                changes.append(
                    _norm([a - b for a, b in zip(moved_gradient, gradient, strict=True)])
                )
        finally:
            for variable, w in zip(self.variables, start, strict=True):
                variable.assign(w)
        smoothness = [
            c / (eta * norm) if eta * norm > 0 else None
            for c, eta in zip(changes, self.step_sizes, strict=True)
        ]
        every = [loss, *losses]
        return {
            "step_sizes": list(self.step_sizes),
            "losses": losses,
            "loss_variation": max(every) - min(every),
            "gradient_changes": changes,
            "gradient_predictiveness": max(changes),
            "beta_smoothness": max((s for s in smoothness if s is not None), default=None),
        }

    def measure(self, update_ratios: dict[str, float | None]) -> dict[str, Any]:
        """Every measurement of one record (see the module docstring for each).

        Args:
            update_ratios: |step| / |weights| of each weight layer's last update.
        """
        loss, gradient, outputs = self.loss_and_gradients()
        layers: dict[str, dict[str, Any]] = {}
        for block in self.blocks:
            fed = block["bn"] or block["layer"]  # what the activation function receives
            entry = {"input": distribution(outputs[id(fed)][0])}
            if block["bn"] is not None:
                entry["before_bn"] = distribution(outputs[id(block["layer"])][0])
            if block["activation"] is not None:
                entry["zero_share"] = outputs[id(block["activation"])][1]
            layers[block["name"]] = entry
        by_variable = {id(v): g for v, g in zip(self.variables, gradient, strict=True)}
        for layer in self.weight_layers:
            entry = layers.setdefault(layer.name, {})
            grads = [by_variable[id(v)] for v in layer.trainable_variables if id(v) in by_variable]
            entry["grad_norm"] = _norm(grads)
            entry["update_ratio"] = update_ratios.get(layer.name)
        return {
            "loss": loss,
            "layers": layers,
            "landscape": self.landscape(loss, gradient),
            "inputs": {b["name"]: outputs[id(b["bn"] or b["layer"])][0] for b in self.blocks},
        }


def _norm(arrays: Sequence[np.ndarray]) -> float:
    return math.sqrt(sum(float(np.sum(np.square(a, dtype=np.float64))) for a in arrays))


def record_positions(steps_per_epoch: int, records_per_epoch: int) -> frozenset[int]:
    """The steps within an epoch (1 to steps_per_epoch) after which a record is taken."""
    count = max(1, min(records_per_epoch, steps_per_epoch))
    return frozenset(max(1, round(steps_per_epoch * k / count)) for k in range(1, count + 1))


class InsideRecorder(keras.callbacks.Callback):
    """Appends a `Probe` measurement to the run's inside.jsonl at step 0 and during each epoch.

    Args:
        folder: the run folder.
        x: uint8 probe images (see `probe_rows`).
        y: their labels.
        steps_per_epoch: optimizer steps in an epoch.
        records_per_epoch: records in each epoch, evenly spaced, the last at its end.
        tensorboard: also write the input percentiles' histograms to tensorboard/inside.
    """

    def __init__(
        self,
        folder: Path,
        x: np.ndarray,
        y: np.ndarray,
        *,
        steps_per_epoch: int,
        records_per_epoch: int,
        tensorboard: bool = True,
    ) -> None:
        super().__init__()
        self.folder = Path(folder)
        self.path = self.folder / INSIDE_FILE
        self.x, self.y = x, y
        self.per_epoch = steps_per_epoch
        self.positions = record_positions(steps_per_epoch, records_per_epoch)
        self.tensorboard = tensorboard
        self._probe: Probe | None = None
        self._before: dict[str, list[np.ndarray]] = {}  # weights before the step to be recorded
        self._writer: Any = None
        self.seconds = 0.0  # time spent recording in this session

    def _is_record_step(self, step: int) -> bool:
        return step > 0 and ((step - 1) % self.per_epoch) + 1 in self.positions

    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        self._step = int(keras.ops.convert_to_numpy(self.model.optimizer.iterations))
        repair_tail(self.path)
        # A resumed run trains again from its checkpoint's step: drop what came after it.
        kept = [r for r in read_jsonl(self.path) if int(r.get("step", -1)) <= self._step]
        tmp = self.path.with_name(f".{INSIDE_FILE}.tmp")
        tmp.write_text("".join(json.dumps(r) + "\n" for r in kept), encoding="utf-8")
        tmp.replace(self.path)
        self._probe = Probe(self.model, self.x, self.y)
        if self.tensorboard:
            self._writer = tf.summary.create_file_writer(
                str(self.folder / "tensorboard" / "inside")
            )
        if self._step == 0 and not kept:
            self._record()
        elif self._is_record_step(self._step + 1):
            self._snapshot()

    def on_train_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        self._step += 1
        if self._is_record_step(self._step):
            self._record()
        if self._is_record_step(self._step + 1):
            self._snapshot()

    def on_train_end(self, logs: dict[str, Any] | None = None) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    @property
    def probe(self) -> Probe:
        if self._probe is None:  # on_train_begin makes it
            raise RuntimeError("InsideRecorder records only inside model.fit.")
        return self._probe

    def _snapshot(self) -> None:
        self._before = {
            layer.name: [np.array(w.numpy()) for w in layer.trainable_variables]
            for layer in self.probe.weight_layers
        }

    def _update_ratios(self) -> dict[str, float | None]:
        ratios: dict[str, float | None] = {}
        for layer in self.probe.weight_layers:
            before = self._before.get(layer.name)
            if before is None:
                ratios[layer.name] = None
                continue
            now = [np.asarray(w.numpy()) for w in layer.trainable_variables]
            size = _norm(before)
            step = _norm([a - b for a, b in zip(now, before, strict=True)])
            ratios[layer.name] = step / size if size > 0 else None
        self._before = {}
        return ratios

    def _record(self) -> None:
        start = time.perf_counter()
        measured = self.probe.measure(self._update_ratios())
        inputs = measured.pop("inputs")
        record = {
            "kind": "inside",
            "step": self._step,
            "epoch": self._step / self.per_epoch,
            "probe_images": len(self.y),
            **measured,
        }
        if self._writer is not None:
            with self._writer.as_default(step=self._step):
                for name, values in inputs.items():
                    tf.summary.histogram(f"{name}/input", tf.cast(values, tf.float32))
            self._writer.flush()
        record["seconds"] = time.perf_counter() - start
        self.seconds += record["seconds"]
        with open(self.path, "a", encoding="utf-8") as file:
            file.write(json.dumps(record) + "\n")
