"""A saved AlexNet Lab model run in NumPy: its first prediction before TensorFlow has loaded.

Importing TensorFlow takes about two seconds on a 2-core laptop, and a page that waits for it
makes a student wait for their first prediction. The `.keras` file is a zip of the model's
layers (config.json) and its weights (model.weights.h5); for the layers that
`alexnet.network.builder` makes (Rescaling, Conv2D, BatchNormalization, Activation,
MaxPooling2D, Flatten, Dense, Dropout) the forward pass is a few lines of NumPy each, here.
Anything else (another layer, a setting the builder never uses, a bfloat16 model) raises
`UnsupportedModel`, and the page waits for Keras instead.

It computes what Keras computes in inference (`training=False`), in float32, to rounding:
tests/integration/test_numpy_model.py compares the two on every preset and on specs that
use every option of the builder.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np


class UnsupportedModel(ValueError):
    """The file holds something this forward pass does not compute (the reason says what)."""


# Keras 3 stores a Sequential model's weights under layers/<class in snake case>[_<k>], the
# k-th layer of that class counted from 0 (the first has no suffix).
_WEIGHT_GROUPS = {
    "Conv2D": "conv2d",
    "BatchNormalization": "batch_normalization",
    "Dense": "dense",
}
_SELU_SCALE = 1.0507009873554804934193349852946
_SELU_ALPHA = 1.6732632423543772848170429916717
_erf = np.frompyfunc(math.erf, 1, 1)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # no overflow for large negative x


def _softmax(x: np.ndarray) -> np.ndarray:
    shifted = np.exp(x - x.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {  # Keras 3's defaults
    "linear": lambda x: x,
    "relu": lambda x: np.maximum(x, 0),
    "elu": lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0))),
    "selu": lambda x: _SELU_SCALE * np.where(x > 0, x, _SELU_ALPHA * np.expm1(np.minimum(x, 0))),
    "swish": lambda x: x * _sigmoid(x),
    "silu": lambda x: x * _sigmoid(x),
    "tanh": np.tanh,
    "sigmoid": _sigmoid,
    "leaky_relu": lambda x: np.where(x > 0, x, 0.2 * x),
    "gelu": lambda x: 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)).astype(np.float32)),
    "softmax": _softmax,
}


def _padding(size: int, kernel: int, stride: int, padding: str) -> tuple[int, int, int]:
    """(output size, padding before, padding after) along one axis, as TensorFlow pads."""
    if padding == "valid":
        return (size - kernel) // stride + 1, 0, 0
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return out, total // 2, total - total // 2


def _windows(
    x: np.ndarray, kernel: tuple[int, int], strides: tuple[int, int], padding: str, fill: float
):
    """Each (i, j, x[:, i::sy, j::sx, :]) offset of a sliding window, padded as TensorFlow pads."""
    (kh, kw), (sy, sx) = kernel, strides
    oh, top, bottom = _padding(x.shape[1], kh, sy, padding)
    ow, left, right = _padding(x.shape[2], kw, sx, padding)
    if top or bottom or left or right:
        x = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=fill)
    for i in range(kh):
        for j in range(kw):
            yield i, j, x[:, i : i + (oh - 1) * sy + 1 : sy, j : j + (ow - 1) * sx + 1 : sx, :]


@dataclass(frozen=True)
class _Layer:
    kind: str
    config: dict[str, Any]
    weights: tuple[np.ndarray, ...] = ()

    def __call__(self, x: np.ndarray) -> np.ndarray:
        c, w = self.config, self.weights
        if self.kind == "Rescaling":
            return x * np.float32(c["scale"]) + np.float32(c["offset"])
        if self.kind == "Conv2D":
            kernel, bias = w[0], w[1] if c["use_bias"] else None
            out = None
            for i, j, window in _windows(
                x, kernel.shape[:2], tuple(c["strides"]), c["padding"], 0.0
            ):
                part = window @ kernel[i, j]
                out = part if out is None else out + part
            if bias is not None:
                out = out + bias
            return ACTIVATIONS[c["activation"]](out)
        if self.kind == "MaxPooling2D":
            strides = tuple(c.get("strides") or c["pool_size"])  # Keras: None means the size
            windows = _windows(x, tuple(c["pool_size"]), strides, c["padding"], -np.inf)
            return np.max(np.stack([window for _, _, window in windows]), axis=0)
        if self.kind == "BatchNormalization":
            gamma, beta, mean, variance = w
            return (x - mean) / np.sqrt(variance + np.float32(c["epsilon"])) * gamma + beta
        if self.kind == "Activation":
            return ACTIVATIONS[c["activation"]](x)
        if self.kind == "Flatten":
            return x.reshape(len(x), -1)
        if self.kind == "Dense":
            out = x @ w[0] + (w[1] if c["use_bias"] else 0)
            return ACTIVATIONS[c["activation"]](out)
        return x  # Dropout: nothing in inference


def _dtype_name(config: dict[str, Any]) -> str:
    dtype = config.get("dtype", "float32")
    if isinstance(dtype, dict):
        return str(dtype.get("config", {}).get("name", "float32"))
    return str(dtype)


def _check(kind: str, config: dict[str, Any]) -> None:
    """Refuse a setting the forward pass does not compute."""
    if _dtype_name(config) != "float32":
        raise UnsupportedModel(f"layer {config.get('name')!r} computes in {_dtype_name(config)}")
    activation = config.get("activation")
    if activation is not None and activation not in ACTIVATIONS:
        raise UnsupportedModel(f"activation {activation!r}")
    if kind in ("Conv2D", "MaxPooling2D"):
        if config.get("data_format", "channels_last") != "channels_last":
            raise UnsupportedModel("channels-first data")
        if config.get("padding") not in ("valid", "same"):
            raise UnsupportedModel(f"padding {config.get('padding')!r}")
    if kind == "Conv2D" and (
        tuple(config.get("dilation_rate", (1, 1))) != (1, 1) or config.get("groups", 1) != 1
    ):
        raise UnsupportedModel("dilated or grouped convolutions")
    if kind == "BatchNormalization" and (
        config.get("axis") not in (-1, [-1], 3, [3])
        or not config.get("center", True)
        or not config.get("scale", True)
    ):
        raise UnsupportedModel("a batch normalization other than over channels with both terms")


class NumpyModel:
    """A Sequential model of the builder's layers, read from a `.keras` file, run in NumPy.

    It answers what `predict_probabilities` and the Predict page ask of a Keras model:
    `name`, `input_shape`, `output_shape`, and `predict_probabilities(x)`.
    """

    def __init__(self, name: str, input_shape: tuple[int, int, int], layers: list[_Layer]):
        self.name = name
        self.input_shape = (None, *input_shape)
        self.layers = layers
        self.output_shape = (
            None,
            int(self._run(np.zeros((1, *input_shape), np.float32)).shape[-1]),
        )

    @classmethod
    def from_file(cls, path: str | Path) -> NumpyModel:
        """Read a `.keras` file.

        Raises:
            UnsupportedModel: the file is not a Sequential model of the builder's layers in
                float32 (or not a readable `.keras` file at all).
        """
        try:
            with zipfile.ZipFile(path) as archive:
                config = json.loads(archive.read("config.json"))
                weights = archive.read("model.weights.h5")
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
            raise UnsupportedModel(f"not a readable .keras file ({error})") from error
        if config.get("class_name") != "Sequential":
            raise UnsupportedModel(f"a {config.get('class_name')} model, not a Sequential one")
        import h5py  # with Keras anyway; only here, where a file is read

        try:
            with h5py.File(io.BytesIO(weights), "r") as h5:
                return cls._from_config(config["config"], h5)
        except UnsupportedModel:
            raise
        except (KeyError, TypeError, ValueError, OSError) as error:
            raise UnsupportedModel(f"unexpected contents ({error})") from error

    @classmethod
    def _from_config(cls, config: dict[str, Any], h5: Any) -> NumpyModel:
        layers, counts, input_shape = [], Counter(), None
        for entry in config["layers"]:
            kind, layer_config = entry["class_name"], dict(entry["config"])
            if kind == "InputLayer":
                shape = layer_config.get("batch_shape") or layer_config.get("batch_input_shape")
                input_shape = tuple(int(s) for s in shape[1:])
                continue
            if kind not in ("Rescaling", "Conv2D", "MaxPooling2D", "BatchNormalization",
                            "Activation", "Flatten", "Dense", "Dropout"):  # fmt: skip
                raise UnsupportedModel(f"a {kind} layer")
            _check(kind, layer_config)
            weights: tuple[np.ndarray, ...] = ()
            if kind in _WEIGHT_GROUPS:
                group = _WEIGHT_GROUPS[kind]
                k = counts[group]
                counts[group] += 1
                variables = h5["layers"][group if k == 0 else f"{group}_{k}"]["vars"]
                weights = tuple(
                    np.asarray(variables[str(i)], np.float32) for i in range(len(variables))
                )
            layers.append(_Layer(kind, layer_config, weights))
        if input_shape is None or len(input_shape) != 3:
            raise UnsupportedModel("no fixed (height, width, channels) input")
        return cls(str(config.get("name", "model")), input_shape, layers)

    def _run(self, x: np.ndarray) -> np.ndarray:
        for layer in self.layers:
            x = layer(x)
        return x

    def predict_probabilities(self, x: np.ndarray) -> np.ndarray:
        """The model's (N, num_classes) outputs for (N, H, W, C) uint8 images (0-255)."""
        return self._run(np.asarray(x, np.float32)).astype(np.float32)
