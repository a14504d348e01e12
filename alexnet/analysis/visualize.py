"""Look inside a trained model: first-layer filters, feature maps and Grad-CAM, as arrays.

Works on the `keras.Sequential` models of `alexnet.network.builder`, fresh or loaded from a .keras
file: layers are re-run one by one on a new input (a "functional re-wiring"), so nothing
depends on how the model was first built. Images are uint8 (H, W, C) at the model's input
size (see `alexnet.analysis.images.prepare_image`); models take raw 0-255 pixels.
"""

from __future__ import annotations

from typing import Any

import keras
import numpy as np
import tensorflow as tf
from PIL import Image

# Layers whose output is just the input image again, not something the network computed.
_NOT_FEATURES = ("InputLayer", "Rescaling", "Resizing", "CenterCrop", "Normalization")
# Layers that may follow a conv inside the same block (the Grad-CAM default taps their end).
_BLOCK_TAIL = ("BatchNormalization", "Activation", "ReLU", "LeakyReLU", "ELU", "PReLU")


def _layers(model: keras.Model) -> list[keras.layers.Layer]:
    return [layer for layer in model.layers if type(layer).__name__ != "InputLayer"]


def _rank(layer: keras.layers.Layer) -> int:
    try:
        return len(layer.output.shape)
    except (AttributeError, ValueError):
        return 0


def _find_layer(model: keras.Model, layer_name: str) -> keras.layers.Layer:
    for layer in _layers(model):
        if layer.name == layer_name:
            return layer
    raise ValueError(
        f"The model has no layer named {layer_name!r}; choose one of "
        f"{', '.join(feature_map_layers(model)) or '(none)'}."
    )


def _image_batch(model: keras.Model, image_uint8: Any) -> tf.Tensor:
    image = np.asarray(image_uint8)
    expected = tuple(model.input_shape[1:])
    if image.ndim == 2 and expected[-1] == 1:
        image = image[..., None]
    if image.shape != expected:
        raise ValueError(
            f"The image is {image.shape} but the model expects {expected}; prepare it with "
            "alexnet.analysis.images.prepare_image(image, model_input_shape(model))."
        )
    return tf.constant(image[None].astype(np.float32))


def _run(model: keras.Model, batch: tf.Tensor, taps: set[str]) -> tuple[dict[str, Any], Any]:
    """Run the layers one by one; return the outputs of the tapped layers and the last output."""
    if isinstance(model, keras.Sequential):
        outputs: dict[str, Any] = {}
        x = batch
        for layer in _layers(model):
            x = layer(x, training=False)
            if layer.name in taps:
                outputs[layer.name] = x
        return outputs, x
    # A functional model: ask Keras for the tapped outputs directly.
    names = sorted(taps)
    sub = keras.Model(model.inputs, [_find_layer(model, n).output for n in names] + [model.output])
    values = sub(batch, training=False)
    return dict(zip(names, values[:-1], strict=True)), values[-1]


def feature_map_layers(model: keras.Model) -> list[str]:
    """Names of the layers worth showing as feature maps: conv, BN, activation, pool (4-D outputs).

    Args:
        model: a Keras model.
    """
    return [
        layer.name
        for layer in _layers(model)
        if _rank(layer) == 4 and type(layer).__name__ not in _NOT_FEATURES
    ]


def feature_maps(model: keras.Model, image_uint8: Any, layer_name: str) -> np.ndarray:
    """A layer's output for one image.

    Args:
        model: a Keras model.
        image_uint8: (H, W, C) image at the model's input size.
        layer_name: one of `feature_map_layers(model)`.

    Returns:
        float32 array (height, width, channels), the layer's output shape.
    """
    if layer_name not in feature_map_layers(model):
        _find_layer(model, layer_name)  # raises for an unknown name
        raise ValueError(
            f"Layer {layer_name!r} has no spatial feature maps; choose one of "
            f"{', '.join(feature_map_layers(model))}."
        )
    outputs, _ = _run(model, _image_batch(model, image_uint8), {layer_name})
    return np.asarray(outputs[layer_name][0], dtype=np.float32)


