"""Training-time augmentation as TensorFlow stateless random ops (imports TensorFlow).

Random horizontal flips and random crops after padding are the classic CIFAR-10 augmentations:
each epoch sees slightly different images, which slows over-fitting. The ops are *stateless*:
the same images and the same seed give the same result, so a run can be repeated exactly (the
pipeline derives one seed per batch from the run's seed, epoch and batch index). Images stay
uint8 throughout; each image in a batch gets its own flip and crop offset.
"""

from __future__ import annotations

import tensorflow as tf

PAD_MODES = ("constant", "reflect")  # constant pads with zeros (black), reflect mirrors edges


def _random_crop(images: tf.Tensor, seed: tf.Tensor, padding: int, pad_mode: str) -> tf.Tensor:
    shape = tf.shape(images)
    batch, height, width = shape[0], shape[1], shape[2]
    mode = "CONSTANT" if pad_mode == "constant" else "REFLECT"
    padded = tf.pad(images, [[0, 0], [padding, padding], [padding, padding], [0, 0]], mode=mode)
    # One offset per image in 0..2*padding: a shift of up to `padding` pixels each way.
    offsets = tf.random.stateless_uniform(
        [batch, 2], seed=seed, minval=0, maxval=2 * padding + 1, dtype=tf.int32
    )
    rows = offsets[:, :1] + tf.range(height)[tf.newaxis, :]  # (B, H)
    cols = offsets[:, 1:] + tf.range(width)[tf.newaxis, :]  # (B, W)
    cropped = tf.gather(padded, rows, axis=1, batch_dims=1)  # (B, H, W + 2p, C)
    return tf.gather(cropped, cols, axis=2, batch_dims=1)  # (B, H, W, C)


def augment_batch(
    images: tf.Tensor,
    seed: tf.Tensor,
    *,
    flip: bool = False,
    crop_padding: int = 0,
    pad_mode: str = "constant",
) -> tf.Tensor:
    """Randomly flip and/or crop a batch of images, reproducibly for a given seed.

    Args:
        images: uint8 images, shape (batch, height, width, channels).
        seed: shape-[2] integer tensor for TensorFlow's stateless random ops; the same seed
            and images give the same output.
        flip: flip each image left-right with probability 1/2.
        crop_padding: pad each side by this many pixels, then crop a random window of the
            original size (0 turns cropping off).
        pad_mode: "constant" pads with zeros, "reflect" mirrors the border pixels (needs
            crop_padding smaller than the image).

    Returns:
        A tensor with the same shape and dtype as `images`.
    """
    if not isinstance(flip, bool):
        raise ValueError(f"flip={flip!r} must be True or False.")
    if isinstance(crop_padding, bool) or not isinstance(crop_padding, int) or crop_padding < 0:
        raise ValueError(
            f"crop_padding={crop_padding!r} must be a whole number of pixels >= 0 (0 = off)."
        )
    if pad_mode not in PAD_MODES:
        raise ValueError(f"pad_mode={pad_mode!r} is not supported; use one of {PAD_MODES}.")
    images = tf.convert_to_tensor(images)
    if images.shape.rank is not None and images.shape.rank != 4:
        raise ValueError(
            f"images must be a batch of shape (batch, height, width, channels), got shape "
            f"{images.shape}."
        )
    if pad_mode == "reflect" and crop_padding:
        for side in images.shape[1:3]:
            if side is not None and crop_padding >= side:
                raise ValueError(
                    f"crop_padding={crop_padding} with pad_mode='reflect' needs images larger "
                    f"than {crop_padding} pixels, got {images.shape[1:3]}; use a smaller padding."
                )
    # Two independent seeds, so turning flips on or off does not change the crops.
    seeds = tf.random.experimental.stateless_split(tf.cast(seed, tf.int64), num=2)
    out = images
    if flip:
        out = tf.image.stateless_random_flip_left_right(out, seed=seeds[0])
    if crop_padding:
        out = _random_crop(out, seeds[1], crop_padding, pad_mode)
    return out
