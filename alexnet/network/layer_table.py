"""The layer table of a spec, in pure Python: shapes, parameters, cost and memory.

This is the arithmetic a student does on paper, and the Build page shows it without
touching TensorFlow. Every row matches a layer of the Keras model that
`alexnet.network.builder.build_model` makes (same name, output shape and parameter counts).

Cost conventions:
- MACs are multiply-accumulates for one image in a forward pass: a Conv2D costs
  out_h * out_w * filters * (kernel_size**2 * in_channels), a Dense in_units * units;
  bias adds, activations and pooling are not counted; BatchNormalization costs one
  multiply-add per element (a scale and a shift).
- One training step costs about 3x the forward pass (forward, and two products in the
  backward pass), so training FLOPs per image ~= 2 * 3 * MACs.
- Activation memory is the layer's output for one image as float32.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from alexnet.config.checks import ConfigError
from alexnet.config.spec import ModelSpec

BYTES_PER_FLOAT = 4
# Limits that keep a spec trainable on a laptop.
MAX_PARAMS = 150_000_000  # 600 MB of float32 weights; Adam keeps two more copies
MAX_ACTIVATION_BYTES = 256 * 1024**2  # per image, all layers together
MAX_MACS = 20_000_000_000  # per image: 18x the ImageNet AlexNet, beyond a laptop's reach


# Messages (translated by the pages, see alexnet.config.checks).
KERNEL_TOO_LARGE = (
    "Layer {layer}: the kernel is {k}x{k} but the feature map reaching it is only {h}x{w}. Use "
    "kernel_size <= {most}, or remove a pooling layer or a stride before it."
)
POOL_TOO_LARGE = (
    "Layer {layer}: the pooling window is {k}x{k} but the feature map reaching it is only "
    "{h}x{w}. Turn off the pool after {conv}, use pool_size <= {most}, or use smaller strides or "
    "'same' padding earlier."
)
TOO_MANY_PARAMS = (
    "This model has {params:,} parameters, more than the {limit:,} a laptop can train. The "
    "largest layer is {layer} with {largest:,}: reduce its filters or units, or add pooling "
    "before it."
)
TOO_MUCH_MEMORY = (
    "This model needs {mb:,.0f} MB of activations per image, more than the {limit} MB limit. "
    "The largest is {layer} ({shape}): use fewer filters, larger strides or more pooling."
)
TOO_MANY_MACS = (
    "This model costs {g:,.1f} G multiply-adds per image, more than the {limit:,.0f} G limit. "
    "The costliest layer is {layer}: use fewer filters, a smaller kernel or larger strides."
)


@dataclass(frozen=True)
class LayerRow:
    """One layer of the table; names and shapes as Keras reports them (no batch axis)."""

    name: str
    layer_type: str  # the Keras class name
    output_shape: tuple[int, ...]
    trainable_params: int
    non_trainable_params: int
    macs: int
    activation_bytes: int

    @property
    def params(self) -> int:
        return self.trainable_params + self.non_trainable_params


@dataclass(frozen=True)
class LayerTable:
    """All rows of a model, with totals."""

    rows: tuple[LayerRow, ...]

    @property
    def total_params(self) -> int:
        return sum(r.params for r in self.rows)

    @property
    def trainable_params(self) -> int:
        return sum(r.trainable_params for r in self.rows)

    @property
    def non_trainable_params(self) -> int:
        return sum(r.non_trainable_params for r in self.rows)

    @property
    def total_macs(self) -> int:
        return sum(r.macs for r in self.rows)

    @property
    def training_flops_per_image(self) -> int:
        return 6 * self.total_macs

    @property
    def activation_bytes(self) -> int:
        return sum(r.activation_bytes for r in self.rows)

    @property
    def weight_megabytes(self) -> float:
        """Weights as float32, in MB as Keras' model.summary() counts them (2**20 bytes)."""
        return self.total_params * BYTES_PER_FLOAT / 1024**2

    def to_records(self) -> list[dict[str, object]]:
        """One dict per row, for a pandas DataFrame."""
        return [
            {
                "layer": r.name,
                "type": r.layer_type,
                "output shape": " x ".join(map(str, r.output_shape)),
                "params": r.params,
                "trainable": r.trainable_params,
                "non-trainable": r.non_trainable_params,
                "MACs": r.macs,
                "activation KB": round(r.activation_bytes / 1024, 1),
            }
            for r in self.rows
        ]


def conv_output_size(size: int, kernel_size: int, strides: int, padding: str) -> int:
    """Output side of a convolution or pooling: floor((n - k) / s) + 1, or ceil(n / s) for same."""
    if padding == "same":
        return math.ceil(size / strides)
    return (size - kernel_size) // strides + 1


