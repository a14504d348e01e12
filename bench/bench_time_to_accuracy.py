"""Time to accuracy on the full CIFAR-10: test accuracy after every epoch, and wall time.

Three runs through the project's trainer (`alexnet.training.fit.train_run`, the worker's code path):
the tutorial's recipe (adam 0.001, batch 32, 5 epochs) on the CIFAR-10 AlexNet without and
with BatchNormalization, and the recommended recipe (`alexnet.config.training.RECOMMENDED`) with
BatchNormalization. After each epoch the test set is evaluated (that time is measured and
left out of the wall time). The table goes into docs/benchmarks.md between the
`time-to-accuracy` markers, with the machine it ran on.

Run:  python bench/bench_time_to_accuracy.py            # long: about 15 minutes on 2 CPU cores
      python bench/bench_time_to_accuracy.py --quick    # 1,000 images, 1 epoch: checks it works
--quick writes to a temporary file unless --output is given. Not a test and not for CI.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import tempfile
import time
from pathlib import Path

import common

START, END = "<!-- time-to-accuracy:start -->", "<!-- time-to-accuracy:end -->"
RECIPES = (  # (label, recipe, preset)
    ("tutorial", "tutorial", "cifar10_alexnet"),
    ("tutorial + BN", "tutorial", "cifar10_alexnet_bn"),
    ("recommended + BN", "recommended", "cifar10_alexnet_bn"),
)


def run_recipe(recipe: str, preset: str, args: argparse.Namespace, test) -> list[dict]:
    from alexnet.config.presets import get_preset
    from alexnet.config.run_config import run_config
    from alexnet.config.training import RECIPES
    from alexnet.data.pipeline import predict_batches
    from alexnet.store.run_store import RunStore
    from alexnet.training import fit as train

    config = RECIPES[recipe]
    if args.quick:
        config = dataclasses.replace(
            config, epochs=1, train_size=1000, early_stopping_patience=None
        )
    rows: list[dict] = []
    test_seconds = [0.0]

    class TestEvaluatingLogger(train.RunLogger):
        """The trainer's logger, plus a timed test-set evaluation after each epoch."""

        def on_epoch_end(self, epoch, logs=None):
            super().on_epoch_end(epoch, logs)
            start = time.perf_counter()
            # Accuracy from predictions: the loss may expect one-hot targets (label smoothing).
            predicted = predict_batches(self.model, test[0], batch_size=256).argmax(axis=1)
            test_seconds[0] += time.perf_counter() - start
            rows.append({"epoch": epoch + 1, "test_accuracy": float((predicted == test[1]).mean())})

    ends: list[float] = []
    original = train.RunLogger
    train.RunLogger = TestEvaluatingLogger  # train_run looks the class up at call time
    try:
        with tempfile.TemporaryDirectory() as root:
            store = RunStore(root)
            config_dict = run_config(
                get_preset(preset), config, data_source="cifar10", data_path=args.data
            )
            run_id = store.create(config_dict)
            # ends[i] is taken after epoch i's test evaluation; subtract the evaluations so far.
            train_run_progress = lambda record: ends.append(time.time() - test_seconds[0])  # noqa: E731
            train.train_run(store, run_id, progress=train_run_progress)
            start = next(r["time"] for r in store.read_metrics(run_id) if r["kind"] == "start")
    finally:
        train.RunLogger = original
    for row, end in zip(rows, ends, strict=False):
        row["minutes"] = (end - start) / 60
    return rows


def table(results: dict[str, list[dict]], args: argparse.Namespace) -> str:
    lines = [
        f"Machine: {common.machine()}. Data: {args.data}"
        + (" (quick check: 1,000 training images, 1 epoch)." if args.quick else "."),
        "",
        "| recipe | epoch | test accuracy | wall time (min) |",
        "|---|---:|---:|---:|",
    ]
    for label, rows in results.items():
        for row in rows:
            lines.append(
                f"| {label} | {row['epoch']} | {row['test_accuracy']:.3f} | {row['minutes']:.1f} |"
            )
    return "\n".join(lines)


def write_table(path: Path, text: str) -> None:
    block = f"{START}\n{text}\n{END}"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if START in old and END in old:
        new = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, old, flags=re.S)
    else:
        new = old.rstrip() + "\n\n## Time to accuracy\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 images, 1 epoch per recipe")
    parser.add_argument("--data", default=str(common.SHARED_CIFAR10), help="CIFAR-10 archive")
    parser.add_argument("--output", type=Path, help="default: docs/benchmarks.md (full runs)")
    args = parser.parse_args()
    output = args.output
    if output is None:
        output = (
            Path(tempfile.mkdtemp()) / "benchmarks.md"
            if args.quick
            else common.REPO_ROOT / "docs" / "benchmarks.md"
        )
    from alexnet.data import load_cifar10

    data = load_cifar10(args.data)
    test = (data.x_test[:500], data.y_test[:500]) if args.quick else (data.x_test, data.y_test)
    results = {}
    for label, recipe, preset in RECIPES:
        results[label] = run_recipe(recipe, preset, args, test)
        print(label, results[label], flush=True)
    text = table(results, args)
    write_table(output, text)
    print(text)
    print(f"written to {output}")


if __name__ == "__main__":
    main()
