"""What the batch-normalization experiment records inside both networks, and what it costs.

    python bench/bench_bn_inside.py [--seeds 5] [--data sample,cifar10]
        [--learning-rates 0.001,0.003,0.01,0.03] [--sweep-seeds 3] [--cost-rounds 2]

1. Runs the Compare page's default experiment (`start_experiment`, one pair per seed, worker
   processes, inside records on) on the shipped sample and on a 5,000-image stratified subset
   of the full CIFAR-10, and prints for each seed and block how far the median of what its
   activation receives moved from its start (Ioffe and Szegedy's "internal covariate shift"),
   without BN, with BN (after BN) and with BN before it; then, per seed, the mean loss
   variation and gradient predictiveness along the gradient after step 0 (Santurkar et al.'s
   Figure 4) and their ratio BN / no BN.
2. The learning-rate sweep on the sample: the final recalibrated validation accuracy of
   both networks at each rate, per seed.
3. The recording's cost: the default pair with inside records on and off, alternated
   (A B A B), its wall time from start to both runs finished, and the ratio of medians.

Not a test: it prints figures for docs/benchmarks.md. Part 3 needs a quiet machine.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from common import SHARED_CIFAR10, machine, wait_for_runs

from alexnet.config.presets import CIFAR10_ALEXNET, CIFAR10_ALEXNET_BN
from alexnet.jobs.bn_experiment import experiment_config, start_experiment
from alexnet.jobs.run_queue import enqueue_pair
from alexnet.store.inside import (
    block_names,
    inside_records,
    landscape_series,
    mean_after_start,
    median_drift,
    ratio,
)
from alexnet.store.run_store import RunStore

CIFAR10_SUBSET = 5000
SETS = {
    "sample": ("the shipped sample (2,500 images)", {"data_source": "sample"}),
    "cifar10": (
        f"a {CIFAR10_SUBSET:,}-image stratified subset of the full CIFAR-10",
        {"data_source": "cifar10", "data_path": str(SHARED_CIFAR10), "train_size": CIFAR10_SUBSET},
    ),
}


def _fmt(value: float | None, width: int = 7, digits: int = 3) -> str:
    return " " * (width - 1) + "-" if value is None else f"{value:{width}.{digits}f}"


def _pair(store: RunStore, seed: int, rate: float | None = None, **data) -> tuple[str, str]:
    options = {} if rate is None else {"learning_rate": rate}
    experiment = start_experiment(store, seeds=1, first_seed=seed, **options, **data)
    pair = experiment.pairs[0]
    wait_for_runs(store, pair)
    return pair


def drift_and_landscape(key: str, seeds: int) -> None:
    """Part 1 on one data set."""
    name, data = SETS[key]
    print(f"\n## Inside: {name}, the default experiment, {seeds} seeds")
    print("median of the activation input: largest move from its start (and / its 15-85 spread)")
    ratios = []
    with tempfile.TemporaryDirectory() as folder:
        store = RunStore(folder)
        for seed in range(seeds):
            plain_id, bn_id = _pair(store, seed, **data)
            plain, bn = inside_records(store, plain_id), inside_records(store, bn_id)
            print(f"\nseed {seed} | block | no BN          | BN (after BN)  | BN, before BN")
            for block in block_names(plain):
                cells = [
                    median_drift(plain, block),
                    median_drift(bn, block),
                    median_drift(bn, block, "before_bn"),
                ]
                text = " | ".join(
                    f"{_fmt(c['moved'])} ({_fmt(c['relative'], 5, 2)})" for c in cells
                )
                print(f"       | {block:5s} | {text}")
            row = {}
            for field in ("loss_variation", "gradient_predictiveness", "beta_smoothness"):
                a = mean_after_start(landscape_series(plain, field))
                b = mean_after_start(landscape_series(bn, field))
                row[field] = (a, b, ratio(b, a))
            ratios.append(row)
            print(
                "       landscape (mean after step 0): "
                + "; ".join(
                    f"{f}: no BN {_fmt(a)} BN {_fmt(b)} ratio {_fmt(r, 5, 2)}"
                    for f, (a, b, r) in row.items()
                )
            )
    for field in ("loss_variation", "gradient_predictiveness", "beta_smoothness"):
        values = [r[field][2] for r in ratios if r[field][2] is not None]
        if values:
            below = sum(v < 1 for v in values)
            print(
                f"{field}: BN / no BN median {statistics.median(values):.2f} "
                f"(from {min(values):.2f} to {max(values):.2f}); BN smaller in {below} of "
                f"{len(values)} seeds"
            )


def learning_rate_sweep(rates: list[float], seeds: int) -> None:
    """Part 2 on the sample."""
    print(f"\n## Learning-rate sweep: the sample, {seeds} seeds, final recalibrated val accuracy")
    print("rate    | no BN per seed            | BN per seed")
    with tempfile.TemporaryDirectory() as folder:
        store = RunStore(folder)
        for rate in rates:
            columns: tuple[list[str], list[str]] = ([], [])
            for seed in range(seeds):
                for column, run_id in zip(columns, _pair(store, seed, rate), strict=True):
                    last = store.read_metrics(run_id, "epoch")[-1]
                    column.append(f"{100 * last['val_accuracy']:5.1f}")
            print(f"{rate:<7g} | {' '.join(columns[0]):25s} | {' '.join(columns[1])}")


def recording_cost(rounds: int) -> None:
    """Part 3: the default pair on the sample with inside records on and off (A B A B)."""
    print(f"\n## Recording cost: the default pair on the sample, on and off, {rounds} rounds")
    times: dict[str, list[float]] = {"on": [], "off": []}
    recorded: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        store = RunStore(folder)
        for round_ in range(rounds):
            for label in ("on", "off"):
                config = experiment_config(seed=round_)
                if label == "off":
                    config = config.replace(inside_records_per_epoch=0)
                start = time.perf_counter()
                pair = enqueue_pair(
                    store, (CIFAR10_ALEXNET, CIFAR10_ALEXNET_BN), config, data_source="sample"
                )
                wait_for_runs(store, pair)
                times[label].append(time.perf_counter() - start)
                if label == "on":
                    recorded += [
                        sum(r.get("seconds", 0.0) for r in inside_records(store, run_id))
                        for run_id in pair
                    ]
                print(f"round {round_} {label:3s}: pair {times[label][-1]:.1f} s", flush=True)
    on, off = statistics.median(times["on"]), statistics.median(times["off"])
    print(
        f"pair median: on {on:.1f} s, off {off:.1f} s, on / off {on / off:.3f} "
        f"(+{100 * (on / off - 1):.1f}%); recording itself {statistics.median(recorded):.1f} s "
        "per network (median, the records' own seconds)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--data", default="sample,cifar10", help="sample, cifar10 or both")
    parser.add_argument("--learning-rates", default="0.001,0.003,0.01,0.03")
    parser.add_argument("--sweep-seeds", type=int, default=3)
    parser.add_argument("--cost-rounds", type=int, default=2, help="0 skips part 3")
    parser.add_argument("--parts", default="1,2,3", help="which parts to run")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    print(machine())
    if "1" in parts:
        for key in args.data.split(","):
            if key == "cifar10" and not Path(SHARED_CIFAR10).exists():
                print(f"\nskipped {key}: no CIFAR-10 archive found")
                continue
            drift_and_landscape(key, args.seeds)
    if "2" in parts and args.learning_rates:
        rates = [float(r) for r in args.learning_rates.split(",")]
        learning_rate_sweep(rates, args.sweep_seeds)
    if "3" in parts and args.cost_rounds:
        recording_cost(args.cost_rounds)


if __name__ == "__main__":
    main()
