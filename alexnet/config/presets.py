"""The three networks of the classic Keras AlexNet tutorial, as specs."""

from __future__ import annotations

import dataclasses

from alexnet.config.spec import ConvBlock, DenseBlock, ModelSpec

IMAGENET_ALEXNET = ModelSpec(
    name="ImageNet AlexNet",
    input_shape=(227, 227, 3),
    num_classes=1000,
    conv_blocks=(
        ConvBlock(filters=96, kernel_size=11, strides=4, padding="valid", pool=True),
        ConvBlock(filters=256, kernel_size=5, padding="same", pool=True),
        ConvBlock(filters=384, kernel_size=3, padding="same"),
        ConvBlock(filters=384, kernel_size=3, padding="same"),
        ConvBlock(filters=256, kernel_size=3, padding="same", pool=True),
    ),
    dense_blocks=(DenseBlock(units=4096), DenseBlock(units=4096)),
)

CIFAR10_ALEXNET = ModelSpec(
    name="CIFAR-10 AlexNet",
    input_shape=(32, 32, 3),
    num_classes=10,
    conv_blocks=(
        ConvBlock(filters=96, kernel_size=5, strides=1, padding="valid", pool=True),
        ConvBlock(filters=56, kernel_size=5, padding="same", pool=True),
        ConvBlock(filters=84, kernel_size=3, padding="same"),
        ConvBlock(filters=84, kernel_size=3, padding="same"),
        ConvBlock(filters=56, kernel_size=3, padding="same", pool=True),
    ),
    dense_blocks=(DenseBlock(units=496), DenseBlock(units=496)),
)

# The tutorial puts Conv2D -> BatchNormalization -> ReLU in every conv block, none in dense.
CIFAR10_ALEXNET_BN = CIFAR10_ALEXNET.replace(
    name="CIFAR-10 AlexNet + BatchNorm",
    conv_blocks=tuple(
        dataclasses.replace(b, batch_norm="before_activation") for b in CIFAR10_ALEXNET.conv_blocks
    ),
)

# Keyed by a stable id (used in URLs, JSON and the CLI); values in display order.
PRESETS: dict[str, ModelSpec] = {
    "cifar10_alexnet": CIFAR10_ALEXNET,
    "cifar10_alexnet_bn": CIFAR10_ALEXNET_BN,
    "imagenet_alexnet": IMAGENET_ALEXNET,
}

# What Keras' model.count_params() reports for each preset (the tutorial's totals).
PRESET_PARAMS: dict[str, int] = {
    "cifar10_alexnet": 653_234,
    "cifar10_alexnet_bn": 654_738,
    "imagenet_alexnet": 62_378_344,
}


def get_preset(preset_id: str) -> ModelSpec:
    """The preset with this id.

    Args:
        preset_id: one of the keys of `PRESETS`.
    """
    try:
        return PRESETS[preset_id]
    except KeyError:
        raise ValueError(
            f"Unknown preset {preset_id!r}; choose one of {', '.join(PRESETS)}."
        ) from None
