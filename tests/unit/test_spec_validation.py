"""Impossible or absurd specs are refused with a message naming the layer and the numbers."""

from __future__ import annotations

import pytest

from alexnet.config.presets import get_preset
from alexnet.config.spec import MAX_CONV_BLOCKS, ConvBlock, DenseBlock, ModelSpec
from alexnet.network.layer_table import MAX_PARAMS, layer_table

CIFAR = get_preset("cifar10_alexnet")


def test_a_kernel_larger_than_the_input_names_the_layer_and_both_sizes() -> None:
    spec = CIFAR.replace(input_shape=(4, 4, 3))
    with pytest.raises(ValueError) as error:
        layer_table(spec)
    message = str(error.value)
    assert "conv1" in message
    assert "5x5" in message and "4x4" in message
    assert "kernel_size <= 4" in message


def test_a_kernel_larger_than_the_shrunken_map_names_the_later_layer() -> None:
    # 32 -> conv1 valid 5x5 -> 28 -> pool 3/2 -> 13 -> pool 3/2 -> 6; a 7x7 conv3 cannot fit.
    spec = CIFAR.replace_conv(2, kernel_size=7)
    with pytest.raises(ValueError, match=r"Layer conv3: the kernel is 7x7 .* only 6x6"):
        layer_table(spec)


def test_a_map_that_collapses_before_a_pool_names_the_pool_and_what_to_change() -> None:
    # Stride 16 turns 32x32 into 2x2; the 3x3 pool after it cannot fit.
    spec = CIFAR.replace_conv(0, strides=16)
    with pytest.raises(ValueError) as error:
        layer_table(spec)
    message = str(error.value)
    assert "pool1" in message and "3x3" in message and "2x2" in message
    assert "Turn off the pool after conv1" in message


def test_a_map_collapsed_by_strides_names_the_next_conv() -> None:
    # 32 -> (32 - 5) // 8 + 1 = 4 after conv1; conv2's 5x5 kernel no longer fits.
    spec = CIFAR.replace_conv(0, strides=8, pool=False)
    with pytest.raises(ValueError, match=r"Layer conv2: the kernel is 5x5 .* only 4x4"):
        layer_table(spec)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: ConvBlock(filters=0, kernel_size=3), r"conv block: filters=0 is out of range"),
        (lambda: ConvBlock(filters=-4, kernel_size=3), r"filters=-4 .* from 1 to"),
        (lambda: ConvBlock(filters=8, kernel_size=0), r"kernel_size=0 is out of range"),
        (lambda: ConvBlock(filters=8, kernel_size=3, strides=0), r"strides=0"),
        (lambda: ConvBlock(filters=8, kernel_size=3, pool_size=0), r"pool_size=0"),
        (lambda: DenseBlock(units=0), r"dense block: units=0 is out of range"),
        (lambda: DenseBlock(units=8, dropout_rate=1.0), r"dropout_rate=1.0"),
        (lambda: CIFAR.replace(num_classes=1), r"num_classes=1 .* from 2 to"),
        (lambda: CIFAR.replace(input_shape=(0, 32, 3)), r"input height=0"),
        (lambda: CIFAR.replace(conv_blocks=()), r"has 0 conv blocks; use 1 to"),
    ],
)
def test_non_positive_counts_are_refused_with_the_value_and_the_range(make, expected) -> None:
    with pytest.raises(ValueError, match=expected):
        make()


def test_too_many_conv_blocks_says_the_limit() -> None:
    blocks = (ConvBlock(filters=8, kernel_size=3),) * (MAX_CONV_BLOCKS + 1)
    with pytest.raises(ValueError, match=f"has {MAX_CONV_BLOCKS + 1} conv blocks; use 1 to 12"):
        ModelSpec(name="deep", conv_blocks=blocks)


def test_too_many_parameters_names_the_largest_layer() -> None:
    # No pooling on a 227x227 input: fc1 sees 56x56x256 features times 4096 units.
    spec = get_preset("imagenet_alexnet")
    for i in range(len(spec.conv_blocks)):
        spec = spec.replace_conv(i, pool=False)
    with pytest.raises(ValueError) as error:
        layer_table(spec)
    message = str(error.value)
    assert f"{MAX_PARAMS:,}" in message
    assert "The largest layer is fc1" in message
    assert "reduce its filters or units" in message


def test_too_much_activation_memory_names_the_largest_output() -> None:
    spec = ModelSpec(
        name="wide",
        input_shape=(1024, 1024, 3),
        conv_blocks=(
            ConvBlock(filters=256, kernel_size=1, pool=True, pool_size=31, pool_strides=16),
        ),
    )
    with pytest.raises(ValueError, match=r"MB of activations .* The largest is conv1 \(1024 x"):
        layer_table(spec)


def test_too_many_multiply_adds_names_the_costliest_layer() -> None:
    spec = ModelSpec(
        name="costly",
        input_shape=(256, 256, 3),
        conv_blocks=(
            ConvBlock(filters=64, kernel_size=1, strides=1),
            ConvBlock(filters=256, kernel_size=31, strides=2),
        ),
    )
    with pytest.raises(ValueError, match=r"G multiply-adds per image.*costliest layer is conv2"):
        layer_table(spec)


def test_an_unknown_activation_lists_the_choices() -> None:
    with pytest.raises(ValueError, match=r"activation='softplus2' is not supported; choose one"):
        CIFAR.replace(activation="softplus2")
