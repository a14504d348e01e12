"""Peak resident memory of a process training the CIFAR-10 AlexNet on 50,000 images.

Each mode runs in its own process (peak RSS = `resource.getrusage(RUSAGE_SELF).ru_maxrss`,
in MiB):
- tensorflow:      TensorFlow, the model and a few steps on 256 images: the floor;
- pipeline:        uint8 images in memory through `alexnet.data.pipeline.make_dataset`;
- pipeline-mapped: the images memory-mapped from the decoded cache
                   (`load_cifar10(memory_map=True)`), read with pread: the worker's path;
- uint8-fit:       uint8 NumPy arrays straight into `model.fit`;
- float32-fit:     `x.astype("float32") / 255` into `model.fit`;
- float64-fit:     the tutorial's `x / 255` (float64) into `model.fit`.
`--worker` adds the real thing: `python -m alexnet train` for one whole epoch of the
recommended recipe (batch 128, flips and crops, a 10% validation split, the final test
evaluation), first with an empty data cache (it decodes and writes it), then with it warm;
the worker records its own peak in status.json. Target for the worker: under 1.0 GB.

Run:  python bench/bench_memory.py [--steps 20] [--worker]
Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common

MODES = ("tensorflow", "pipeline", "pipeline-mapped", "uint8-fit", "float32-fit", "float64-fit")
WORKER_PRESETS = ("cifar10_alexnet", "cifar10_alexnet_bn")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load(mode: str, random: bool):
    if mode == "tensorflow":
        x, y, _, _ = common.load_cifar10(random=True)
        return x[:256].copy(), y[:256].copy()
    if mode == "pipeline-mapped" and not random and common.SHARED_CIFAR10.exists():
        from alexnet.data import load_cifar10

        data = load_cifar10(common.SHARED_CIFAR10, memory_map=True)
        return data.x_train, data.y_train
    x, y, _, _ = common.load_cifar10(random)
    return x, y


def child(mode: str, steps: int, batch_size: int, random: bool) -> dict:
    import keras  # noqa: F401  (TensorFlow and Keras loaded before the first reading)

    from alexnet.config.presets import CIFAR10_ALEXNET
    from alexnet.data.pipeline import make_dataset
    from alexnet.network.builder import build_model

    readings = {"after_import": rss_mb()}
    x, y = load(mode, random)
    readings["after_load"] = rss_mb()
    if mode in ("float32-fit", "float64-fit"):
        x = x.astype("float32") / 255 if mode == "float32-fit" else x / 255
    fits_arrays = mode.endswith("-fit")
    model = build_model(CIFAR10_ALEXNET.replace(rescale=mode not in ("float32-fit", "float64-fit")))
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    if fits_arrays:
        model.fit(x, y, batch_size=batch_size, epochs=1, steps_per_epoch=steps, verbose=0)
    else:
        data = make_dataset(x, y, batch_size=batch_size, shuffle=True, seed=0, repeat=True)
        model.fit(data, epochs=1, steps_per_epoch=steps, verbose=0)
    readings["after_training"] = rss_mb()
    return readings


def worker_run(preset: str, cache: Path, runs: Path) -> dict:
    """One epoch of `python -m alexnet train`; its status.json's peak memory and wall time."""
    command = [
        sys.executable,
        "-m",
        "alexnet",
        "train",
        "--preset",
        preset,
        "--recipe",
        "recommended",
        "--data-path",
        str(common.SHARED_CIFAR10),
        "--epochs",
        "1",
        "--runs-dir",
        str(runs),
    ]
    env = {**os.environ, "ALEXNET_DATA_CACHE": str(cache), "TF_CPP_MIN_LOG_LEVEL": "2"}
    start = time.perf_counter()
    result = subprocess.run(
        command, cwd=common.REPO_ROOT, env=env, capture_output=True, text=True, timeout=3600
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    run_id = result.stdout.split()[0]
    status = json.loads((runs / run_id / "status.json").read_text())
    return {"peak": status["peak_memory_mb"], "seconds": seconds}


def workers() -> None:
    if not common.SHARED_CIFAR10.exists():
        print(f"worker: skipped, no CIFAR-10 at {common.SHARED_CIFAR10}")
        return
    for preset in WORKER_PRESETS:
        with tempfile.TemporaryDirectory() as root:
            cache, runs = Path(root) / "cache", Path(root) / "runs"
            for label in ("empty cache", "warm cache"):
                result = worker_run(preset, cache, runs)
                print(
                    f"worker {preset:20s} {label}: peak RSS {result['peak']:6,.0f} MiB "
                    f"= {result['peak'] * 1.048576:5,.0f} MB (target < 1,000 MB); "
                    f"whole command {result['seconds']:.1f} s",
                    flush=True,
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20, help="training steps per mode")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--worker", action="store_true", help="also whole worker epochs (slow)")
    parser.add_argument("--random", action="store_true", help="random images, not CIFAR-10")
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        readings = child(args.mode, args.steps, args.batch_size, args.random)
        from alexnet.store.processes import peak_memory_mb

        print(json.dumps({**readings, "peak": peak_memory_mb()}))
        return
    print(common.machine())
    for mode in MODES:
        forwarded = [
            "--mode",
            mode,
            "--steps",
            str(args.steps),
            "--batch-size",
            str(args.batch_size),
        ]
        result = common.run_child(Path(__file__), forwarded + (["--random"] if args.random else []))
        phases = ", ".join(
            f"{k.replace('_', ' ')} {v:,.0f}" for k, v in result.items() if k != "peak"
        )
        print(f"{mode:15s} peak RSS {result['peak']:7,.0f} MiB; RSS MiB: {phases}", flush=True)
    if args.worker:
        workers()


if __name__ == "__main__":
    main()
