"""Does the Compare page's batch-normalization experiment show what batch normalization does?

    python bench/bench_bn_lesson.py [--seeds 5] [--data sample,cifar10] [--learning-rates 0.001]

Runs the experiment as the page's Start button does (`start_experiment` with the page's
defaults, one pair per seed, in worker processes) on the shipped sample and on a
5,000-image stratified subset of the full CIFAR-10, and prints for each seed both networks'
final validation accuracy (recalibrated, and with Keras' moving averages) and test accuracy,
then the median and spread of BN minus no BN, and the wall time of a pair from the start to
both runs finished. Not a test: it prints figures for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import SHARED_CIFAR10, machine, wait_for_runs

from alexnet.jobs.bn_experiment import DEFAULT_EPOCHS, DEFAULT_LEARNING_RATE, start_experiment
from alexnet.store.run_store import RunStore

CIFAR10_SUBSET = 5000


def _final(store: RunStore, run_id: str) -> dict[str, float | None]:
    info = store.get(run_id)
    if info.state != "finished":
        sys.exit(f"run {run_id} ended {info.state}: {info.status.get('error')}")
    last = store.read_metrics(run_id, "epoch")[-1]
    evaluation = store.read_evaluation(run_id) or {}
    return {
        "val": last.get("val_accuracy"),
        "val_moving": last.get("val_accuracy_moving"),
        "test": evaluation.get("accuracy"),
        "recalibration": last.get("recalibration_seconds"),
        "epoch": last.get("epoch_seconds"),
    }


def _percent(value: float | None) -> str:
    return "    -" if value is None else f"{100 * value:5.1f}"


def run_data_set(
    name: str, seeds: int, learning_rate: float, epochs: int, data: dict
) -> list[float]:
    """One experiment per seed on one data set; prints a row each; returns the test gaps."""
    print(f"\n{name}, learning rate {learning_rate}, {epochs} epochs")
    print("seed | no BN: val  test | BN: val (moving)  test | BN - no BN test | pair s | recal % ")
    gaps, walls, shares = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        store = RunStore(folder)
        for seed in range(seeds):
            start = time.perf_counter()
            experiment = start_experiment(
                store,
                seeds=1,
                first_seed=seed,
                learning_rate=learning_rate,
                epochs=epochs,
                **data,
            )
            plain_id, bn_id = experiment.pairs[0]
            wait_for_runs(store, (plain_id, bn_id))
            wall = time.perf_counter() - start
            plain, bn = _final(store, plain_id), _final(store, bn_id)
            gap = bn["test"] - plain["test"]
            share = bn["recalibration"] / bn["epoch"] if bn["recalibration"] else 0.0
            gaps.append(gap)
            walls.append(wall)
            shares.append(share)
            print(
                f"{seed:4d} | {_percent(plain['val'])} {_percent(plain['test'])} | "
                f"{_percent(bn['val'])} ({_percent(bn['val_moving'])}) {_percent(bn['test'])} | "
                f"{100 * gap:+15.1f} | {wall:6.1f} | {100 * share:6.1f}",
                flush=True,
            )
    ahead = sum(g > 0 for g in gaps)
    print(
        f"BN ahead on test accuracy in {ahead} of {len(gaps)} seeds; difference median "
        f"{100 * statistics.median(gaps):+.1f} points, from {100 * min(gaps):+.1f} to "
        f"{100 * max(gaps):+.1f}; pair wall time median {statistics.median(walls):.1f} s "
        f"(from {min(walls):.1f} to {max(walls):.1f}); recalibration median "
        f"{100 * statistics.median(shares):.1f}% of a BN epoch"
    )
    return gaps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--data", default="sample,cifar10", help="sample, cifar10 or both")
    parser.add_argument("--epochs", type=int, default=DEFAULT_EPOCHS)
    parser.add_argument(
        "--learning-rates",
        default=str(DEFAULT_LEARNING_RATE),
        help="comma-separated, e.g. 0.001,0.01 (the page's two choices)",
    )
    args = parser.parse_args()
    print(machine())
    sets = {
        "sample": (
            "the shipped sample (2,500 images)",
            {"data_source": "sample", "train_size": 2500},
        ),
        "cifar10": (
            f"a {CIFAR10_SUBSET:,}-image stratified subset of the full CIFAR-10",
            {
                "data_source": "cifar10",
                "data_path": str(SHARED_CIFAR10),
                "train_size": CIFAR10_SUBSET,
            },
        ),
    }
    for rate in (float(r) for r in args.learning_rates.split(",")):
        for key in args.data.split(","):
            if key == "cifar10" and not Path(SHARED_CIFAR10).exists():
                print(f"\nskipped {key}: no archive at {SHARED_CIFAR10}")
                continue
            name, data = sets[key]
            run_data_set(name, args.seeds, rate, args.epochs, data)


if __name__ == "__main__":
    main()
