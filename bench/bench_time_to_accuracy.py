"""Time to accuracy on the full CIFAR-10: test accuracy after every epoch, and wall time.

Each run goes through the project's trainer (`alexnet.training.fit.train_run`, the worker's
code path). After each epoch the checkpoint the run has just saved (`last.keras`: batch
normalization recalibrated, weights averaged when the recipe averages them) is evaluated on
the test images; that time is measured and left out of the wall time. At the end, the
checkpoint the run keeps (best validation accuracy, else last) is evaluated too, and with
`--tta` also with test-time flips (`alexnet.analysis.tta`: the mean of the predictions for
each image and its mirror image; an evaluation option, labelled as such).

Without `--recipes` it runs the three rows of the docs: the tutorial's recipe (adam 0.001,
batch 32, 5 epochs) on the CIFAR-10 AlexNet without and with BatchNormalization, and the fast
recipe (10 epochs) with BatchNormalization, and writes the table into docs/benchmarks.md between the
`time-to-accuracy` markers. With `--recipes` it runs each named recipe (`RECIPES` in
`alexnet.config.training`) on each of `--presets`, for `--seeds` seeds each, and prints the
mean and spread over the seeds (written to a file only with `--output`).

Run:  python bench/bench_time_to_accuracy.py     # long: about 20 minutes on 2 quiet CPU cores
      python bench/bench_time_to_accuracy.py --recipes recommended,fast --epochs 10 \
          --seeds 3 --tta
      python bench/bench_time_to_accuracy.py --recipes fast --set validation_split=0.1 \
          --set weight_decay=0.1 --no-test    # a trial, judged on the validation split
      python bench/bench_time_to_accuracy.py --quick    # 1,000 images, 1 epoch: checks it works
--quick writes to a temporary file unless --output is given. Not a test and not for CI.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import statistics
import tempfile
import time
from pathlib import Path

import common

START, END = "<!-- time-to-accuracy:start -->", "<!-- time-to-accuracy:end -->"
HISTORIC = (  # (recipe, preset): the rows of the docs table
    ("tutorial", "cifar10_alexnet"),
    ("tutorial", "cifar10_alexnet_bn"),
    ("fast", "cifar10_alexnet_bn"),
)
PRESET_LABELS = {"cifar10_alexnet": "", "cifar10_alexnet_bn": " + BN"}


@dataclasses.dataclass
class Arm:
    """One recipe on one network, possibly with settings changed (`--set`)."""

    recipe: str
    preset: str
    changes: dict

    @property
    def label(self) -> str:
        extra = "".join(f", {k}={v}" for k, v in self.changes.items())
        return f"{self.recipe}{PRESET_LABELS.get(self.preset, ' ' + self.preset)}{extra}"


def _config(arm: Arm, seed: int, args: argparse.Namespace):
    from alexnet.config.training import RECIPES

    config = RECIPES[arm.recipe].replace(seed=seed, **arm.changes)
    if args.epochs is not None:
        config = config.replace(epochs=args.epochs)
    if args.quick:
        config = config.replace(epochs=1, train_size=1000, early_stopping_patience=None)
    return config


def _accuracy(model, test, flips: bool) -> float:
    from alexnet.analysis.tta import flip_averaged_accuracy
    from alexnet.data.pipeline import predict_batches

    if flips:
        return flip_averaged_accuracy(model, test[0], test[1], batch_size=256)
    # Accuracy from predictions: the loss may expect one-hot targets (label smoothing).
    predicted = predict_batches(model, test[0], batch_size=256).argmax(axis=1)
    return float((predicted == test[1]).mean())


def run_once(arm: Arm, seed: int, args: argparse.Namespace, test) -> dict:
    """Train one seed of an arm; its epochs (val and test accuracy, minutes) and kept model."""
    import keras

    from alexnet.config.presets import get_preset
    from alexnet.config.run_config import run_config
    from alexnet.store.run_store import RunStore
    from alexnet.training import fit as train

    config = _config(arm, seed, args)
    rows: list[dict] = []
    test_seconds = [0.0]
    every_epoch = not args.no_test

    class TestEvaluation(keras.callbacks.Callback):
        """After the run's own callback saved the epoch's checkpoint: a timed test evaluation."""

        def __init__(self, folder: Path) -> None:
            super().__init__()
            self.folder = folder

        def on_epoch_end(self, epoch, logs=None):
            row = {"epoch": epoch + 1}
            if every_epoch:
                start = time.perf_counter()
                saved = keras.models.load_model(self.folder / "checkpoints" / "last.keras")
                row["test_accuracy"] = _accuracy(saved, test, flips=False)
                test_seconds[0] += time.perf_counter() - start
            rows.append(row)

    records: list[dict] = []
    with tempfile.TemporaryDirectory() as root:
        store = RunStore(root)
        data = "cifar10" if not args.sample else "sample"
        config_dict = run_config(
            get_preset(arm.preset), config, data_source=data, data_path=args.data
        )
        run_id = store.create(config_dict)

        def progress(record: dict) -> None:  # after the epoch's checkpoint, before the test
            records.append({**record, "end": time.time() - test_seconds[0]})

        train.train_run(
            store, run_id, progress=progress,
            extra_callbacks=[TestEvaluation(store.run_dir(run_id))],
        )  # fmt: skip
        start = next(r["time"] for r in store.read_metrics(run_id) if r["kind"] == "start")
        kept = _kept(store, run_id, test, args.tta)
    for row, record in zip(rows, records, strict=False):
        row.update(
            minutes=(record["end"] - start) / 60,
            val_accuracy=record.get("val_accuracy"),
            images_per_second=record.get("images_per_second"),
        )
    return {"arm": arm.label, "seed": seed, "config": dataclasses.asdict(config),
            "epochs": rows, "kept": kept}  # fmt: skip


def _kept(store, run_id: str, test, tta: bool) -> dict:
    """The test accuracy of the checkpoint the run keeps, and with flips when asked.

    The same images as each epoch's figure (the trainer's own evaluation.json uses all).
    """
    import keras

    found = store.best_checkpoint(run_id)
    if found is None:
        return {}
    path, which = found
    model = keras.models.load_model(path, safe_mode=True)  # checkpoints load in safe mode
    kept = {"weights": which, "test_accuracy": _accuracy(model, test, flips=False)}
    if tta:
        kept["test_accuracy_flips"] = _accuracy(model, test, flips=True)
    return kept


def _spread(values: list[float], percent: bool = True) -> str:
    scale, unit = (100, "%") if percent else (1, "")
    mean = statistics.fmean(values) * scale
    if len(values) == 1:
        return f"{mean:.2f}{unit}"
    sd = statistics.stdev(values) * scale
    low, high = min(values) * scale, max(values) * scale
    return f"{mean:.2f}{unit} ± {sd:.2f} ({low:.2f}-{high:.2f})"


def summary(results: dict[str, list[dict]], args: argparse.Namespace) -> str:
    """Markdown: per arm and epoch, the mean ± sd (min-max) over seeds; then the kept models."""
    seeds = len(next(iter(results.values())))
    what = " (quick check: 1,000 training images, 1 epoch)" if args.quick else ""
    lines = [
        f"Machine: {common.machine()}. Data: {args.data_label}{what}. Accuracy over {seeds} "
        "seed(s): mean ± sd (min-max).",
        "",
        "| recipe | epoch | val accuracy | test accuracy | wall time (min) | images/s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, runs in results.items():
        for i, row in enumerate(runs[0]["epochs"]):
            epoch = [r["epochs"][i] for r in runs if i < len(r["epochs"])]
            val = [e["val_accuracy"] for e in epoch if e.get("val_accuracy") is not None]
            test = [e["test_accuracy"] for e in epoch if "test_accuracy" in e]
            lines.append(
                f"| {label} | {row['epoch']} | {_spread(val) if val else '-'} | "
                f"{_spread(test) if test else '-'} | "
                f"{statistics.fmean(e['minutes'] for e in epoch):.1f} | "
                f"{statistics.median(e['images_per_second'] or 0 for e in epoch):,.0f} |"
            )
    lines += ["", "| recipe | kept checkpoint: test accuracy | with test-time flips |",
              "|---|---:|---:|"]  # fmt: skip
    for label, runs in results.items():
        plain = [r["kept"]["test_accuracy"] for r in runs if r["kept"]]
        flips = [
            r["kept"]["test_accuracy_flips"] for r in runs if "test_accuracy_flips" in r["kept"]
        ]
        lines.append(f"| {label} | {_spread(plain) if plain else '-'} | "
                     f"{_spread(flips) if flips else '-'} |")  # fmt: skip
    return "\n".join(lines)


def write_table(path: Path, text: str) -> None:
    block = f"{START}\n{text}\n{END}"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if START in old and END in old:
        new = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, old, flags=re.S)
    else:
        new = old.rstrip() + "\n\n## Time to accuracy\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")


def _changes(pairs: list[str]) -> dict:
    changes = {}
    for pair in pairs:
        name, _, text = pair.partition("=")
        try:
            changes[name] = json.loads(text)
        except ValueError:
            changes[name] = text  # a string, e.g. optimizer=sgd
    return changes


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 images, 1 epoch per run")
    parser.add_argument("--recipes", help="comma list of recipe names (default: the docs rows)")
    parser.add_argument("--presets", default="cifar10_alexnet_bn", help="comma list (--recipes)")
    parser.add_argument("--epochs", type=int, help="override the recipes' epochs")
    parser.add_argument("--seeds", type=int, default=1, help="seeds 0 .. N-1 per recipe")
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="change a TrainConfig field of every recipe (JSON value)")  # fmt: skip
    parser.add_argument("--tta", action="store_true", help="also test-time flips (kept model)")
    parser.add_argument("--no-test", action="store_true", help="no test set after each epoch")
    parser.add_argument("--data", default=str(common.SHARED_CIFAR10), help="CIFAR-10 archive")
    parser.add_argument("--sample", action="store_true", help="the shipped sample (tests)")
    parser.add_argument("--output", type=Path, help="markdown file to write the table into")
    parser.add_argument("--json", type=Path, help="append one JSON line per run to this file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.recipes:
        changes = _changes(args.set)
        arms = [Arm(r, p, changes) for r in args.recipes.split(",")
                for p in args.presets.split(",")]  # fmt: skip
    else:
        arms = [Arm(r, p, _changes(args.set)) for r, p in HISTORIC]
    output = args.output
    if output is None and not args.recipes:
        output = (
            Path(tempfile.mkdtemp()) / "benchmarks.md"
            if args.quick
            else common.REPO_ROOT / "docs" / "benchmarks.md"
        )
    from alexnet.data import load_cifar10, load_sample

    data = load_sample() if args.sample else load_cifar10(args.data)
    test = (data.x_test, data.y_test)
    if args.quick:
        test = (data.x_test[:500], data.y_test[:500])
    source = "the shipped CIFAR-10 sample" if args.sample else "CIFAR-10"
    # Counts, never the path (the loader's description names the file).
    args.data_label = f"{source}, {len(data.y_train):,} training and {len(test[1]):,} test images"
    results: dict[str, list[dict]] = {}
    for arm in arms:
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            result = run_once(arm, seed, args, test)
            results.setdefault(arm.label, []).append(result)
            brief = {k: result[k] for k in ("arm", "seed", "kept")}
            print(json.dumps({**brief, "epochs": result["epochs"]}), flush=True)
            if args.json:
                with open(args.json, "a", encoding="utf-8") as f:
                    f.write(json.dumps(result) + "\n")
    text = summary(results, args)
    print(text)
    if output is not None:
        write_table(output, text)
        print(f"written to {output.name}")


if __name__ == "__main__":
    main()
