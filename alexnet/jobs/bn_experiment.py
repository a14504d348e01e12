"""The classroom experiment "Batch normalization vs none": the CIFAR-10 AlexNet with and without BN.

Each seed is one pair (`alexnet.jobs.run_queue.enqueue_pair`): both networks share the training
config, hence the seed, the data order and the initial weights of every layer they have in
common, and train side by side. Several seeds queue one pair after another. Several learning
rates queue one pair per rate and seed (each seed's rates in turn, so a first picture of every
rate comes early). All runs of one experiment carry the tag `TAG` and a tag `exp-<id>`, so
the page finds the latest experiment again after a reload or an app restart.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from alexnet.config.checks import ConfigError
from alexnet.config.messages import Message
from alexnet.config.presets import CIFAR10_ALEXNET, CIFAR10_ALEXNET_BN
from alexnet.config.training import TUTORIAL_DEFAULTS, TrainConfig
from alexnet.jobs.run_queue import RunQueue, counted_data, enqueue_pair
from alexnet.store.class_runs import trained_alike
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
# The names of the arms and of their runs (a page shows them in its language).
PLAIN_ARM = "No BN"
BN_ARM = "BatchNorm"
ARM_AT_RATE = "{arm}{suffix}"  # the suffix names a rate other than the default
RUN_NAME = "{arm} · seed {seed}"
MAX_SEEDS = 5
# About 5,000 images x 3 epochs per network: on a 2-core laptop the pair ends in about a
# minute, and the BN curve already pulls ahead of the plain one.
DEFAULT_TRAIN_SIZE = 5000
DEFAULT_EPOCHS = 3
# The tutorial's rate, and one 10x higher: batch normalization's tolerance of larger steps
# shows best there.
LEARNING_RATES = (0.001, 0.01)
DEFAULT_LEARNING_RATE = LEARNING_RATES[0]
# A sweep over a decade and a half in steps of about 3x: final accuracy against the rate.
RATE_SWEEP = (0.001, 0.003, 0.01, 0.03)
MAX_LEARNING_RATES = 6
RATES_COUNT = "learning_rates lists {count} rates; give 1 to {high}, e.g. 0.001,0.003,0.01,0.03."
RATE_TWICE = "learning_rates lists {value} twice; give each rate once."
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
    pairs: tuple[tuple[str, str], ...]  # per seed, each seed's rates in turn
    train_size: int  # training images per run
    learning_rates: tuple[float, ...] = (DEFAULT_LEARNING_RATE,)

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
    learning_rates: Sequence[float] | None = None,
    data_source: str = "sample",
    data_path: str | None = None,
    started_from: str | None = None,
) -> Experiment:
    """Queue the pair for each seed and rate (the first starts at once when the queue is free).

    Args:
        train_size: training images per run; None for `DEFAULT_TRAIN_SIZE`, or all the
            images where there are fewer (the shipped sample).
        epochs: epochs per run.
        seeds: pairs to train per rate, with seeds first_seed, first_seed + 1, ...
        first_seed: the first pair's seed.
        learning_rate: Adam's step size for both networks.
        learning_rates: several step sizes instead, one pair per rate and seed (e.g.
            `RATE_SWEEP`); None trains at `learning_rate` only.
        data_source: "sample" or "cifar10" (see `alexnet.config.run_config.run_config`).
        data_path: a CIFAR-10 archive or folder for "cifar10".
        started_from: the address of the page that starts it (`alexnet.store.access`).

    Every setting is checked before a run is created. Checking that no experiment is still
    running and creating the new one's runs happen under one lock of the run store: of two
    starts at the same moment (two tabs, a tab and the CLI) one proceeds, one is refused.

    Raises:
        ValueError: a `ConfigError` when an experiment is still running, for a seed count
            outside 1 to `MAX_SEEDS`, for rates that are missing, repeated or too many, or
            for a training setting that cannot work.
    """
    if isinstance(seeds, bool) or not isinstance(seeds, int) or not 1 <= seeds <= MAX_SEEDS:
        raise ConfigError(SEEDS_RANGE, value=repr(seeds), high=MAX_SEEDS)
    rates = check_learning_rates((learning_rate,) if learning_rates is None else learning_rates)
    data = counted_data(data_source, data_path)  # counted once for every pair
    if train_size is None:
        train_size = min(DEFAULT_TRAIN_SIZE, data.train_images)
    seeds_and_rates = [(s, r) for s in range(first_seed, first_seed + seeds) for r in rates]
    # Every config checked before any run exists.
    configs = [(s, r, experiment_config(train_size, epochs, s, r)) for s, r in seeds_and_rates]
    experiment_id = secrets.token_hex(3)
    where = {
        "data_source": data_source, "data_path": data_path, "data": data,
        "started_from": started_from,
    }  # fmt: skip
    store.root.mkdir(parents=True, exist_ok=True)
    with file_lock(store.root / LOCK_FILE):
        running = [i for i in latest_experiment(store) if i.state in ACTIVE_STATES]
        if running:
            raise ConfigError(STILL_RUNNING, runs=len(running))
        pairs = [_enqueue(store, experiment_id, s, r, config, where) for s, r, config in configs]
    RunQueue(store).start_due()
    return Experiment(experiment_id, tuple(pairs), train_size, rates)


def _enqueue(
    store: RunStore, experiment_id: str, seed: int, rate: float, config: TrainConfig, where: dict
) -> tuple[str, str]:
    """Queue one pair of the experiment, named by its rate and seed (not started)."""
    arms = arm_names(rate)
    return enqueue_pair(
        store, (CIFAR10_ALEXNET, CIFAR10_ALEXNET_BN), config,
        names=tuple(experiment_run_name(arm, seed) for arm in arms), arm_names=arms,
        tags=(TAG, EXPERIMENT_PREFIX + experiment_id), start=False, **where,
    )  # fmt: skip


def experiment_run_name(arm: str, seed: int) -> Message:
    """The name the experiment gives a run: its arm and seed, e.g. "No BN · seed 0"."""
    return Message(RUN_NAME, arm=arm, seed=seed)


def rate_suffix(learning_rate: float) -> str:
    """What an arm's name adds for its rate: nothing for the default, else " · lr 0.01"."""
    return "" if learning_rate == DEFAULT_LEARNING_RATE else f" · lr {learning_rate:g}"


