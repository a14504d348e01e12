"""Train the shipped CIFAR-10 AlexNets (with and without BatchNorm) and export them.

    python scripts/train_pretrained.py --data-path /path/to/cifar-10-python.tar.gz

Both networks train one after the other through the project's own command line
(`python -m alexnet train ...`, the same queue and worker code the app uses), with the same
recipe and seed, hence the same data order, augmentation and initial weights in every layer
they share. Each run uses the whole machine, so their wall times compare. The runs go to a
scratch runs folder; then both are exported as read-only run folders into `--output`
(default `alexnet/pretrained/`, replacing the run folders there) with their accuracy on the
shipped sample's 1,000 test images, and `--output`/README.md records the command, recipe,
machine and figures. Flags this script does not know (e.g. `--learning-rate 0.002`,
`--train-size 2000`, `--seed 1`) are passed on to `python -m alexnet train`.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from alexnet.config.training import (  # noqa: E402
    RECIPES,
    TrainConfig,
    config_from_dict,
    recipe_name,
)
from alexnet.jobs.shipping import (  # noqa: E402
    clear_shipped,
    export_run,
    portable_command,
    refresh_shipped,
)
from alexnet.store.run_store import RunStore  # noqa: E402
from alexnet.store.shipped import DEFAULT_DIR, SHIPPED_FILE  # noqa: E402
from alexnet.training.tf_quiet import import_tensorflow_quietly  # noqa: E402

MODELS = (  # (preset, the name shown in the app)
    ("cifar10_alexnet_bn", "CIFAR-10 AlexNet + BatchNorm"),
    ("cifar10_alexnet", "CIFAR-10 AlexNet"),
)


def parse_args(argv: list[str] | None = None) -> tuple[argparse.Namespace, list[str]]:
    """(this script's options, the flags passed on to `python -m alexnet train`)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-path", required=True, help="CIFAR-10 archive or folder")
    parser.add_argument("--recipe", choices=sorted(RECIPES), default="recommended")
    parser.add_argument("--epochs", type=int, default=None, help="default: the recipe's")
    parser.add_argument("--output", type=Path, default=DEFAULT_DIR, help="the shipped folder")
    parser.add_argument("--runs-dir", type=Path, default=None, help="scratch runs (default: temp)")
    parser.add_argument("--threads", type=int, default=None, help="TensorFlow intra-op threads")
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="train nothing: recalibrate the shipped BatchNorm model, measure both again and "
        "write their files with the current fields and no paths",
    )
    return parser.parse_known_args(argv)


def train(
    args: argparse.Namespace, extra: list[str], runs_dir: Path, preset: str, name: str
) -> str:
    """Train one network in the foreground through the CLI; returns its run id."""
    command = [
        sys.executable,
        "-m",
        "alexnet",
        "--runs-dir",
        str(runs_dir),
        "train",
        "--preset",
        preset,
        "--recipe",
        args.recipe,
        "--data-path",
        args.data_path,
        "--name",
        name,
        "--tags",
        "pretrained",
    ]
    if args.epochs is not None:
        command += ["--epochs", str(args.epochs)]
    if args.threads is not None:
        command += ["--threads", str(args.threads)]
    command += extra
    print("$", shlex.join(command), flush=True)
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True)
    if process.stdout is None:  # cannot happen with PIPE; keeps the type checker honest
        raise RuntimeError("no output pipe from the training process")
    run_id = process.stdout.readline().strip()  # the CLI prints the new run's id first
    print(run_id, flush=True)
    for line in process.stdout:
        print(line, end="", flush=True)
    if process.wait() != 0:
        raise SystemExit(f"training {preset} failed (exit {process.returncode}); see above")
    return run_id


def _recipe_words(train: TrainConfig) -> str:
    name = recipe_name(train)
    if name is None:
        return f"settings of no named recipe, {train.epochs} epochs"
    return f"`{name}` for {train.epochs} epochs (`--recipe {name} --epochs {train.epochs}`)"