class _TableBuilder:
    def __init__(self) -> None:
        self.rows: list[LayerRow] = []

    def add(
        self,
        name: str,
        layer_type: str,
        shape: tuple[int, ...],
        trainable: int = 0,
        non_trainable: int = 0,
        macs: int = 0,
    ) -> None:
        self.rows.append(
            LayerRow(
                name,
                layer_type,
                shape,
                trainable,
                non_trainable,
                macs,
                math.prod(shape) * BYTES_PER_FLOAT,
            )
        )

    def norm_and_activation(
        self, prefix: str, shape: tuple[int, ...], placement: str, activation: str
    ) -> None:
        channels, elements = shape[-1], math.prod(shape)
        if placement == "before_activation":
            self.add(
                f"{prefix}_bn", "BatchNormalization", shape, 2 * channels, 2 * channels, elements
            )
        self.add(f"{prefix}_{activation}", "Activation", shape)
        if placement == "after_activation":
            self.add(
                f"{prefix}_bn", "BatchNormalization", shape, 2 * channels, 2 * channels, elements
            )


def layer_table(spec: ModelSpec) -> LayerTable:
    """Compute the layer table, checking that every layer fits.

    Returns:
        The table, one row per Keras layer (the Input is not a layer).

    Raises:
        ValueError: naming the first layer that does not fit and what to change, or the
            limit a too-large model exceeds.
    """
    table = _TableBuilder()
    if spec.rescale:
        table.add("rescaling", "Rescaling", spec.input_shape)
    shape = tuple(spec.input_shape)
    for i in range(len(spec.conv_blocks)):
        shape = _add_conv_block(table, spec, i, shape)
    features = math.prod(shape)
    table.add("flatten", "Flatten", (features,))
    for i in range(len(spec.dense_blocks)):
        features = _add_dense_block(table, spec, i, features)
    table.add(
        "predictions",
        "Dense",
        (spec.num_classes,),
        trainable=(features + 1) * spec.num_classes,
        macs=features * spec.num_classes,
    )
    result = LayerTable(tuple(table.rows))
    _check_size(result)
    return result


def _add_conv_block(
    table: _TableBuilder, spec: ModelSpec, i: int, shape: tuple[int, ...]
) -> tuple[int, int, int]:
    """Rows of conv block `i` (Conv2D, its norm and activation, its pooling); the output shape."""
    height, width, channels = shape
    block, name = spec.conv_blocks[i], f"conv{i + 1}"
    k, s = block.kernel_size, block.strides
    if k > min(height, width):
        raise ConfigError(
            KERNEL_TOO_LARGE, layer=name, k=k, h=height, w=width, most=min(height, width)
        )
    height = conv_output_size(height, k, s, block.padding)
    width = conv_output_size(width, k, s, block.padding)
    table.add(
        name,
        "Conv2D",
        (height, width, block.filters),
        trainable=(k * k * channels + 1) * block.filters,
        macs=height * width * block.filters * k * k * channels,
    )
    channels = block.filters
    table.norm_and_activation(
        name, (height, width, channels), spec.conv_batch_norm(i), spec.conv_activation(i)
    )
    if not block.pool:
        return height, width, channels
    p, ps, pool_name = block.pool_size, block.pool_strides, f"pool{i + 1}"
    if p > min(height, width):
        raise ConfigError(
            POOL_TOO_LARGE, layer=pool_name, conv=name, k=p, h=height, w=width,
            most=min(height, width),
        )  # fmt: skip
    height = conv_output_size(height, p, ps, "valid")
    width = conv_output_size(width, p, ps, "valid")
    table.add(pool_name, "MaxPooling2D", (height, width, channels))
    return height, width, channels


def _add_dense_block(table: _TableBuilder, spec: ModelSpec, i: int, features: int) -> int:
    """Rows of dense block `i` (Dense, its norm and activation, dropout); its units."""
    block, name = spec.dense_blocks[i], f"fc{i + 1}"
    table.add(
        name,
        "Dense",
        (block.units,),
        trainable=(features + 1) * block.units,
        macs=features * block.units,
    )
    table.norm_and_activation(
        name, (block.units,), spec.dense_batch_norm(i), spec.dense_activation(i)
    )
    if block.dropout_rate > 0:
        table.add(f"{name}_dropout", "Dropout", (block.units,))
    return block.units


def _check_size(table: LayerTable) -> None:
    if table.total_params > MAX_PARAMS:
        biggest = max(table.rows, key=lambda r: r.params)
        raise ConfigError(
            TOO_MANY_PARAMS, params=table.total_params, limit=MAX_PARAMS, layer=biggest.name,
            largest=biggest.params,
        )  # fmt: skip
    if table.activation_bytes > MAX_ACTIVATION_BYTES:
        biggest = max(table.rows, key=lambda r: r.activation_bytes)
        raise ConfigError(
            TOO_MUCH_MEMORY, mb=table.activation_bytes / 1024**2,
            limit=MAX_ACTIVATION_BYTES // 1024**2, layer=biggest.name,
            shape=" x ".join(map(str, biggest.output_shape)),
        )  # fmt: skip
    if table.total_macs > MAX_MACS:
        biggest = max(table.rows, key=lambda r: r.macs)
        raise ConfigError(
            TOO_MANY_MACS, g=table.total_macs / 1e9, limit=MAX_MACS / 1e9, layer=biggest.name
        )
