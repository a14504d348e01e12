"""Fused batch normalization for training: tf.keras 2's fast kernel, on Keras 3 layers.

Keras 3's `BatchNormalization` computes a training step from separate ops (mean, variance,
normalize, each with its own backward pass); tf.keras 2 used TensorFlow's single fused
kernel (`FusedBatchNormV3`, oneDNN on a CPU) for 4-D inputs, which trains the CIFAR-10
AlexNet with batch normalization faster (`bench/bench_fused_batch_norm.py`,
docs/benchmarks.md).

`fuse_batch_normalization(model)` switches the eligible layers of one model, in this process,
to the fused kernel for training steps. The math is Keras' own: batch mean and biased batch
variance normalize the batch, and the moving statistics follow Keras' update
`moving = moving * momentum + batch * (1 - momentum)`. Inference (`training=False`) runs
Keras' own code. Nothing about the saved model changes: the layers stay
`keras.layers.BatchNormalization`, and a `.keras` file saved from a fused model loads
anywhere without this module.

Eligible: TensorFlow backend, channels-last 4-D input (`axis=-1`), `center` and `scale` on,
no renorm, not synchronized across replicas. Other layers keep Keras' code.
"""

from __future__ import annotations

import types
from typing import Any

import keras
import tensorflow as tf

_FUSED = "_alexnet_fused"


def is_fusable(layer: keras.layers.Layer) -> bool:
    """Whether `fuse_batch_normalization` can switch this built layer to the fused kernel."""
    if not isinstance(layer, keras.layers.BatchNormalization) or not layer.built:
        return False
    if keras.backend.backend() != "tensorflow":
        return False
    rank = len(layer.input.shape) if _has_input(layer) else None
    return (
        rank == 4
        and layer.axis in (3, -1)
        and layer.center
        and layer.scale
        and not layer.renorm
        and not layer.synchronized
    )


def fuse_batch_normalization(model: keras.Model) -> int:
    """Train the model's eligible BatchNormalization layers with the fused kernel.

    Args:
        model: a built model; its layers change in this process only.

    Returns:
        How many layers now use the fused kernel (0 for a network without batch
        normalization, or on a backend other than TensorFlow).
    """
    count = 0
    for layer in _all_layers(model):
        if getattr(layer, _FUSED, False):
            count += 1
        elif is_fusable(layer):
            layer.call = types.MethodType(_fused_call, layer)
            object.__setattr__(layer, _FUSED, True)
            count += 1
    return count


def _fused_call(self: Any, inputs: Any, training: Any = None, mask: Any = None) -> Any:
    if not (training and self.trainable) or mask is not None:
        return keras.layers.BatchNormalization.call(self, inputs, training=training, mask=mask)
    # Keras computes batch statistics in float32 whatever the compute dtype; so does the
    # kernel (it takes float16/bfloat16 inputs with float32 scale and offset).
    x = inputs if inputs.dtype in (tf.float16, tf.bfloat16) else tf.cast(inputs, tf.float32)
    outputs, mean, variance = tf.compat.v1.nn.fused_batch_norm(
        x,
        tf.cast(self.gamma, tf.float32),
        tf.cast(self.beta, tf.float32),
        epsilon=self.epsilon,
        is_training=True,
        exponential_avg_factor=1.0,  # return this batch's statistics, not a moving average
    )
    # The kernel returns the unbiased (Bessel-corrected) variance; Keras keeps the biased one.
    count = tf.cast(tf.size(x) // tf.shape(x)[-1], tf.float32)
    variance = variance * tf.maximum(count - 1.0, 1.0) / count
    momentum = self.momentum
    self.moving_mean.assign(
        tf.cast(self.moving_mean, tf.float32) * momentum + mean * (1.0 - momentum)
    )
    self.moving_variance.assign(
        tf.cast(self.moving_variance, tf.float32) * momentum + variance * (1.0 - momentum)
    )
    return tf.cast(outputs, self.compute_dtype)


def _has_input(layer: keras.layers.Layer) -> bool:
    try:
        layer.input  # noqa: B018 - raises for a layer never called on a symbolic input
    except (AttributeError, ValueError):
        return False
    return True


def _all_layers(model: keras.Model) -> list[keras.layers.Layer]:
    found: list[keras.layers.Layer] = []
    for layer in model.layers:
        found.append(layer)
        if isinstance(layer, keras.Model):
            found.extend(_all_layers(layer))
    return found
