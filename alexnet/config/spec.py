"""The model spec: an AlexNet-style network as plain, frozen data.

A `ModelSpec` is a stack of `ConvBlock`s followed by `DenseBlock`s and a softmax
classifier. It holds no TensorFlow objects, so it can be saved as JSON, diffed,
turned into a layer table or into Keras code. Every field is checked when the
object is created, so a spec that exists always has sane values; the geometry
(does the kernel fit the feature map?) is checked by `alexnet.network.layer_table.layer_table`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from alexnet.config.checks import ConfigError, check_choice, check_flag, check_number, check_whole

BATCH_NORM_PLACEMENTS = ("none", "before_activation", "after_activation")
ACTIVATIONS = ("relu", "elu", "gelu", "selu", "swish", "tanh", "sigmoid", "leaky_relu")
PADDINGS = ("valid", "same")

# Limits that keep a spec buildable on a laptop; each error message names the limit.
MAX_INPUT_SIZE = 1024  # pixels per side
MAX_CHANNELS = 4
MAX_FILTERS = 4096
MAX_KERNEL_SIZE = 31
MAX_STRIDES = 16
MAX_UNITS = 16384
MAX_CLASSES = 10000
MAX_CONV_BLOCKS = 12
MAX_DENSE_BLOCKS = 6
MAX_NAME_LENGTH = 80
MAX_DROPOUT_RATE = 0.9  # more drops almost every unit

# Messages of the checks below (see alexnet.config.checks: the UI translates them).
DROPOUT_RANGE = "{where}: dropout_rate={value} is out of range; use 0 (no dropout) up to {high}."
EMPTY_NAME = "{where}: name must be a non-empty text, got {value}."
LONG_NAME = "{where}: name must be at most {high} printable characters."
INPUT_SHAPE = "{where}: input_shape must be (height, width, channels), got {value}."
CONV_BLOCK_COUNT = "{where}: has {value} conv blocks; use 1 to {high}."
DENSE_BLOCK_COUNT = "{where}: has {value} dense blocks; use 0 to {high}."


def _check_optional_choice(where: str, name: str, value: object, choices: tuple[str, ...]) -> None:
    # None means "use the model-wide setting".
    if value is not None:
        check_choice(where, name, value, choices)


@dataclass(frozen=True)
class ConvBlock:
    """Conv2D, optional BatchNormalization, activation, optional MaxPooling2D."""

    filters: int  # output channels of the Conv2D
    kernel_size: int  # square kernels, as in AlexNet
    strides: int = 1
    padding: str = "same"  # "valid" shrinks the map by kernel_size - 1; "same" keeps it
    pool: bool = False  # a MaxPooling2D after the activation
    pool_size: int = 3  # AlexNet's overlapping pooling: 3x3 windows...
    pool_strides: int = 2  # ...moved 2 pixels at a time
    activation: str | None = None  # None: the model's activation
    batch_norm: str | None = None  # None: the model's placement

    def __post_init__(self) -> None:
        where = "conv block"
        check_whole(where, "filters", self.filters, 1, MAX_FILTERS)
        check_whole(where, "kernel_size", self.kernel_size, 1, MAX_KERNEL_SIZE)
        check_whole(where, "strides", self.strides, 1, MAX_STRIDES)
        check_choice(where, "padding", self.padding, PADDINGS)
        check_flag(where, "pool", self.pool)
        check_whole(where, "pool_size", self.pool_size, 1, MAX_KERNEL_SIZE)
        check_whole(where, "pool_strides", self.pool_strides, 1, MAX_STRIDES)
        _check_optional_choice(where, "activation", self.activation, ACTIVATIONS)
        _check_optional_choice(where, "batch_norm", self.batch_norm, BATCH_NORM_PLACEMENTS)


@dataclass(frozen=True)
class DenseBlock:
    """A hidden Dense layer, optional BatchNormalization, activation, optional Dropout."""

    units: int
    dropout_rate: float = 0.0  # the tutorial uses none; AlexNet used 0.5
    activation: str | None = None  # None: the model's activation
    batch_norm: str | None = None  # None: the model's placement

    def __post_init__(self) -> None:
        where = "dense block"
        check_whole(where, "units", self.units, 1, MAX_UNITS)
        rate = check_number(where, "dropout_rate", self.dropout_rate)
        if not 0.0 <= rate <= MAX_DROPOUT_RATE:
            raise ConfigError(DROPOUT_RANGE, where=where, value=rate, high=MAX_DROPOUT_RATE)
        _check_optional_choice(where, "activation", self.activation, ACTIVATIONS)
        _check_optional_choice(where, "batch_norm", self.batch_norm, BATCH_NORM_PLACEMENTS)


@dataclass(frozen=True)
class ModelSpec:
    """A whole network: input, conv blocks, dense blocks, softmax over `num_classes`."""

    name: str
    conv_blocks: tuple[ConvBlock, ...]
    dense_blocks: tuple[DenseBlock, ...] = ()
    input_shape: tuple[int, int, int] = (32, 32, 3)  # height, width, channels
    num_classes: int = 10
    activation: str = "relu"  # used by every block that does not set its own
    batch_norm: str = "none"  # placement for every block that does not set its own
    # Rescaling(1/255) as the first layer: the model takes raw 0-255 pixels, so data can
    # stay uint8 in memory (150 MB for CIFAR-10 instead of 1.2 GB as float64) and a saved
    # model needs no preprocessing code beside it.
    rescale: bool = True

    def __post_init__(self) -> None:
        where = "model"
        if not isinstance(self.name, str) or not self.name.strip():
            raise ConfigError(EMPTY_NAME, where=where, value=repr(self.name))
        if len(self.name) > MAX_NAME_LENGTH or not self.name.isprintable():
            raise ConfigError(LONG_NAME, where=where, high=MAX_NAME_LENGTH)
        shape = self.input_shape
        if not isinstance(shape, tuple) or len(shape) != 3:
            raise ConfigError(INPUT_SHAPE, where=where, value=repr(shape))
        check_whole(where, "input height", shape[0], 1, MAX_INPUT_SIZE)
        check_whole(where, "input width", shape[1], 1, MAX_INPUT_SIZE)
        check_whole(where, "input channels", shape[2], 1, MAX_CHANNELS)
        check_whole(where, "num_classes", self.num_classes, 2, MAX_CLASSES)
        check_choice(where, "activation", self.activation, ACTIVATIONS)
        check_choice(where, "batch_norm", self.batch_norm, BATCH_NORM_PLACEMENTS)
        check_flag(where, "rescale", self.rescale)
        if not isinstance(self.conv_blocks, tuple) or not all(
            isinstance(b, ConvBlock) for b in self.conv_blocks
        ):
            raise ValueError(f"{where}: conv_blocks must be a tuple of ConvBlock.")
        if not isinstance(self.dense_blocks, tuple) or not all(
            isinstance(b, DenseBlock) for b in self.dense_blocks
        ):
            raise ValueError(f"{where}: dense_blocks must be a tuple of DenseBlock.")
        if not 1 <= len(self.conv_blocks) <= MAX_CONV_BLOCKS:
            raise ConfigError(
                CONV_BLOCK_COUNT, where=where, value=len(self.conv_blocks), high=MAX_CONV_BLOCKS
            )
        if len(self.dense_blocks) > MAX_DENSE_BLOCKS:
            raise ConfigError(
                DENSE_BLOCK_COUNT, where=where, value=len(self.dense_blocks), high=MAX_DENSE_BLOCKS
            )

    # Resolved settings: a block's own value, else the model's.
    def conv_batch_norm(self, index: int) -> str:
        return self.conv_blocks[index].batch_norm or self.batch_norm

    def conv_activation(self, index: int) -> str:
        return self.conv_blocks[index].activation or self.activation

    def dense_batch_norm(self, index: int) -> str:
        return self.dense_blocks[index].batch_norm or self.batch_norm

    def dense_activation(self, index: int) -> str:
        return self.dense_blocks[index].activation or self.activation

    @property
    def uses_batch_norm(self) -> bool:
        convs = (self.conv_batch_norm(i) for i in range(len(self.conv_blocks)))
        denses = (self.dense_batch_norm(i) for i in range(len(self.dense_blocks)))
        return any(p != "none" for p in (*convs, *denses))

    # Editing helpers: each returns a new spec (specs are immutable).
    def replace(self, **changes: object) -> ModelSpec:
        return dataclasses.replace(self, **changes)

    def replace_conv(self, index: int, **changes: object) -> ModelSpec:
        blocks = list(self.conv_blocks)
        try:
            blocks[index] = dataclasses.replace(blocks[index], **changes)
        except ConfigError as error:
            raise error.at(f"conv{index + 1}") from None
        return self.replace(conv_blocks=tuple(blocks))

    def replace_dense(self, index: int, **changes: object) -> ModelSpec:
        blocks = list(self.dense_blocks)
        try:
            blocks[index] = dataclasses.replace(blocks[index], **changes)
        except ConfigError as error:
            raise error.at(f"fc{index + 1}") from None
        return self.replace(dense_blocks=tuple(blocks))

    @property
    def slug(self) -> str:
        """The name as an identifier for files and Keras: "cifar10_alexnet_batchnorm"."""
        words = re.findall(r"[a-z0-9]+", self.name.lower().replace("-", ""))
        return "_".join(words) or "alexnet"

    def with_batch_norm(self, placement: str) -> ModelSpec:
        """The same network with one batch-norm placement in every block (overrides cleared)."""
        return self.replace(
            batch_norm=placement,
            conv_blocks=tuple(dataclasses.replace(b, batch_norm=None) for b in self.conv_blocks),
            dense_blocks=tuple(dataclasses.replace(b, batch_norm=None) for b in self.dense_blocks),
        )
