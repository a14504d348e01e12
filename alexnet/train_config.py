"""`TrainConfig`: how a network is trained, as plain frozen data (no TensorFlow here).

The Train page builds one from widgets, the CLI from flags or a JSON file, and the
worker reads it back from `runs/<id>/config.json`. `TUTORIAL_DEFAULTS` reproduces the
classic Keras AlexNet tutorial (adam, lr 0.001, 5 epochs, batch 32) so results can be
checked against it; `RECOMMENDED` is a faster recipe that reaches a better accuracy.
"""

from __future__ import annotations

import dataclasses
import math
import os
from dataclasses import dataclass
from typing import Any

OPTIMIZERS = ("adam", "sgd", "rmsprop", "adamw")
SCHEDULES = ("constant", "step", "cosine", "one_cycle")
STRATEGIES = ("default", "mirrored", "multi_worker")
MAX_EPOCHS = 1000
MAX_BATCH_SIZE = 4096
MAX_RECALIBRATION_IMAGES = 100_000


def _number(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"training: {name} must be a finite number, got {value!r}.")
    return float(value)


def _whole(name: str, value: object, low: int, high: int, hint: str = "") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"training: {name} must be a whole number, got {value!r}.")
    if not low <= value <= high:
        raise ValueError(
            f"training: {name}={value} is out of range; use {low} to {high}.{hint and ' ' + hint}"
        )
    return value


def _choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(
            f"training: {name}={value!r} is not supported; choose one of {', '.join(choices)}."
        )


