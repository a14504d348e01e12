"""The command line: the same runs as the app, without it.

    python -m alexnet train --preset cifar10_alexnet --recipe recommended --epochs 3
    python -m alexnet train --spec my_net.json --sample --train-size 500 --batch-size 64
    python -m alexnet list
    python -m alexnet stop 20250101-120000-a1b2c3
    python -m alexnet resume 20250101-120000-a1b2c3

`train` and `resume` run in the foreground (Ctrl+C stops cleanly with a checkpoint) unless
`--background` hands the run to the queue, as the app does. `worker` is what the app's
queue starts; it trains one existing run. Runs go to `--runs-dir`, else $ALEXNET_RUNS_DIR,
else runs/ beside app.py.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import signal
import sys
from pathlib import Path
from typing import Any

# Before anything imports TensorFlow: hide its C++ start-up log (oneDNN, cuInit, absl) on the
# terminal (see alexnet.training.tf_quiet); errors still show. TF_CPP_MIN_LOG_LEVEL=0 keeps it.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from alexnet.config.training import (
    CONFIG_HELP,
    OPTIMIZERS,
    RECIPES,
    SCHEDULES,
    STRATEGIES,
    TrainConfig,
)
from alexnet.store.run_store import RunStore

# TrainConfig fields as flags: --learning-rate 0.01, --flip, --train-size none, ...
_NONE_OK = ("train_size", "early_stopping_patience")
_CHOICES = {"optimizer": OPTIMIZERS, "schedule": SCHEDULES, "strategy": STRATEGIES}


def _optional_int(text: str) -> int | None:
    return None if text.lower() in ("none", "all", "off") else int(text)


def _add_config_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("training config (overrides the recipe)")
    for field in dataclasses.fields(TrainConfig):
        flag = "--" + field.name.replace("_", "-")
        # SUPPRESS: a flag not given leaves no attribute, so the recipe's value stays.
        if isinstance(field.default, bool):
            kind: dict[str, Any] = {"action": argparse.BooleanOptionalAction}
        elif field.name in _NONE_OK:
            kind = {"type": _optional_int, "metavar": "N|none"}
        else:
            kind = {"type": type(field.default), "choices": _CHOICES.get(field.name)}
        group.add_argument(flag, default=argparse.SUPPRESS, help=CONFIG_HELP[field.name], **kind)


def _config_from_args(args: argparse.Namespace) -> TrainConfig:
    names = [f.name for f in dataclasses.fields(TrainConfig)]
    return RECIPES[args.recipe].replace(**{n: getattr(args, n) for n in names if hasattr(args, n)})


def _spec_from_args(args: argparse.Namespace) -> Any:
    from alexnet.config.presets import get_preset
    from alexnet.config.spec_json import spec_from_json

    if args.spec:
        return spec_from_json(Path(args.spec).read_bytes())
    return get_preset(args.preset)


def _print_epoch(record: dict[str, Any]) -> None:
    parts = [f"epoch {record['epoch']}"]
    for key in ("loss", "accuracy", "val_loss", "val_accuracy", "images_per_second"):
        if record.get(key) is not None:
            parts.append(f"{key} {record[key]:.4g}")
    print("  ".join(parts), flush=True)


def _foreground(store: RunStore, run_id: str, threads: int | None) -> int:
    from alexnet.jobs.run_queue import RunQueue
    from alexnet.jobs.worker import execute

    def interrupt(*_: object) -> None:
        # Ctrl+C = Stop: finish the batch, save a checkpoint, exit as 'stopped'.
        if store.stop_file(run_id).exists():
            raise KeyboardInterrupt  # a second Ctrl+C: stop at once
        print("stopping after this batch (Ctrl+C again to quit at once)", flush=True)
        store.stop_file(run_id).touch()

    signal.signal(signal.SIGINT, interrupt)
    try:
        state = execute(store, run_id, threads=threads, progress=_print_epoch)
    finally:
        RunQueue(store).start_due()  # runs queued from the app meanwhile get their turn
    status = store.read_status(run_id)
    print(f"run {run_id}: {state}" + (f" ({status.get('error')})" if status.get("error") else ""))
    evaluation = store.read_evaluation(run_id)
    if evaluation:
        print(f"test loss {evaluation['loss']:.4f}  test accuracy {evaluation['accuracy']:.4f}")
    return 1 if state == "failed" else 0


def cmd_train(args: argparse.Namespace, store: RunStore) -> int:
    from alexnet.jobs.run_queue import RunQueue, enqueue

    data_source = "random" if args.random_data else "sample" if args.sample else "cifar10"
    spec, config = _spec_from_args(args), _config_from_args(args)
    run_id = enqueue(
        store,
        spec,
        config,
        data_source=data_source,
        data_path=args.data_path,
        name=args.name or spec.name,
        tags=[t for t in args.tags.split(",") if t],
        start=False,
    )
    print(run_id, flush=True)
    if args.background:
        RunQueue(store).start_due()
        return 0
    return _foreground(store, run_id, args.threads)


def cmd_resume(args: argparse.Namespace, store: RunStore) -> int:
    from alexnet.jobs.run_queue import resume_run
    from alexnet.jobs.worker import prepare_resume

    if args.background:
        resume_run(store, args.run_id)
        return 0
    prepare_resume(store, args.run_id)
    return _foreground(store, args.run_id, args.threads)


def cmd_stop(args: argparse.Namespace, store: RunStore) -> int:
    status = store.request_stop(args.run_id)
    print(f"run {args.run_id}: {status.get('state')}")
    return 0


def cmd_list(args: argparse.Namespace, store: RunStore) -> int:
    for info in store.list():
        epoch = info.status.get("epoch")
        epochs = info.status.get("epochs")
        progress = f"{epoch}/{epochs}" if epochs else ""
        print(f"{info.run_id}  {info.state:<11}  {progress:>7}  {info.name}")
    return 0


def cmd_worker(args: argparse.Namespace, store: RunStore) -> int:
    from alexnet.jobs.run_queue import RunQueue
    from alexnet.jobs.worker import execute

    try:
        state = execute(store, args.run_id, threads=args.threads)
    finally:
        RunQueue(store).start_due()  # hand the slot to the next queued run
    return 1 if state == "failed" else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m alexnet", description=__doc__.split("\n")[0])
    parser.add_argument("--runs-dir", help="runs directory (default: $ALEXNET_RUNS_DIR or runs/)")
    commands = parser.add_subparsers(dest="command", required=True)

    train = commands.add_parser("train", help="train a network (foreground unless --background)")
    source = train.add_mutually_exclusive_group()
    source.add_argument("--preset", default="cifar10_alexnet", help="a preset id")
    source.add_argument("--spec", help="a spec JSON file (as the Build page downloads)")
    train.add_argument(
        "--recipe",
        choices=sorted(RECIPES),
        default="tutorial",
        help="tutorial (adam, batch 32, 5 epochs: the tutorial's results) or recommended "
        "(adamw, one-cycle, batch 128, flips and crops, 15 epochs)",
    )
    data = train.add_mutually_exclusive_group()
    data.add_argument("--data-path", help="CIFAR-10 archive or folder (else $CIFAR10_PATH, cache)")
    data.add_argument("--sample", action="store_true", help="the CIFAR-10 sample in the repo")
    data.add_argument("--random-data", action="store_true", help="the tutorial's random noise")
    train.add_argument("--name", default="", help="a label for the run")
    train.add_argument("--tags", default="", help="comma-separated labels")
    _add_config_flags(train)

    resume = commands.add_parser("resume", help="continue a stopped or interrupted run")
    resume.add_argument("run_id")
    for sub in (train, resume):
        sub.add_argument("--background", action="store_true", help="queue it and return")
        sub.add_argument("--threads", type=int, default=None, help="TensorFlow intra-op threads")

    stop = commands.add_parser("stop", help="stop a run (within one batch)")
    stop.add_argument("run_id")
    listing = commands.add_parser("list", help="list runs, newest first")
    worker = commands.add_parser("worker", help="(internal) train one queued run")
    worker.add_argument("run_id")
    worker.add_argument("--threads", type=int, default=None)
    for sub in (train, resume, stop, listing, worker):
        sub.add_argument("--runs-dir", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    store = RunStore(args.runs_dir)
    handlers = {
        "train": cmd_train,
        "resume": cmd_resume,
        "stop": cmd_stop,
        "list": cmd_list,
        "worker": cmd_worker,
    }
    if args.command in ("train", "resume", "worker"):
        from alexnet.jobs.worker import leave_out_unused_modules
        from alexnet.training.tf_quiet import import_tensorflow_quietly

        if argv is None:  # this process is the command, and it only trains from here on
            leave_out_unused_modules()
        import_tensorflow_quietly()
    try:
        return handlers[args.command](args, store)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
