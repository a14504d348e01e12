"""Recalibrated batch normalization: moving statistics recomputed with the current weights.

During training a `BatchNormalization` layer normalizes each batch with that batch's own
mean and variance, and keeps a moving average of them (`moving = moving * 0.99 + batch *
0.01`) for inference. That average trails the weights: after a few hundred fast-changing
steps it still remembers the statistics of weights long gone, and a short run evaluated
with it can score near chance while training accuracy climbs. Recalibration ("precise BN":
pycls' `compute_precise_bn_stats`, fvcore's `update_bn_stats`; Wu and Johnson 2021,
"Rethinking 'Batch' in BatchNorm") replaces the moving statistics by their value for the
current weights, measured on N training images.

How. The model runs forward over the images batch by batch, each batch normalized by its own
statistics in every batch-normalization layer, exactly as a training step's forward pass
does, while Dropout stays off, as at inference. No gradient is taken, no optimizer steps,
and nothing else in the model changes: the layers' own `call` is swapped for this pass only,
so the fused training kernel (`alexnet.network.fused_batch_norm`) and Keras' own code give the same
result. Every layer's statistics come from one pass, so a later layer sees the inputs that
training-mode layers before it produce.

Which variance. Each layer's new `moving_mean` is the mean of its inputs over the N images
(per channel), and its new `moving_variance` is the image-weighted average of the per-batch
*biased* variances. That is the value Keras' moving average itself converges to with the
weights held still (its update averages biased batch variances), so a recalibrated layer
normalizes at inference as training normalized a typical batch, with no lag. The pooled
variance of all N images together would add the spread of the batch means (about 1/batch
size of the variance) which training never divided by. pycls and fvcore also average
per-batch variances.

Precision and devices. Moments are taken in float32 whatever the compute dtype, as Keras
does under a mixed-precision policy. The pass runs eagerly in the caller's (cross-replica)
context on the host's default device. Under the `mirrored` strategy the statistics are
computed once, over all N images, and assigned to every replica's copy of the variables.
Under `multi_worker` each worker computes them from the same N images with the same
(all-reduced) weights, so the workers' copies agree without any communication.
"""

from __future__ import annotations

import contextlib
import types
from collections.abc import Iterable, Iterator
from typing import Any

import keras
import numpy as np
import tensorflow as tf
from keras import ops

MOVING_STATISTICS = ("moving_mean", "moving_variance")
_FUNCTION = "_alexnet_bn_statistics"


def batch_norm_layers(model: keras.Model) -> list[keras.layers.BatchNormalization]:
    """The model's BatchNormalization layers that training updates (nested models included)."""
    found = []
    for layer in model._flatten_layers(include_self=False):
        if isinstance(layer, keras.layers.BatchNormalization) and layer.trainable:
            found.append(layer)
    return found


def moving_statistics(model: keras.Model) -> list[np.ndarray]:
    """Every recalibrated layer's moving mean and variance, in layer order (a snapshot)."""
    return [
        np.array(getattr(layer, name).numpy())
        for layer in batch_norm_layers(model)
        for name in MOVING_STATISTICS
    ]


def set_moving_statistics(model: keras.Model, values: list[np.ndarray]) -> None:
    """Put back a `moving_statistics` snapshot."""
    variables = [getattr(layer, n) for layer in batch_norm_layers(model) for n in MOVING_STATISTICS]
    if len(values) != len(variables):
        raise ValueError(
            f"{len(values)} saved statistics do not match the model's {len(variables)} moving "
            "means and variances; they were saved from another network."
        )
    for variable, value in zip(variables, values, strict=True):
        if tuple(variable.shape) != tuple(np.shape(value)):
            raise ValueError(
                f"saved statistics of shape {np.shape(value)} do not fit {variable.path} "
                f"{tuple(variable.shape)}; they were saved from another network."
            )
        variable.assign(value)


@contextlib.contextmanager
def batch_statistics(model: keras.Model) -> Iterator[None]:
    """Inside the block, every batch-normalization layer of `model` normalizes a batch by the
    batch's own mean and variance, as in a training step, even when called with
    training=False (so Dropout stays off); no moving statistics change."""
    with _recording(batch_norm_layers(model), []):
        yield


def _recording_call(found: list[tuple[Any, Any]]) -> Any:
    def call(self: Any, inputs: Any, training: Any = None, mask: Any = None) -> Any:
        x = ops.cast(inputs, "float32")  # Keras' moments are float32 under any policy
        mean, variance = ops.moments(x, axes=self._reduction_axes)
        found.append((mean, variance))
        outputs = ops.batch_normalization(
            x,
            mean,
            variance,
            axis=self.axis,
            offset=None if self.beta is None else ops.cast(self.beta, "float32"),
            scale=None if self.gamma is None else ops.cast(self.gamma, "float32"),
            epsilon=self.epsilon,
        )
        return ops.cast(outputs, self.compute_dtype)

    return call


@contextlib.contextmanager
def _recording(layers: list[Any], found: list[tuple[Any, Any]]) -> Iterator[None]:
    # Swap each layer's call for this pass only; a fused layer gets its fused call back.
    saved = [layer.__dict__.get("call") for layer in layers]
    try:
        for layer in layers:
            object.__setattr__(layer, "call", types.MethodType(_recording_call(found), layer))
        yield
    finally:
        for layer, call in zip(layers, saved, strict=True):
            if call is None:
                object.__delattr__(layer, "call")
            else:
                object.__setattr__(layer, "call", call)


def _statistics_function(model: keras.Model, layers: list[Any]) -> Any:
    def statistics(images: Any) -> list[tuple[Any, Any]]:
        found: list[tuple[Any, Any]] = []
        with _recording(layers, found):
            model(images, training=False)  # Dropout off; the swapped calls use batch statistics
        return found

    return tf.function(statistics, reduce_retracing=True)


def recalibrate_batch_norm(model: keras.Model, batches: Iterable[Any]) -> int:
    """Set every BatchNormalization layer's moving statistics to their value for these images.

    Args:
        model: a built model; only its moving means and variances change.
        batches: batches of input images (what the model takes, e.g. uint8 pixels), each a
            NumPy array or tensor of shape (batch, height, width, channels). Pass batches of
            the training batch size: a layer's statistics depend on how the layers before it
            normalized, which depends on the batch.

    Returns:
        How many images the statistics were measured on (0 for a model without batch
        normalization, which is left as it was).

    Raises:
        ValueError: when `batches` holds no image.
    """
    layers = batch_norm_layers(model)
    if not layers:
        return 0
    function = getattr(model, _FUNCTION, None)
    if function is None:  # traced once per model and process, then reused every epoch
        function = _statistics_function(model, layers)
        object.__setattr__(model, _FUNCTION, function)
    images = 0
    sums = [[0.0, 0.0] for _ in layers]
    for batch in batches:
        count = int(batch.shape[0])
        for total, (mean, variance) in zip(sums, function(batch), strict=True):
            total[0] = total[0] + mean.numpy().astype(np.float64) * count
            total[1] = total[1] + variance.numpy().astype(np.float64) * count
        images += count
    if images == 0:
        raise ValueError("recalibration got no images; pass at least one batch.")
    for layer, (mean_sum, variance_sum) in zip(layers, sums, strict=True):
        layer.moving_mean.assign(mean_sum / images)
        layer.moving_variance.assign(variance_sum / images)
    return images
