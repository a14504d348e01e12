"""Peak resident memory of a worker-style process training the CIFAR-10 AlexNet on 50,000 images.

Each mode runs in its own process (peak RSS = `resource.getrusage(RUSAGE_SELF).ru_maxrss`):
- tensorflow: TensorFlow, the model and a few steps on 256 images: the floor;
- pipeline:   uint8 images through `alexnet.pipeline.make_dataset` (the worker's path);
- worker:     `alexnet.train.train_run` for one whole epoch with a 10% validation split, as
              the recommended recipe has (slow: a full epoch; --worker);
- uint8-fit:  uint8 NumPy arrays straight into `model.fit`;
- float32-fit: `x.astype("float32") / 255` into `model.fit`;
- float64-fit: the tutorial's `x / 255` (float64) into `model.fit`.
Target for the worker: under 1.0 GB.

Run:  python bench/bench_memory.py [--steps 20] [--worker]
Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
from pathlib import Path

import common

MODES = ("tensorflow", "pipeline", "uint8-fit", "float32-fit", "float64-fit")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    # Linux reports kilobytes, macOS bytes.
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1024**2


def child(mode: str, steps: int, batch_size: int, random: bool) -> dict:
    import keras  # noqa: F401  (TensorFlow and Keras loaded before the first reading)

    from alexnet.build import build_model
    from alexnet.pipeline import make_dataset
    from alexnet.presets import CIFAR10_ALEXNET

    readings = {"after_import": rss_mb()}
    if mode == "worker":
        return worker(readings, random, batch_size)
    if mode == "tensorflow":
        x, y, _, _ = common.load_cifar10(random=True)
        x, y = x[:256].copy(), y[:256].copy()
    else:
        x, y, _, _ = common.load_cifar10(random)
    readings["after_load"] = rss_mb()
    if mode in ("float32-fit", "float64-fit"):
        x = x.astype("float32") / 255 if mode == "float32-fit" else x / 255
    model = build_model(
        CIFAR10_ALEXNET.replace(rescale=mode in ("tensorflow", "pipeline", "uint8-fit"))
    )
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    if mode in ("tensorflow", "pipeline"):
        data = make_dataset(x, y, batch_size=batch_size, shuffle=True, seed=0, repeat=True)
        model.fit(data, epochs=1, steps_per_epoch=steps, verbose=0)
    else:
        model.fit(x, y, batch_size=batch_size, epochs=1, steps_per_epoch=steps, verbose=0)
    readings["after_training"] = rss_mb()
    return readings


def worker(readings: dict, random: bool, batch_size: int) -> dict:
    import dataclasses

    from alexnet.presets import CIFAR10_ALEXNET
    from alexnet.runs import RunStore
    from alexnet.train import TUTORIAL_DEFAULTS, run_config, train_run

    config = dataclasses.replace(
        TUTORIAL_DEFAULTS, batch_size=batch_size, epochs=1, validation_split=0.1
    )
    source, path = ("random", None) if random else ("cifar10", str(common.SHARED_CIFAR10))
    with tempfile.TemporaryDirectory() as root:
        store = RunStore(root)
        train_run(store, store.create(run_config(CIFAR10_ALEXNET, config, data_source=source,
                                                 data_path=path)))  # fmt: skip
    readings["after_training"] = rss_mb()
    return readings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20, help="training steps per mode")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--worker", action="store_true", help="also a whole worker epoch (slow)")
    parser.add_argument("--random", action="store_true", help="random images, not CIFAR-10")
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        readings = child(args.mode, args.steps, args.batch_size, args.random)
        print(json.dumps({**readings, "peak": peak_mb()}))
        return
    print(common.machine())
    modes = [*MODES, "worker"] if args.worker else list(MODES)
    for mode in modes:
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
        verdict = "  (target < 1,024 MB)" if mode in ("pipeline", "worker") else ""
        print(
            f"{mode:12s} peak RSS {result['peak']:7,.0f} MB{verdict}; RSS MB: {phases}", flush=True
        )


if __name__ == "__main__":
    main()
