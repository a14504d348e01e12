"""What Keras itself reports about a model, in the shape of our layer table rows."""

from __future__ import annotations

import math

import keras

from alexnet.network.layer_table import LayerTable


def _count(weights: list) -> int:
    return sum(math.prod(w.shape) for w in weights)


def keras_rows(model: keras.Model) -> list[tuple[str, tuple[int, ...], int, int]]:
    """(name, output shape without the batch axis, trainable, non-trainable) per layer."""
    return [
        (
            layer.name,
            tuple(int(d) for d in layer.output.shape[1:]),
            _count(layer.trainable_weights),
            _count(layer.non_trainable_weights),
        )
        for layer in model.layers
    ]


def table_rows(table: LayerTable) -> list[tuple[str, tuple[int, ...], int, int]]:
    """The same tuple per row, computed by alexnet.network.layer_table."""
    return [
        (r.name, r.output_shape, r.trainable_params, r.non_trainable_params) for r in table.rows
    ]