def all_feature_maps(model: keras.Model, image_uint8: Any) -> dict[str, np.ndarray]:
    """Every layer of `feature_map_layers(model)` for one image, in one forward pass.

    Args:
        model: a Keras model.
        image_uint8: (H, W, C) image at the model's input size.

    Returns:
        {layer name: float32 (height, width, channels)}, in layer order.
    """
    names = feature_map_layers(model)
    outputs, _ = _run(model, _image_batch(model, image_uint8), set(names))
    return {name: np.asarray(outputs[name][0], dtype=np.float32) for name in names}


def first_layer_filters(model: keras.Model, normalize: str = "per_filter") -> np.ndarray:
    """The kernels of the first Conv2D as small RGB images.

    Args:
        model: a Keras model with at least one Conv2D.
        normalize: "per_filter" stretches each kernel to [0, 1] on its own (shows every
            pattern); "global" uses one range for all (shows which kernels are strong).

    Returns:
        float32 array (filters, kernel_size, kernel_size, 3) in [0, 1]. One-channel kernels
        are shown as gray; kernels over other channel counts as the mean over channels.
    """
    if normalize not in ("per_filter", "global"):
        raise ValueError(f"normalize={normalize!r} is not supported; use 'per_filter' or 'global'.")
    convs = [layer for layer in _layers(model) if isinstance(layer, keras.layers.Conv2D)]
    if not convs:
        raise ValueError(f"Model {model.name!r} has no Conv2D layer, so there are no filters.")
    kernel = np.asarray(convs[0].kernel, dtype=np.float32)  # (k, k, in_channels, filters)
    images = np.transpose(kernel, (3, 0, 1, 2))
    if images.shape[-1] != 3:
        images = np.repeat(images.mean(axis=-1, keepdims=True), 3, axis=-1)
    axes = (1, 2, 3) if normalize == "per_filter" else None
    low = images.min(axis=axes, keepdims=True)
    span = images.max(axis=axes, keepdims=True) - low
    # A constant kernel has no pattern: show it as mid-gray rather than dividing by zero.
    scaled = np.where(span > 0, (images - low) / np.where(span > 0, span, 1), 0.5)
    return scaled.astype(np.float32)


def default_grad_cam_layer(model: keras.Model) -> str:
    """The last conv block's output before pooling: the last Conv2D plus its BN/activation.

    Args:
        model: a Keras model with at least one Conv2D.
    """
    stack = _layers(model)
    last = max(
        (i for i, layer in enumerate(stack) if isinstance(layer, keras.layers.Conv2D)),
        default=None,
    )
    if last is None:
        raise ValueError(f"Model {model.name!r} has no Conv2D layer to compute Grad-CAM on.")
    while last + 1 < len(stack) and type(stack[last + 1]).__name__ in _BLOCK_TAIL:
        last += 1
    return stack[last].name


def _class_scores(model: keras.Model, batch: tf.Tensor, layer_name: str) -> tuple[Any, Any]:
    """(feature maps of layer_name, class scores): logits where the model ends in a softmax."""
    stack = _layers(model)
    head = stack[-1]
    ends_in_softmax = (
        isinstance(model, keras.Sequential)
        and isinstance(head, keras.layers.Dense)
        and getattr(head.activation, "__name__", "") == "softmax"
    )
    if not ends_in_softmax:
        outputs, scores = _run(model, batch, {layer_name})
        return outputs[layer_name], scores
    # Gradients of the softmax vanish once the model is confident; use the logits instead,
    # as the Grad-CAM paper does (the score before the softmax).
    x, maps = batch, None
    for layer in stack[:-1]:
        x = layer(x, training=False)
        if layer.name == layer_name:
            maps = x
    logits = tf.matmul(tf.cast(x, head.kernel.dtype), head.kernel)
    if head.use_bias:
        logits = logits + head.bias
    return maps, logits