def arm_names(learning_rate: float) -> tuple[Message, Message]:
    """The names of the two arms at a rate (see `rate_suffix`)."""
    rate = rate_suffix(learning_rate)
    return (
        Message(ARM_AT_RATE, arm=Message(PLAIN_ARM), suffix=rate),
        Message(ARM_AT_RATE, arm=Message(BN_ARM), suffix=rate),
    )


def check_learning_rates(rates: Sequence[float]) -> tuple[float, ...]:
    """The experiment's rates: 1 to `MAX_LEARNING_RATES` of them, each once, each a rate
    `TrainConfig` takes.

    Raises:
        ValueError: a `ConfigError` saying which rate or how many.
    """
    rates = tuple(rates)
    if not 1 <= len(rates) <= MAX_LEARNING_RATES:
        raise ConfigError(RATES_COUNT, count=len(rates), high=MAX_LEARNING_RATES)
    for rate in rates:
        TUTORIAL_DEFAULTS.replace(learning_rate=rate)  # its own check, with its message
    for index, rate in enumerate(rates):
        if rate in rates[:index]:
            raise ConfigError(RATE_TWICE, value=f"{rate:g}")
    return tuple(float(rate) for rate in rates)


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


def class_runs(store: RunStore) -> list[RunInfo]:
    """The latest experiment's runs and every experiment run trained like them, on this
    computer or imported from others (the class's seeds), oldest first."""
    latest = latest_experiment(store)
    if not latest:
        return []
    experiment_runs = [i for i in store.list() if TAG in i.tags]
    return trained_alike(store, latest, experiment_runs)


def is_active(runs: list[RunInfo]) -> bool:
    """Whether any run is still queued, running or stopping (the live chart keeps polling)."""
    return any(r.state in ACTIVE_STATES for r in runs)
