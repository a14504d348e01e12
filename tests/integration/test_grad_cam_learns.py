"""Grad-CAM points at what a network learned: a planted square, after a few epochs of training."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from alexnet.analysis.visualize import grad_cam
from alexnet.config.spec import ConvBlock, ModelSpec
from alexnet.network.builder import build_model


def planted_squares(count: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, list]:
    """Dim noise images; odd ones carry a bright 8x8 square at a random place."""
    x = rng.integers(0, 90, size=(count, 32, 32, 3), dtype=np.uint8)
    y = np.arange(count) % 2
    boxes = []
    for i in range(count):
        top, left = rng.integers(0, 25, size=2)
        boxes.append((top, left))
        if y[i] == 1:
            x[i, top : top + 8, left : left + 8] = 255
    return x, y, boxes


@pytest.mark.slow
def test_grad_cam_peaks_inside_a_planted_square_the_model_learned_to_detect() -> None:
    keras.utils.set_random_seed(0)
    spec = ModelSpec(
        name="square detector",
        input_shape=(32, 32, 3),
        num_classes=2,
        conv_blocks=(ConvBlock(8, 3, pool=True, pool_size=2), ConvBlock(16, 3)),
    )
    model = build_model(spec)
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy")
    rng = np.random.default_rng(0)
    x, y, _ = planted_squares(600, rng)
    model.fit(x.astype("float32"), y, epochs=4, batch_size=32, verbose=0)

    x_test, y_test, boxes = planted_squares(40, rng)
    hits = brighter_for_square_class = 0
    squares = [i for i in range(40) if y_test[i] == 1]
    for i in squares:
        heat, _ = grad_cam(model, x_test[i], class_index=1)
        row, col = np.unravel_index(np.argmax(heat), heat.shape)
        top, left = boxes[i]
        # One pixel of slack: the map is computed at half resolution and upsampled.
        hits += top - 1 <= row <= top + 8 and left - 1 <= col <= left + 8
        # The square is evidence for class 1, not for class 0: the maps must differ there.
        other, _ = grad_cam(model, x_test[i], class_index=0)
        inside = (slice(top, top + 8), slice(left, left + 8))
        brighter_for_square_class += heat[inside].mean() > other[inside].mean()
    assert hits >= 0.8 * len(squares), f"peak inside the square for {hits} of {len(squares)}"
    assert brighter_for_square_class >= 0.8 * len(squares)