def grad_cam(
    model: keras.Model,
    image_uint8: Any,
    class_index: int | None = None,
    layer_name: str | None = None,
) -> tuple[np.ndarray, int]:
    """Grad-CAM: where in the image the evidence for a class lies.

    The feature maps of `layer_name` are weighted by the mean gradient of the class score
    over each map, summed, passed through a ReLU, scaled to [0, 1] and resized (bilinear)
    to the input size.

    Args:
        model: a Keras model.
        image_uint8: (H, W, C) image at the model's input size.
        class_index: the class to explain; None for the predicted class.
        layer_name: a layer with 4-D output; None for `default_grad_cam_layer(model)`.

    Returns:
        (heatmap float32 (H, W) in [0, 1], the class index explained). An all-zero map means
        no location raised the class score.
    """
    layer_name = layer_name or default_grad_cam_layer(model)
    if layer_name not in feature_map_layers(model):
        _find_layer(model, layer_name)
        raise ValueError(f"Layer {layer_name!r} has no spatial feature maps for Grad-CAM.")
    batch = _image_batch(model, image_uint8)
    with tf.GradientTape() as tape:
        tape.watch(batch)  # makes the tape record from the first layer on
        maps, scores = _class_scores(model, batch, layer_name)
        num_classes = int(scores.shape[-1])
        if class_index is None:
            class_index = int(tf.argmax(scores[0]))
        elif isinstance(class_index, bool) or not 0 <= int(class_index) < num_classes:
            raise ValueError(f"class_index={class_index!r}; expected 0 to {num_classes - 1}.")
        score = scores[0, int(class_index)]
    grads = tape.gradient(score, maps)[0]
    weights = tf.reduce_mean(grads, axis=(0, 1))
    cam = tf.nn.relu(tf.reduce_sum(tf.cast(maps[0], weights.dtype) * weights, axis=-1))
    height, width = model.input_shape[1:3]
    cam = tf.image.resize(cam[..., None], (height, width), method="bilinear")[..., 0]
    cam = np.asarray(cam, dtype=np.float32)
    peak = float(cam.max())
    heatmap = cam / peak if peak > 0 else np.zeros_like(cam)
    return np.clip(heatmap, 0.0, 1.0), int(class_index)


def _jet(values: np.ndarray) -> np.ndarray:
    # The classic blue-cyan-yellow-red map, piecewise linear; values in [0, 1] -> RGB [0, 1].
    v = values[..., None]
    red = np.clip(1.5 - np.abs(4 * v - 3), 0, 1)
    green = np.clip(1.5 - np.abs(4 * v - 2), 0, 1)
    blue = np.clip(1.5 - np.abs(4 * v - 1), 0, 1)
    return np.concatenate([red, green, blue], axis=-1)


def overlay_heatmap(image: Any, heatmap: Any, alpha: float = 0.4) -> np.ndarray:
    """Blend a [0, 1] heat map (jet colors) over an image.

    Args:
        image: (H, W), (H, W, 1) or (H, W, 3) uint8 image.
        heatmap: (h, w) values in [0, 1]; resized to the image if the sizes differ.
        alpha: weight of the heat map colors (0: image only, 1: colors only).

    Returns:
        (H, W, 3) uint8 RGB.
    """
    rgb = np.asarray(image)
    if rgb.ndim == 2:
        rgb = rgb[..., None]
    if rgb.ndim != 3 or rgb.shape[-1] not in (1, 3, 4):
        raise ValueError(
            f"image must be (H, W), (H, W, 1), (H, W, 3) or (H, W, 4), got {rgb.shape}."
        )
    rgb = np.repeat(rgb, 3, axis=-1) if rgb.shape[-1] == 1 else rgb[..., :3]
    heat = np.asarray(heatmap, dtype=np.float32)
    if heat.ndim != 2:
        raise ValueError(f"heatmap must be a 2-D (H, W) array, got shape {heat.shape}.")
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"alpha={alpha} must be between 0 and 1.")
    if heat.shape != rgb.shape[:2]:
        resized = Image.fromarray(heat).resize(
            (rgb.shape[1], rgb.shape[0]), Image.Resampling.BILINEAR
        )
        heat = np.asarray(resized, dtype=np.float32)
    colors = _jet(np.clip(np.nan_to_num(heat), 0.0, 1.0)) * 255.0
    blended = (1.0 - alpha) * rgb.astype(np.float32) + alpha * colors
    return np.clip(np.rint(blended), 0, 255).astype(np.uint8)
