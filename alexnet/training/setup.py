"""Where training starts: seeded initial weights, the optimizer and its learning-rate schedule."""

from __future__ import annotations

import zlib
from typing import Any

import keras

from alexnet.config.training import TrainConfig


def layer_seed(seed: int, layer_name: str, weight: str) -> int:
    """A seed for one weight of one layer: the same name gives the same seed in any model."""
    return zlib.crc32(f"{seed}/{layer_name}/{weight}".encode()) & 0x7FFFFFFF


def initialize_weights(model: keras.Model, seed: int) -> None:
    """Re-draw every kernel and bias from `layer_seed(seed, layer.name, ...)`.

    Keras draws initial weights from one global random stream in creation order, so adding
    a BatchNormalization layer would shift every later layer's weights. This makes them a
    function of the layer's name instead.

    Args:
        model: a built model.
        seed: the run's seed.
    """
    for layer in model.layers:
        for weight in ("kernel", "bias"):
            variable = getattr(layer, weight, None)
            initializer = getattr(layer, f"{weight}_initializer", None)
            if variable is None or initializer is None:
                continue
            config = initializer.get_config()
            if "seed" in config:
                config["seed"] = layer_seed(seed, layer.name, weight)
                initializer = initializer.__class__.from_config(config)
            variable.assign(initializer(tuple(variable.shape), dtype=variable.dtype))


def learning_rate(config: TrainConfig, total_steps: int) -> Any:
    """The learning rate or schedule (a Keras schedule, saved inside the checkpoint).

    Args:
        config: the training config (learning_rate is the peak rate).
        total_steps: optimizer steps over all epochs.
    """
    rate, total = config.learning_rate, max(2, total_steps)
    schedules = keras.optimizers.schedules
    if config.schedule == "step":
        first = max(1, total // 2)
        second = max(first + 1, total * 3 // 4)
        return schedules.PiecewiseConstantDecay([first, second], [rate, rate * 0.1, rate * 0.01])
    if config.schedule == "cosine":
        return schedules.CosineDecay(rate, decay_steps=total)
    if config.schedule == "one_cycle":
        # Linear warm-up from rate/25 over the first 30% of steps, then cosine down to 0.
        warmup = max(1, int(total * 0.3))
        return schedules.CosineDecay(
            rate / 25, decay_steps=total - warmup, warmup_target=rate, warmup_steps=warmup
        )
    return rate


def make_optimizer(config: TrainConfig, total_steps: int) -> keras.optimizers.Optimizer:
    """The configured optimizer; weight decay is decoupled (applied to weights directly)."""
    rate = learning_rate(config, total_steps)
    decay = config.weight_decay or None
    if config.optimizer == "sgd":
        return keras.optimizers.SGD(rate, momentum=0.9, weight_decay=decay)
    if config.optimizer == "rmsprop":
        return keras.optimizers.RMSprop(rate, weight_decay=decay)
    if config.optimizer == "adamw":
        return keras.optimizers.AdamW(rate, weight_decay=config.weight_decay)
    return keras.optimizers.Adam(rate, weight_decay=decay)