def write_readme(output: Path, command: str, folders: list[Path], refreshed: str = "") -> None:
    """README.md: what the shipped models are, how they were made, and their figures."""
    config = json.loads((folders[0] / "config.json").read_text(encoding="utf-8"))
    machine = config.get("machine", {})
    train = config_from_dict(config.get("train", {}))
    rows = []
    for folder in folders:
        s = json.loads((folder / SHIPPED_FILE).read_text(encoding="utf-8"))
        wall = s.get("wall_seconds") or 0.0
        rows.append(
            f"| {s['name']} | `{folder.name}` | {s['test_accuracy']:.2%} of {s['test_images']:,} "
            f"| {s['sample_accuracy']:.2%} of {s['sample_test_images']:,} "
            f"| {s['epochs_trained']} (best {s['best_epoch']}) "
            f"| {(s.get('train_seconds') or 0.0) / 60:.1f} min ({wall / 60:.1f} min) "
            f"| {s['model_bytes'] / 1e6:.1f} MB |"
        )
    text = f"""# Shipped pretrained models

The CIFAR-10 AlexNet with and without batch normalization, trained by this project's own
command line on the full CIFAR-10 training set, so Predict, Inspect and Compare work on
first start. Each folder is a read-only copy of the real run folder (config, status, curves,
the full test-set evaluation) with `checkpoints/best.keras` saved again without optimizer
state; `shipped.json` holds the figures below. Do not train into this folder.

Made with:

```
{command}
```
{refreshed}
| model | run | test accuracy | shipped sample | epochs | training (whole run) | file |
|---|---|---|---|---|---|---|
{chr(10).join(rows)}

Recipe (the same for both): {_recipe_words(train)}, seed {train.seed}, in float32:

```
{json.dumps(config.get("train", {}), indent=2)}
```

Data: {config.get("data")}. Machine: {machine.get("cpu_model") or "processor not recorded"},
{machine.get("cpu_count")} cores, {machine.get("platform")}; versions:
{config.get("versions")}. Written {time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}.
"""
    (output / "README.md").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args, extra = parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # as the CLI: no start-up log lines
    import_tensorflow_quietly()  # the export below loads models in this process
    command = portable_command(
        shlex.join(
            ["python", "scripts/train_pretrained.py", *(sys.argv[1:] if argv is None else argv)]
        )
    )
    if args.refresh:
        return refresh(args, command)
    runs_dir = args.runs_dir or Path(tempfile.mkdtemp(prefix="alexnet-pretrained-runs-"))
    print(f"scratch runs: {runs_dir}", flush=True)
    trained = [(train(args, extra, runs_dir, preset, name), name) for preset, name in MODELS]
    store = RunStore(runs_dir)
    removed = clear_shipped(args.output)
    if removed:
        print(f"replaced shipped runs {', '.join(removed)}", flush=True)
    folders = [
        export_run(store, run_id, args.output, name=name, details={"command": command})
        for run_id, name in trained
    ]
    write_readme(args.output, command, folders)
    for folder in folders:
        s = json.loads((folder / SHIPPED_FILE).read_text(encoding="utf-8"))
        print(
            f"{s['name']}: test {s['test_accuracy']:.2%}, sample {s['sample_accuracy']:.2%}, "
            f"{s['epochs_trained']} epochs, {folder}",
            flush=True,
        )
    return 0


def refresh(args: argparse.Namespace, command: str) -> int:
    """--refresh: the shipped runs brought up to date (`refresh_shipped`), README again."""
    shipped = refresh_shipped(args.output, args.data_path)
    folders = sorted(p for p in args.output.iterdir() if (p / SHIPPED_FILE).is_file())
    trained_with = str(shipped[0].get("command", "")) if shipped else command
    note = (
        "\nThen, without training again, batch normalization's moving statistics were\n"
        "recalibrated with the trained weights on 1,024 training images, augmented as in\n"
        "training (as the trainer now does before every checkpoint), and both models were\n"
        "measured again:\n\n"
        f"```\n{command}\n```\n"
    )
    write_readme(args.output, trained_with, folders, refreshed=note)
    for s in shipped:
        print(f"{s['name']}: test {s['test_accuracy']:.2%}, sample {s['sample_accuracy']:.2%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
