"""Test-time augmentation (an evaluation option): average the predictions of each image and
its mirror image.

A network trained with random horizontal flips has learned to recognise both orientations,
yet its two answers for an image and its mirror image differ a little; their mean is a
slightly better answer (Krizhevsky et al. 2012 averaged ten crops and their mirrors; Page's
DAWNBench ResNet and Jordan's airbench average the flip). It costs a second forward pass per
image, so it is an option of evaluation only: training, validation and the run's own
evaluation.json stay single-view, and figures measured with it are labelled as such.
"""

from __future__ import annotations

from typing import Any

import numpy as np

# Images mirrored and predicted per chunk: bounds the extra copy for large images.
CHUNK_IMAGES = 2048


def flip_averaged_predictions(model: Any, x: np.ndarray, batch_size: int = 256) -> np.ndarray:
    """The mean of the model's outputs for each image and its left-right mirror image.

    Args:
        model: a Keras model taking uint8 images (channels last), e.g. a loaded checkpoint.
        x: uint8 images, shape (N, height, width, channels).
        batch_size: images per forward pass.

    Returns:
        The averaged outputs (N, classes), float32: class probabilities for a softmax model.
    """
    from alexnet.data.pipeline import predict_batches

    if not isinstance(x, np.ndarray) or x.ndim != 4:
        got = f"{type(x).__name__} {getattr(x, 'shape', '')}"
        raise ValueError(
            f"images must be a NumPy array of shape (N, height, width, channels), got {got}."
        )
    plain = np.asarray(predict_batches(model, x, batch_size), np.float32)
    mirrored = np.empty_like(plain)
    for start in range(0, len(x), CHUNK_IMAGES):
        chunk = np.ascontiguousarray(x[start : start + CHUNK_IMAGES, :, ::-1])
        mirrored[start : start + len(chunk)] = predict_batches(model, chunk, batch_size)
    return (plain + mirrored) / 2


def flip_averaged_accuracy(
    model: Any, x: np.ndarray, y: np.ndarray, batch_size: int = 256
) -> float:
    """Top-1 accuracy of `flip_averaged_predictions` against integer labels `y`."""
    predicted = flip_averaged_predictions(model, x, batch_size).argmax(axis=1)
    return float((predicted == np.asarray(y).reshape(-1)).mean())
