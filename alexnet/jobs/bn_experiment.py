"""The classroom experiment "Batch normalization vs none": the CIFAR-10 AlexNet with and without BN.

Each seed is one pair (`alexnet.jobs.run_queue.enqueue_pair`): both networks share the training
config, hence the seed, the data order and the initial weights of every layer they have in
common, and train side by side. Several seeds queue one pair after another. All runs of one
experiment carry the tag `TAG` and a tag `exp-<id>`, so the page finds the latest experiment
again after a reload or an app restart.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from alexnet.config.checks import ConfigError
from alexnet.config.presets import CIFAR10_ALEXNET, CIFAR10_ALEXNET_BN
from alexnet.config.training import TUTORIAL_DEFAULTS, TrainConfig
from alexnet.jobs.run_queue import RunQueue, counted_data, enqueue_pair
from alexnet.store.files import file_lock
from alexnet.store.run_store import ACTIVE_STATES, RunInfo, RunStore

TAG = "bn-vs-none"
LOCK_FILE = ".experiment.lock"
SEEDS_RANGE = "seeds={value} is out of range; use 1 to {high} pairs (3 shows the spread)."
STILL_RUNNING = (
    "An experiment is still running ({runs} of its runs are queued or training); stop it, or "
    "wait until it ends, before starting a new one."
)
EXPERIMENT_PREFIX = "exp-"
MAX_SEEDS = 5
# About 5,000 images x 3 epochs per network: on a 2-core laptop the pair ends in about a
# minute, and the BN curve already pulls ahead of the plain one.
DEFAULT_TRAIN_SIZE = 5000
DEFAULT_EPOCHS = 3
# The tutorial's rate, and one 10x higher: batch normalization's tolerance of larger steps
# shows best there.
LEARNING_RATES = (0.001, 0.01)
DEFAULT_LEARNING_RATE = LEARNING_RATES[0]
# Batch normalization is recalibrated on half the images of a training run's default: the
# experiment trains on a few thousand images, where 1,024 would cost a large share of each
# epoch, and 512 give the same test accuracy (docs/benchmarks.md).
RECALIBRATION_IMAGES = 512
# What happens inside both networks, twice an epoch (and at step 0): the Compare page's
# views of why batch normalization helps (alexnet.training.inside).
INSIDE_RECORDS_PER_EPOCH = 2


def experiment_config(
    train_size: int = DEFAULT_TRAIN_SIZE,
    epochs: int = DEFAULT_EPOCHS,
    seed: int = 0,
    learning_rate: float = DEFAULT_LEARNING_RATE,
) -> TrainConfig:
    """The tutorial's recipe on a class-balanced subset, with a validation split to compare.

    Args:
        train_size: training images (a stratified, seeded sample).
        epochs: epochs per network.
        seed: the pair's shared seed.
        learning_rate: Adam's step size (the tutorial's 0.001, or larger).
    """
    return TUTORIAL_DEFAULTS.replace(
        train_size=train_size,
        stratified=True,
        epochs=epochs,
        learning_rate=learning_rate,
        validation_split=0.1,
        seed=seed,
        log_every_steps=5,  # more points on the live chart of a short run
        bn_recalibration_images=RECALIBRATION_IMAGES,
        inside_records_per_epoch=INSIDE_RECORDS_PER_EPOCH,
    )


@dataclass(frozen=True)
class Experiment:
    """One started experiment: its id and, per seed, the (no-BN, BN) run ids."""

    experiment_id: str
    pairs: tuple[tuple[str, str], ...]
    train_size: int  # training images per run

    @property
    def run_ids(self) -> tuple[str, ...]:
        return tuple(run_id for pair in self.pairs for run_id in pair)


def start_experiment(
    store: RunStore,
    *,
    train_size: int | None = None,
    epochs: int = DEFAULT_EPOCHS,
    seeds: int = 1,
    first_seed: int = 0,
    learning_rate: float = DEFAULT_LEARNING_RATE,
    data_source: str = "sample",
    data_path: str | None = None,
) -> Experiment:
    """Queue the pair for each seed (the first starts at once when the queue is free).

    Args:
        train_size: training images per run; None for `DEFAULT_TRAIN_SIZE`, or all the
            images where there are fewer (the shipped sample).
        epochs: epochs per run.
        seeds: pairs to train, with seeds first_seed, first_seed + 1, ...
        first_seed: the first pair's seed.
        learning_rate: Adam's step size for both networks.
        data_source: "sample" or "cifar10" (see `alexnet.config.run_config.run_config`).
        data_path: a CIFAR-10 archive or folder for "cifar10".

    Checking that no experiment is still running and creating the new one's runs happen
    under one lock of the run store, so of two starts at the same moment (two tabs, a tab and
    the command line) exactly one proceeds; the other is refused with the reason.

    Raises:
        ValueError: a `ConfigError` when an experiment is still running, for a seed count
            outside 1 to `MAX_SEEDS`, or for a training setting that cannot work.
    """
    if isinstance(seeds, bool) or not isinstance(seeds, int) or not 1 <= seeds <= MAX_SEEDS:
        raise ConfigError(SEEDS_RANGE, value=repr(seeds), high=MAX_SEEDS)
    experiment_id = secrets.token_hex(3)
    tags = (TAG, EXPERIMENT_PREFIX + experiment_id)
    rate = "" if learning_rate == DEFAULT_LEARNING_RATE else f" · lr {learning_rate:g}"
    pairs = []
    data = counted_data(data_source, data_path)  # counted once for every pair
    if train_size is None:
        train_size = min(DEFAULT_TRAIN_SIZE, data.train_images)
    store.root.mkdir(parents=True, exist_ok=True)
    with file_lock(store.root / LOCK_FILE):
        running = [i for i in latest_experiment(store) if i.state in ACTIVE_STATES]
        if running:
            raise ConfigError(STILL_RUNNING, runs=len(running))
        for seed in range(first_seed, first_seed + seeds):
            config = experiment_config(train_size, epochs, seed, learning_rate)
            arms = (f"No BN{rate}", f"BatchNorm{rate}")
            pairs.append(
                enqueue_pair(
                    store, (CIFAR10_ALEXNET, CIFAR10_ALEXNET_BN), config,
                    names=tuple(f"{arm} · seed {seed}" for arm in arms), arm_names=arms,
                    tags=tags, data_source=data_source, data_path=data_path, data=data, start=False,
                )
            )  # fmt: skip
    RunQueue(store).start_due()
    return Experiment(experiment_id, tuple(pairs), train_size)


def latest_experiment(store: RunStore) -> list[RunInfo]:
    """The runs of the newest experiment (oldest first), or [] when there is none."""
    groups: dict[str, list[RunInfo]] = {}
    for info in store.list():
        if TAG in info.tags:
            ids = [t for t in info.tags if t.startswith(EXPERIMENT_PREFIX)]
            if ids:
                groups.setdefault(ids[0], []).append(info)
    if not groups:
        return []
    newest = max(groups.values(), key=lambda runs: max(r.created_at for r in runs))
    return sorted(newest, key=lambda r: (r.created_at, r.run_id))


def is_active(runs: list[RunInfo]) -> bool:
    """Whether any run is still queued, running or stopping (the live chart keeps polling)."""
    return any(r.state in ACTIVE_STATES for r in runs)
