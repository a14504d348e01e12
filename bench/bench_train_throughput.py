"""Wall-time training throughput: a worker run vs the tutorial's bare `model.fit`.

Both arms train the CIFAR-10 AlexNet (with and without BatchNormalization) on the same
images for the same epochs, validation on the same hold-out included, each in a fresh
process, alternately (worker, tutorial, worker, tutorial, ...). Reported: images per second
over whole epochs, the median ratio worker/tutorial, and the worker's share of the float32
matmul ceiling measured in the same run (training FLOPs from the layer table).

- worker arm: `alexnet.training.fit.train_run` on a temporary run store (the code path of
  `python -m alexnet train` and of the UI's workers), at the trainer's default batch size 32
  (`--batch-size`), wall clock from its "start" record to the end of its last epoch;
  `--path pipeline` (or without `alexnet.training.fit`): `alexnet.data.pipeline.make_dataset` +
  `model.fit(dataset)`, to separate the trainer's own costs from the input pipeline's.
- tutorial arm: `model.fit(x / 255, y, epochs=E, validation_data=...)` at the tutorial's
  batch size 32, on the same network without the Rescaling layer.

Run:  python bench/bench_train_throughput.py                       # full: 50,000 images, 3 epochs
      python bench/bench_train_throughput.py --train-size 3000 --rounds 1   # quick check
Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import tempfile
import time
from pathlib import Path

import common

SPECS = {"plain": "cifar10_alexnet", "bn": "cifar10_alexnet_bn"}


def worker_arm(args: argparse.Namespace) -> dict:
    from alexnet.config.presets import get_preset

    spec = get_preset(SPECS[args.spec])
    try:
        from alexnet.config.run_config import run_config
        from alexnet.config.training import TUTORIAL_DEFAULTS
        from alexnet.store.run_store import RunStore
        from alexnet.training.fit import train_run
    except ImportError:
        args.path = "pipeline"
    if args.path == "pipeline":
        return pipeline_arm(args, spec)
    config = dataclasses.replace(
        TUTORIAL_DEFAULTS,
        batch_size=args.batch_size,
        epochs=args.epochs,
        train_size=args.train_size,
        validation_split=args.validation_split,
    )
    source = "random" if args.random else "cifar10"
    path = None if args.random else str(common.SHARED_CIFAR10)
    epoch_ends: list[float] = []
    with tempfile.TemporaryDirectory() as root:
        store = RunStore(root)
        run_id = store.create(run_config(spec, config, data_source=source, data_path=path))
        train_run(store, run_id, progress=lambda record: epoch_ends.append(time.time()))
        start = next(r["time"] for r in store.read_metrics(run_id) if r.get("kind") == "start")
    # Wall clock from the start of fit (the run's "start" record) to the end of its last
    # epoch, validation and checkpoint included; the final test evaluation is not.
    trained = len(epoch_ends) * round(args.train_size * (1 - args.validation_split))
    return {"seconds": epoch_ends[-1] - start, "images": trained, "path": "train_run"}


def pipeline_arm(args: argparse.Namespace, spec) -> dict:
    from alexnet.data.pipeline import make_dataset, steps_per_epoch
    from alexnet.network.builder import build_model

    x, y, xv, yv = common.split_data(args.random, args.train_size, args.validation_split)
    model = build_model(spec)
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    train = make_dataset(x, y, batch_size=args.batch_size, shuffle=True, seed=0, repeat=True)
    validation = make_dataset(xv, yv, batch_size=256, shuffle=False, seed=0)
    start = time.perf_counter()
    model.fit(
        train,
        epochs=args.epochs,
        steps_per_epoch=steps_per_epoch(len(x), args.batch_size),
        validation_data=validation,
        verbose=0,
    )
    return {
        "seconds": time.perf_counter() - start,
        "images": args.epochs * len(x),
        "path": "pipeline",
    }


def tutorial_arm(args: argparse.Namespace) -> dict:
    from alexnet.config.presets import get_preset
    from alexnet.network.builder import build_model

    x, y, xv, yv = common.split_data(args.random, args.train_size, args.validation_split)
    model = build_model(get_preset(SPECS[args.spec]).replace(rescale=False))
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    x, xv = x / 255, xv / 255  # the tutorial's preprocessing: float64 arrays
    start = time.perf_counter()
    model.fit(
        x,
        y,
        batch_size=args.tutorial_batch_size,
        epochs=args.epochs,
        validation_data=(xv, yv),
        verbose=0,
    )
    return {"seconds": time.perf_counter() - start, "images": args.epochs * len(x), "path": "fit"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train-size", type=int, default=50_000)
    parser.add_argument("--validation-split", type=float, default=0.1)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=2, help="A B pairs per network")
    parser.add_argument("--batch-size", type=int, default=32, help="the worker run's")
    parser.add_argument("--tutorial-batch-size", type=int, default=32)
    parser.add_argument("--specs", default="plain,bn", help="comma list of: plain, bn")
    parser.add_argument("--random", action="store_true", help="random images, not CIFAR-10")
    parser.add_argument(
        "--path",
        choices=("train_run", "pipeline"),
        default="train_run",
        help="worker arm: the project's trainer, or the bare pipeline + fit (for comparison)",
    )
    parser.add_argument("--arm", choices=("worker", "tutorial"), help=argparse.SUPPRESS)
    parser.add_argument("--spec", choices=tuple(SPECS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.arm:  # a child process: one measurement, one JSON line
        result = worker_arm(args) if args.arm == "worker" else tutorial_arm(args)
        print(json.dumps(result))
        return

    from alexnet.config.presets import get_preset
    from alexnet.network.layer_table import layer_table

    forwarded = [
        *("--train-size", str(args.train_size), "--validation-split", str(args.validation_split)),
        *("--epochs", str(args.epochs), "--batch-size", str(args.batch_size)),
        *("--tutorial-batch-size", str(args.tutorial_batch_size), "--path", args.path),
        *(["--random"] if args.random else []),
    ]
    print(common.machine())
    ceilings = [common.matmul_gflops()]
    print(f"matmul ceiling: {ceilings[0]:.0f} GFLOP/s (4096x4096 float32)")
    for name in args.specs.split(","):
        flops = layer_table(get_preset(SPECS[name])).training_flops_per_image
        rates: dict[str, list[float]] = {"worker": [], "tutorial": []}
        for round_ in range(args.rounds):
            for arm in ("worker", "tutorial"):
                result = common.run_child(
                    Path(__file__), [*forwarded, "--arm", arm, "--spec", name]
                )
                rate = result["images"] / result["seconds"]
                rates[arm].append(rate)
                print(
                    f"{name:5s} round {round_ + 1} {arm:8s} ({result['path']}): "
                    f"{result['seconds']:7.1f} s  {rate:6.0f} img/s",
                    flush=True,
                )
            ceilings.append(common.matmul_gflops())
        ratios = [w / t for w, t in zip(rates["worker"], rates["tutorial"], strict=True)]
        ceiling = common.median(ceilings)
        achieved = common.median(rates["worker"]) * flops / 1e9
        print(
            f"{name:5s} median worker {common.median(rates['worker']):.0f} img/s, tutorial "
            f"{common.median(rates['tutorial']):.0f} img/s, ratio {common.median(ratios):.2f}x "
            f"(target >= 1.3); {achieved:.0f} GFLOP/s = {achieved / ceiling:.0%} of the "
            f"{ceiling:.0f} GFLOP/s matmul ceiling (target >= 90%; "
            f"{flops / 1e6:.0f} MFLOP per training image)"
        )


if __name__ == "__main__":
    main()