def _flag(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise ValueError(f"training: {name} must be true or false, got {value!r}.")


@dataclass(frozen=True)
class TrainConfig:
    """Everything about a training run except the network and the data source.

    What each field means: `CONFIG_HELP` (also the command line's `--help`).
    """

    optimizer: str = "adam"
    learning_rate: float = 0.001
    schedule: str = "constant"
    batch_size: int = 32
    epochs: int = 5
    weight_decay: float = 0.0
    label_smoothing: float = 0.0
    flip: bool = False
    crop_padding: int = 0
    train_size: int | None = None
    stratified: bool = False
    validation_split: float = 0.0
    early_stopping_patience: int | None = None
    seed: int = 0
    strategy: str = "default"
    mixed_precision: bool = False
    log_every_steps: int = 10
    bn_recalibration_images: int = 1024

    def __post_init__(self) -> None:
        _choice("optimizer", self.optimizer, OPTIMIZERS)
        rate = _number("learning_rate", self.learning_rate)
        if not 0.0 < rate <= 10.0:
            raise ValueError(
                f"training: learning_rate={self.learning_rate!r} must be above 0 and at most 10; "
                "the tutorial uses 0.001."
            )
        _choice("schedule", self.schedule, SCHEDULES)
        _whole("batch_size", self.batch_size, 1, MAX_BATCH_SIZE)
        _whole("epochs", self.epochs, 1, MAX_EPOCHS, "Train for at least one epoch.")
        decay = _number("weight_decay", self.weight_decay)
        if not 0.0 <= decay < 1.0:
            raise ValueError(
                f"training: weight_decay={self.weight_decay} must be from 0 up to below 1; "
                "typical values are 0.0001 to 0.05."
            )
        smoothing = _number("label_smoothing", self.label_smoothing)
        if not 0.0 <= smoothing < 1.0:
            raise ValueError(
                f"training: label_smoothing={self.label_smoothing} must be from 0 up to below 1; "
                "0.1 is usual."
            )
        _flag("flip", self.flip)
        _whole("crop_padding", self.crop_padding, 0, 64)
        if self.train_size is not None:
            _whole("train_size", self.train_size, 1, 10_000_000, "Use None for all images.")
        _flag("stratified", self.stratified)
        split = _number("validation_split", self.validation_split)
        if not 0.0 <= split <= 0.5:
            raise ValueError(
                f"training: validation_split={self.validation_split} must be from 0 (none) "
                "to 0.5; 0.1 is usual."
            )
        if self.early_stopping_patience is not None:
            _whole("early_stopping_patience", self.early_stopping_patience, 1, MAX_EPOCHS)
        _whole("seed", self.seed, 0, 2**31 - 1)
        _choice("strategy", self.strategy, STRATEGIES)
        _flag("mixed_precision", self.mixed_precision)
        _whole("log_every_steps", self.log_every_steps, 1, 100_000)
        _whole(
            "bn_recalibration_images", self.bn_recalibration_images, 0, MAX_RECALIBRATION_IMAGES,
            "0 turns recalibration off.",
        )  # fmt: skip

    def replace(self, **changes: Any) -> TrainConfig:
        return dataclasses.replace(self, **changes)

    def check_data_size(self, available: int) -> int:
        """Check the subset and batch size against the images there are.

        Args:
            available: training images in the data set.

        Returns:
            The number of images that will be fitted on (after the subset and the
            validation hold-out).

        Raises:
            ValueError: if the subset asks for more images than there are, or a batch
                is larger than the images left for training.
        """
        size = available if self.train_size is None else self.train_size
        if size > available:
            raise ValueError(
                f"training: train_size={self.train_size} but the data has only {available:,} "
                f"training images; use at most {available:,} or None for all."
            )
        fitted = size - round(size * self.validation_split)
        if fitted < 1:
            raise ValueError(
                f"training: validation_split={self.validation_split} leaves no training images "
                f"out of {size}; lower the split or raise train_size."
            )
        if self.batch_size > fitted:
            raise ValueError(
                f"training: batch_size={self.batch_size} is larger than the {fitted:,} images "
                f"left for training; use a batch size of at most {fitted} or more images."
            )
        return fitted


TUTORIAL_DEFAULTS = TrainConfig()

# Batch 128 (fewer, larger steps: ~1.4x the images/s of batch 32 on 2 cores), one-cycle
# learning rate, flips and crops against over-fitting, label smoothing, a validation split
# so the curves show generalization.
RECOMMENDED = TrainConfig(
    optimizer="adamw",
    learning_rate=0.003,
    schedule="one_cycle",
    batch_size=128,
    epochs=15,
    weight_decay=0.0005,
    label_smoothing=0.1,
    flip=True,
    crop_padding=4,
    validation_split=0.1,
    early_stopping_patience=5,
)

RECIPES: dict[str, TrainConfig] = {"tutorial": TUTORIAL_DEFAULTS, "recommended": RECOMMENDED}


CONFIG_HELP = {  # one line per TrainConfig field, for --help and readers of this file
    "optimizer": "adam (the tutorial's), sgd (momentum 0.9), rmsprop or adamw",
    "learning_rate": "the size of each update; the peak rate when a schedule is set",
    "schedule": "constant; step (x0.1 at half and at three quarters of the steps); cosine; "
    "one_cycle (warm-up for the first 3 tenths of the steps, then cosine)",
    "batch_size": "images per update (the tutorial's 32; 128 keeps 2 CPU cores busier)",
    "epochs": "passes over the training images",
    "weight_decay": "decoupled (AdamW-style) weight decay, applied by every optimizer",
    "label_smoothing": "soften the one-hot targets (0.1 usually helps test accuracy)",
    "flip": "random horizontal flips (CIFAR-10 objects are left-right symmetric)",
    "crop_padding": "pad by N pixels and crop back at a random offset; 0 = off",
    "train_size": "train on the first N images only (none = all): quick experiments",
    "stratified": "take the subset as a seeded random sample, equal per class",
    "validation_split": "share of the training images held out for val_loss/val_accuracy",
    "early_stopping_patience": "stop after N epochs without improvement (none = off)",
    "seed": "initial weights, data order and augmentation all derive from it",
    "strategy": "tf.distribute: default (one device), mirrored (local GPUs) or "
    "multi_worker (machines in $TF_CONFIG)",
    "mixed_precision": "16-bit arithmetic: float16 on a GPU, bfloat16 on a CPU that "
    "computes it natively; refused elsewhere",
    "log_every_steps": "one metrics line per N batches",
    "bn_recalibration_images": "recompute BatchNormalization's moving mean and variance from N "
    "training images with the current weights before each validation and checkpoint "
    "(0 = off: Keras' lagging moving averages)",
}


def config_to_dict(config: TrainConfig) -> dict[str, Any]:
    """A plain dict ready for `json.dumps`."""
    return dataclasses.asdict(config)


def config_from_dict(data: object) -> TrainConfig:
    """A `TrainConfig` from a dict as written by `config_to_dict` (missing keys: defaults).

    Args:
        data: the parsed JSON object.

    Raises:
        ValueError: naming the unknown or out-of-range field.
    """
    if not isinstance(data, dict):
        raise ValueError(f"A training config must be a JSON object, got {type(data).__name__}.")
    allowed = [f.name for f in dataclasses.fields(TrainConfig)]
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValueError(
            f"training config has unknown field(s) {', '.join(map(repr, unknown))}; "
            f"allowed fields are {', '.join(allowed)}."
        )
    return TrainConfig(**data)


DATA_SOURCES = ("sample", "random", "cifar10")


def run_config(
    spec: Any,
    config: TrainConfig,
    *,
    data_source: str = "sample",
    data_path: str | None = None,
) -> dict[str, Any]:
    """The full, JSON-ready config a run folder keeps (what `RunStore.create` takes).

    Args:
        spec: the `ModelSpec` to train.
        config: how to train it.
        data_source: "sample" (the shipped CIFAR-10 sample), "random" (the tutorial's
            random-noise data) or "cifar10" (the full set: `data_path`, else $CIFAR10_PATH,
            else Keras' cache).
        data_path: a CIFAR-10 archive or folder, for "cifar10".
    """
    import platform
    from importlib import metadata

    from alexnet.spec_json import spec_to_dict

    _choice("data_source", data_source, DATA_SOURCES)
    versions = {}
    for package in ("tensorflow", "keras", "numpy"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "spec": spec_to_dict(spec),
        "train": config_to_dict(config),
        "data": {"source": data_source, "path": None if data_path is None else str(data_path)},
        "seed": config.seed,
        "versions": {"python": platform.python_version(), **versions},
        "machine": {
            "node": platform.node(),
            "platform": platform.platform(),
            "cpu_count": os.cpu_count(),
        },
    }
