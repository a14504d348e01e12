"""`RunConfig`: everything a run is made of, as the run folder's config.json keeps it.

The network (`ModelSpec`), how it trains (`TrainConfig`), which data (`DataChoice`), and,
for the record, the library versions and the machine it was created on. config.json is
`RunConfig.to_dict()`:

    {"spec": {...}, "train": {...}, "data": {"source": "sample", "path": null},
     "seed": 0, "versions": {...}, "machine": {...}}

and `RunConfig.from_dict` reads it back, checked; a training field added in a later version
(`bn_recalibration_images`) takes its default in older run folders.
"""

from __future__ import annotations

import dataclasses
import json
import os
import platform
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

from alexnet.config.checks import check_choice
from alexnet.config.machine import machine_record
from alexnet.config.spec import ModelSpec
from alexnet.config.spec_json import spec_from_dict, spec_to_dict
from alexnet.config.training import TUTORIAL_DEFAULTS, TrainConfig, config_from_dict, config_to_dict

DATA_SOURCES = ("sample", "random", "cifar10")
# Training settings that only watch a run, never change what it learns: how often a metrics
# line is written, and how often the inside of the network is recorded (the recorder puts every
# weight back; `alexnet.training.inside`).
OBSERVING_FIELDS = ("log_every_steps", "inside_records_per_epoch")


@dataclass(frozen=True)
class DataChoice:
    """Which images a run trains on."""

    source: str = "sample"  # the shipped sample, the tutorial's "random" noise, or "cifar10"
    path: str | None = None  # for "cifar10": an archive or folder; None: $CIFAR10_PATH, cache

    def __post_init__(self) -> None:
        check_choice("data", "source", self.source, DATA_SOURCES)


@dataclass(frozen=True)
class RunConfig:
    """One run: the network, how it trains, on what, and where it was created."""

    spec: ModelSpec
    training: TrainConfig
    data: DataChoice = DataChoice()
    versions: Mapping[str, str | None] = field(default_factory=dict)  # python, tensorflow, ...
    machine: Mapping[str, Any] = field(default_factory=dict)  # node, platform, cpu_count

    @property
    def seed(self) -> int:
        return self.training.seed

    @property
    def is_tutorial_recipe(self) -> bool:
        """Whether it trains exactly as the tutorial does (`TUTORIAL_DEFAULTS`)."""
        return self.training == TUTORIAL_DEFAULTS

    def arm_key(self) -> str:
        """Equal for runs that trained the same network the same way on the same data, whatever
        their seed, name, machine or experiment: the seeds of one arm."""
        key = {"spec": spec_to_dict(self.spec), **self._setting()}
        return json.dumps(key, sort_keys=True, default=str)

    def setting_key(self) -> str:
        """Equal for runs trained the same way on the same data, whatever their network and
        seed: two arms with the same setting are a fair comparison of their networks."""
        return json.dumps(self._setting(), sort_keys=True, default=str)

    def _setting(self) -> dict[str, Any]:
        # Left out: the seed, what only watches training (`OBSERVING_FIELDS`), and where a
        # machine keeps its CIFAR-10 (the path differs from laptop to laptop; the images do not).
        training = {
            k: v
            for k, v in config_to_dict(self.training).items()
            if k != "seed" and k not in OBSERVING_FIELDS
        }
        return {"train": training, "data": self.data.source}

    def _data_dict(self) -> dict[str, Any]:
        return {"source": self.data.source, "path": self.data.path}

    def to_dict(self) -> dict[str, Any]:
        """config.json's content."""
        return {
            "spec": spec_to_dict(self.spec),
            "train": config_to_dict(self.training),
            "data": self._data_dict(),
            "seed": self.seed,
            "versions": dict(self.versions),
            "machine": dict(self.machine),
        }

    @classmethod
    def from_dict(cls, data: object) -> RunConfig:
        """Read config.json's content back.

        Raises:
            ValueError: naming what is missing or wrong.
        """
        if not isinstance(data, dict):
            raise ValueError(f"A run config must be a JSON object, got {type(data).__name__}.")
        if "spec" not in data:
            raise ValueError("The run config has no 'spec' (the network).")
        stored = data.get("data") or {}
        if not isinstance(stored, dict):
            raise ValueError(f"The run config's 'data' must be an object, got {stored!r}.")
        path = stored.get("path")
        return cls(
            spec=spec_from_dict(data["spec"]),
            training=config_from_dict(data.get("train") or {}),
            data=DataChoice(stored.get("source", "sample"), None if path is None else str(path)),
            versions=dict(data.get("versions") or {}),
            machine=dict(data.get("machine") or {}),
        )

    def replace(self, **changes: Any) -> RunConfig:
        return dataclasses.replace(self, **changes)


def run_config(
    spec: ModelSpec,
    training: TrainConfig,
    *,
    data_source: str = "sample",
    data_path: str | os.PathLike[str] | None = None,
) -> RunConfig:
    """A new run's config, with this machine and its library versions recorded.

    Args:
        spec: the network to train.
        training: how to train it.
        data_source: "sample" (the shipped CIFAR-10 sample), "random" (the tutorial's
            random-noise data) or "cifar10" (the full set: `data_path`, else $CIFAR10_PATH,
            else Keras' cache).
        data_path: a CIFAR-10 archive or folder, for "cifar10".
    """
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for package in ("tensorflow", "keras", "numpy"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    data = DataChoice(data_source, None if data_path is None else str(data_path))
    return RunConfig(spec, training, data, versions, machine_record())
