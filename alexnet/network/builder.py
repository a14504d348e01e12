"""Spec -> keras.Model. The only place in AlexNet Lab that creates layers.

Layer names follow the layer table (`alexnet.network.layer_table`): conv1, conv1_bn, conv1_relu,
pool1, ..., flatten, fc1, fc1_relu, fc1_dropout, ..., predictions.
"""

from __future__ import annotations

import keras
from keras import layers

from alexnet.config.spec import ModelSpec
from alexnet.network.layer_table import layer_table


def _activation(name: str, activation: str) -> layers.Layer:
    return layers.Activation(activation, name=name)


def _norm_and_activation(prefix: str, placement: str, activation: str) -> list[layers.Layer]:
    act = _activation(f"{prefix}_{activation}", activation)
    if placement == "before_activation":
        return [layers.BatchNormalization(name=f"{prefix}_bn"), act]
    if placement == "after_activation":
        return [act, layers.BatchNormalization(name=f"{prefix}_bn")]
    return [act]


def model_layers(spec: ModelSpec) -> list[layers.Layer]:
    """The layers of the model in order, without the Input."""
    stack: list[layers.Layer] = []
    if spec.rescale:
        stack.append(layers.Rescaling(1.0 / 255, name="rescaling"))
    for i, block in enumerate(spec.conv_blocks):
        name = f"conv{i + 1}"
        stack.append(
            layers.Conv2D(
                block.filters,
                block.kernel_size,
                strides=block.strides,
                padding=block.padding,
                name=name,
            )
        )
        stack += _norm_and_activation(name, spec.conv_batch_norm(i), spec.conv_activation(i))
        if block.pool:
            pool = layers.MaxPooling2D(
                block.pool_size, strides=block.pool_strides, name=f"pool{i + 1}"
            )
            stack.append(pool)
    stack.append(layers.Flatten(name="flatten"))
    for i, block in enumerate(spec.dense_blocks):
        name = f"fc{i + 1}"
        stack.append(layers.Dense(block.units, name=name))
        stack += _norm_and_activation(name, spec.dense_batch_norm(i), spec.dense_activation(i))
        if block.dropout_rate > 0:
            stack.append(layers.Dropout(block.dropout_rate, name=f"{name}_dropout"))
    # float32 output keeps the softmax stable under a mixed-precision policy.
    stack.append(
        layers.Dense(spec.num_classes, activation="softmax", dtype="float32", name="predictions")
    )
    return stack


def build_model(spec: ModelSpec) -> keras.Model:
    """Build the Keras model for a spec, after checking it fits (no TensorFlow work if not).

    Returns:
        An uncompiled `keras.Sequential` named after the spec.

    Raises:
        ValueError: if the spec does not fit (see `alexnet.network.layer_table.layer_table`).
    """
    layer_table(spec)
    return keras.Sequential(
        [keras.Input(shape=spec.input_shape, name="image"), *model_layers(spec)],
        name=spec.slug,
    )
