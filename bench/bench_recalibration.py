"""What recalibrated batch normalization costs per epoch of a real training run.

    python bench/bench_recalibration.py [--rounds 2] [--epochs 1] [--recipe recommended]

Trains the CIFAR-10 AlexNet with batch normalization through the command line (a real
worker process, all of CIFAR-10 when the archive is beside the checkout, else the sample),
alternating runs with recalibration on (1,024 images) and off: A B A B. Prints each run's
epoch seconds and, for the runs with it on, the seconds spent recalibrating; then the
medians and the on/off ratio. The difference between the arms is the whole cost: the
recalibration and the second validation (with the moving averages) that the lesson records.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import REPO_ROOT, SHARED_CIFAR10, machine, median

ARMS = {"on": 1024, "off": 0}


def train(runs: Path, recipe: str, epochs: int, images: int, *extra: str) -> list[dict]:
    """One run in a fresh process; returns its epoch records."""
    data = ["--data-path", str(SHARED_CIFAR10)] if SHARED_CIFAR10.exists() else ["--sample"]
    command = [
        sys.executable,
        "-m",
        "alexnet",
        "--runs-dir",
        str(runs),
        "train",
        "--preset",
        "cifar10_alexnet_bn",
        "--recipe",
        recipe,
        "--epochs",
        str(epochs),
        "--bn-recalibration-images",
        str(images),
        *data,
        *extra,
    ]
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"training failed:\n{done.stderr[-2000:]}")
    run_id = done.stdout.split()[0]
    lines = (runs / run_id / "metrics.jsonl").read_text().splitlines()
    return [r for r in map(json.loads, lines) if r.get("kind") == "epoch"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--recipe", default="recommended", choices=("recommended", "tutorial"))
    args = parser.parse_args()
    print(machine())
    print(f"data: {SHARED_CIFAR10 if SHARED_CIFAR10.exists() else 'the shipped sample'}")
    epoch_seconds: dict[str, list[float]] = {arm: [] for arm in ARMS}
    recalibration: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        # Untimed: decodes the data cache if needed and brings the images into the OS cache.
        train(Path(folder), args.recipe, 1, 0, "--train-size", "2048")
        for round_ in range(args.rounds):
            for arm, images in ARMS.items():
                records = train(Path(folder), args.recipe, args.epochs, images)
                for record in records:
                    epoch_seconds[arm].append(record["epoch_seconds"])
                    extra = ""
                    if record.get("recalibration_seconds") is not None:
                        recalibration.append(record["recalibration_seconds"])
                        extra = f", recalibration {record['recalibration_seconds']:.2f} s"
                    print(
                        f"round {round_ + 1}, recalibration {arm:>3}: epoch {record['epoch']} "
                        f"{record['epoch_seconds']:.1f} s{extra}",
                        flush=True,
                    )
    # Paired by round: the machine's speed drifts less within a round than across rounds.
    extra = median([a - b for a, b in zip(epoch_seconds["on"], epoch_seconds["off"], strict=True)])
    on, off = median(epoch_seconds["on"]), median(epoch_seconds["off"])
    print(
        f"median epoch: {on:.1f} s with recalibration, {off:.1f} s without (ratio "
        f"{on / off:.3f}); median extra per epoch +{extra:.2f} s = {100 * extra / off:.1f}%; "
        f"recalibration alone {median(recalibration):.2f} s = "
        f"{100 * median(recalibration) / off:.1f}% of an epoch"
    )


if __name__ == "__main__":
    main()
