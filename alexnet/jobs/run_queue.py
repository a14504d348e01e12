"""The queue: runs wait their turn so a small machine trains one thing at a time.

Queued runs are plain run folders in state 'queued'; there is no queue daemon. Whoever
looks starts what is due: the UI after it creates a run and on each refresh, and every
worker as it ends (so the next run starts even with the browser closed). A file lock makes
two lookers at the same moment start a run once.

A slot holds one run or one *pair* (two runs created with the same `group`, e.g. a
BN vs non-BN comparison): a pair starts together, side by side, each limited to its share
of the cores, so both curves grow at the same pace. `max_concurrent` (default 1) is kept
in `<runs>/queue.json`, so every process sees the same setting.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import time
from pathlib import Path

from alexnet.config.checks import ConfigError
from alexnet.config.run_config import run_config
from alexnet.config.spec import ModelSpec
from alexnet.config.training import TrainConfig
from alexnet.data.compatibility import data_problem
from alexnet.data.random_data import RANDOM_TRAIN_SIZE, check_random_size
from alexnet.data.summary import DataSummary, summarize_data
from alexnet.jobs.worker import prepare_resume, start_worker
from alexnet.network.layer_table import layer_table
from alexnet.store.files import file_lock
from alexnet.store.run_store import LIVE_STATES, RunInfo, RunStore

DEFAULT_MAX_CONCURRENT = 1
MAX_CONCURRENT_LIMIT = 16


def _slot(info: RunInfo) -> str:
    return info.group or info.run_id


def threads_for_share(share: int, cpu_count: int | None = None) -> int:
    """Intra-op threads for one of `share` runs side by side: the cores split evenly, at least 1.

    Args:
        share: how many runs train at the same time.
        cpu_count: cores to split; None means this machine's.
    """
    if isinstance(share, bool) or not isinstance(share, int) or share < 1:
        raise ValueError(f"share must be a whole number >= 1, got {share!r}.")
    return max(1, (cpu_count or os.cpu_count() or 1) // share)


class RunQueue:
    """Start queued runs of a `RunStore` when a slot is free.

    Args:
        store: the run store whose runs are queued.
    """

    def __init__(self, store: RunStore) -> None:
        self.store = store

    @property
    def max_concurrent(self) -> int:
        """Slots (runs or pairs) that may train at the same time."""
        try:
            value = json.loads((self.store.root / "queue.json").read_text())["max_concurrent"]
        except (OSError, ValueError, KeyError, TypeError):
            return DEFAULT_MAX_CONCURRENT
        ok = isinstance(value, int) and 1 <= value <= MAX_CONCURRENT_LIMIT
        return value if ok else DEFAULT_MAX_CONCURRENT

    def set_max_concurrent(self, value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"max_concurrent must be a whole number, got {value!r}.")
        if not 1 <= value <= MAX_CONCURRENT_LIMIT:
            raise ValueError(
                f"max_concurrent={value} is out of range; use 1 to {MAX_CONCURRENT_LIMIT} "
                "(1 suits a 2-core laptop)."
            )
        self.store.root.mkdir(parents=True, exist_ok=True)
        tmp = self.store.root / f".queue.json.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"max_concurrent": value}))
        os.replace(tmp, self.store.root / "queue.json")

    def _lock(self) -> contextlib.AbstractContextManager[None]:
        self.store.root.mkdir(parents=True, exist_ok=True)
        return file_lock(self.store.root / ".queue.lock")

    def waiting(self) -> list[RunInfo]:
        """Queued runs in the order they will start (oldest first)."""
        queued = [i for i in self.store.list() if i.state == "queued"]
        return sorted(queued, key=lambda i: (float(i.status.get("queued_at", 0)), i.run_id))

    def position(self, run_id: str) -> int | None:
        """1 for the next run to start, 2 after it, ...; None when the run is not queued."""
        ids = [i.run_id for i in self.waiting()]
        return ids.index(run_id) + 1 if run_id in ids else None

    def start_due(self) -> list[str]:
        """Start as many queued runs as free slots allow; returns the ids started."""
        with self._lock():
            infos = self.store.list()  # also turns dead 'running' runs into 'interrupted'
            active = {_slot(i) for i in infos if i.state in LIVE_STATES}
            free = self.max_concurrent - len(active)
            groups: dict[str, list[RunInfo]] = {}
            for info in self.waiting():
                groups.setdefault(_slot(info), []).append(info)
            started: list[str] = []
            for slot, members in groups.items():
                # A pair member whose partner already runs joins it in the same slot.
                if slot not in active:
                    if free <= 0:
                        continue
                    free -= 1
                # Each of the runs that may train at once gets an equal share of the cores.
                size = len([i for i in infos if _slot(i) == slot])
                share = size * self.max_concurrent
                threads = threads_for_share(share) if share > 1 else None
                for info in members:
                    start_worker(self.store, info.run_id, threads=threads)
                    started.append(info.run_id)
            return started


NO_DATA = "There is no CIFAR-10 at {path}; give the official archive or its extracted folder."


def check_run(
    spec: ModelSpec,
    config: TrainConfig,
    data_source: str,
    data_path: str | None = None,
    data: DataSummary | None = None,
) -> None:
    """Refuse what cannot train, before any run is created (the Train page, the CLI, the
    experiment): the one start check.

    The network must be buildable and within the laptop limits (its layer table), and fit
    the data: its images' size and classes, or as many random images as fit in memory; the
    subset, split and batch must fit the images there are.

    Args:
        data_source: "cifar10", "sample" or "random".
        data_path: a CIFAR-10 archive or folder for "cifar10".
        data: what the chosen data holds, where the caller has it already (the Train page);
            None loads it here (`alexnet.data.summary.summarize_data`).

    Raises:
        ValueError: saying what to change (a `ConfigError` where the page can translate it).
    """
    layer_table(spec)
    if data_source == "random":
        images = config.train_size or RANDOM_TRAIN_SIZE
        check_random_size(spec.input_shape, images)
        config.check_data_size(images)
        return
    if data is None:
        data = counted_data(data_source, data_path)
    problem = data_problem(spec, data.image_shape, data.classes)
    if problem is not None:
        raise problem
    config.check_data_size(data.train_images)


def enqueue(
    store: RunStore,
    spec: ModelSpec,
    config: TrainConfig,
    *,
    data_source: str = "cifar10",
    data_path: str | None = None,
    name: str = "",
    tags: tuple[str, ...] | list[str] = (),
    group: str | None = None,
    arm_name: str | None = None,
    data: DataSummary | None = None,
    started_from: str | None = None,
    start: bool = True,
) -> str:
    """Create a queued run and (by default) start whatever is due; returns the run id.

    Args:
        spec: the `ModelSpec` to train.
        config: the `TrainConfig`.
        data_source: "cifar10", "sample" or "random" (see `alexnet.config.run_config.run_config`).
        data_path: a CIFAR-10 archive or folder for "cifar10".
        name: a label for the run.
        tags: labels to filter by.
        group: the pair id shared with a partner run (see `enqueue_pair`).
        arm_name: the experiment arm the run is a seed of (see `RunStore.create`).
        data: what the data holds, where the caller has counted it (see `check_run`).
        started_from: the address of the page that starts it (`alexnet.store.access`).
        start: False only creates the run (e.g. to queue several before starting).

    Raises:
        ValueError: from `check_run`, before any run is created.
    """
    check_run(spec, config, data_source, data_path, data)
    full = run_config(spec, config, data_source=data_source, data_path=data_path)
    run_id = store.create(
        full, name=name, tags=tags, group=group, arm_name=arm_name, started_from=started_from
    )
    store.write_status(run_id, queued_at=time.time())
    if start:
        RunQueue(store).start_due()
    return run_id


def enqueue_pair(
    store: RunStore,
    specs: tuple[ModelSpec, ModelSpec],
    config: TrainConfig,
    *,
    names: tuple[str, str] = ("", ""),
    arm_names: tuple[str | None, str | None] = (None, None),
    tags: tuple[str, ...] | list[str] = (),
    data_source: str = "cifar10",
    data_path: str | None = None,
    data: DataSummary | None = None,
    started_from: str | None = None,
    start: bool = True,
) -> tuple[str, str]:
    """Queue two runs that share the config (seed, data order) and train side by side.

    Args:
        specs: the two networks, e.g. (CIFAR10_ALEXNET, CIFAR10_ALEXNET_BN).
        config: the shared training config.
        names: a label for each run.
        arm_names: the experiment arm each run is a seed of (None: a run of its own).
        tags: labels for both runs.
        data_source: "cifar10", "sample" or "random", as for `enqueue`.
        data_path: a CIFAR-10 archive or folder for "cifar10".
        data: what the data holds, where the caller has counted it (see `check_run`).
        started_from: the address of the page that starts them (`alexnet.store.access`).
        start: False only creates the runs.
    """
    if data is None and data_source != "random":
        data = counted_data(data_source, data_path)
    for spec in specs:  # both or neither: nothing is created unless both can train
        check_run(spec, config, data_source, data_path, data)
    group = "pair-" + secrets.token_hex(4)
    first, second = (
        enqueue(
            store, spec, config, name=name, tags=tags, group=group, arm_name=arm,
            data_source=data_source, data_path=data_path, data=data,
            started_from=started_from, start=False,
        )
        for spec, name, arm in zip(specs, names, arm_names, strict=True)
    )  # fmt: skip
    if start:
        RunQueue(store).start_due()
    return first, second


def counted_data(data_source: str, data_path: str | None) -> DataSummary:
    """`summarize_data` for a start check, refusing a path that does not exist first."""
    if data_path is not None and not Path(data_path).expanduser().exists():
        raise ConfigError(NO_DATA, path=data_path)
    return summarize_data(data_source, data_path)


def resume_run(store: RunStore, run_id: str) -> None:
    """Queue a stopped, interrupted or failed run to continue from its last checkpoint.

    Raises:
        ValueError: if the run is queued, running or finished.
    """
    prepare_resume(store, run_id)
    RunQueue(store).start_due()
