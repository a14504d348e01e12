"""`train`, `resume` and `worker`: training from a terminal.

    python -m alexnet train --preset cifar10_alexnet --recipe recommended --epochs 3
    python -m alexnet train --spec my_net.json --sample --train-size 500 --batch-size 64
    python -m alexnet resume RUN

`train` and `resume` run in the foreground (Ctrl+C stops cleanly with a checkpoint) unless
`--background` hands the run to the queue, as the app does. Everything is checked before a
run is created: a network that cannot be built, data it cannot take, or more random images
than fit in memory is refused with the reason and exit code 2. A run that fails while
training ends the command with its reason and exit code 1.
"""

from __future__ import annotations

import argparse
import dataclasses
import signal
import sys
from typing import Any

from alexnet.cli.network_commands import add_spec_choice, spec_from_args
from alexnet.cli.output import say, say_json
from alexnet.cli.run_commands import existing_run
from alexnet.config.training import (
    CONFIG_HELP,
    OPTIMIZERS,
    RECIPES,
    SCHEDULES,
    STRATEGIES,
    TrainConfig,
)
from alexnet.jobs.run_queue import RunQueue, enqueue, resume_run
from alexnet.jobs.worker import execute, prepare_resume
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


def _data_from_args(args: argparse.Namespace) -> dict[str, Any]:
    source = "random" if args.random_data else "sample" if args.sample else "cifar10"
    return {"data_source": source, "data_path": args.data_path}


def _print_epoch(record: dict[str, Any]) -> None:
    parts = [f"epoch {record['epoch']}"]
    for key in ("loss", "accuracy", "val_loss", "val_accuracy", "images_per_second"):
        if record.get(key) is not None:
            parts.append(f"{key} {record[key]:.4g}")
    say("  ".join(parts))


def _foreground(store: RunStore, run_id: str, threads: int | None, as_json: bool) -> int:
    def interrupt(*_: object) -> None:
        # Ctrl+C = Stop: finish the batch, save a checkpoint, exit as 'stopped'.
        if store.stop_file(run_id).exists():
            raise KeyboardInterrupt  # a second Ctrl+C: stop at once
        say("stopping after this batch (Ctrl+C again to quit at once)")
        store.stop_file(run_id).touch()

    signal.signal(signal.SIGINT, interrupt)
    try:
        state = execute(store, run_id, threads=threads, progress=None if as_json else _print_epoch)
    finally:
        RunQueue(store).start_due()  # runs queued from the app meanwhile get their turn
    status = store.read_status(run_id)
    evaluation = store.read_evaluation(run_id)
    if as_json:
        say_json({"run_id": run_id, **status, "evaluation": _headline(evaluation)})
    else:
        say(f"run {run_id}: {state}")
        if evaluation:
            say(f"test loss {evaluation['loss']:.4f}  test accuracy {evaluation['accuracy']:.4f}")
    if state == "failed":
        log = store.path(run_id, "worker.log")
        print(f"run {run_id} failed: {status.get('error')} (details: {log})", file=sys.stderr)
        return 1
    return 0


def _headline(evaluation: dict[str, Any] | None) -> dict[str, Any] | None:
    if evaluation is None:
        return None
    keys = ("accuracy", "top5_accuracy", "loss", "test_images", "weights")
    return {k: evaluation.get(k) for k in keys}


def cmd_train(args: argparse.Namespace, store: RunStore) -> int:
    spec, config = spec_from_args(args), _config_from_args(args)
    run_id = enqueue(
        store,
        spec,
        config,
        name=args.name or spec.name,
        tags=[t for t in args.tags.split(",") if t],
        start=False,
        **_data_from_args(args),
    )
    if not args.json:
        say(run_id)
    if args.background:
        RunQueue(store).start_due()
        if args.json:
            say_json({"run_id": run_id, **store.read_status(run_id)})
        return 0
    return _foreground(store, run_id, args.threads, args.json)


def cmd_resume(args: argparse.Namespace, store: RunStore) -> int:
    run_id = existing_run(store, args.run_id)
    if args.background:
        resume_run(store, run_id)
        return 0
    prepare_resume(store, run_id)
    return _foreground(store, run_id, args.threads, args.json)


def cmd_worker(args: argparse.Namespace, store: RunStore) -> int:
    try:
        state = execute(store, args.run_id, threads=args.threads)
    finally:
        RunQueue(store).start_due()  # hand the slot to the next queued run
    return 1 if state == "failed" else 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    train = commands.add_parser("train", help="train a network (foreground unless --background)")
    add_spec_choice(train, default="cifar10_alexnet")
    train.add_argument(
        "--recipe",
        choices=sorted(RECIPES),
        default="tutorial",
        help="tutorial (adam, batch 32, 5 epochs: the tutorial's results), recommended "
        "(adamw, one-cycle, batch 128, flips and crops, 15 epochs) or fast (recommended in "
        "10 epochs, weight decay 0.05, 2-pixel crops, all training images, no validation split); "
        "the Train page's three recipe buttons",
    )
    add_data_choice(train, random=True)
    train.add_argument("--name", default="", help="a label for the run")
    train.add_argument("--tags", default="", help="comma-separated labels")
    _add_config_flags(train)
    train.set_defaults(handler=cmd_train)

    resume = commands.add_parser("resume", help="continue a stopped, interrupted or failed run")
    resume.add_argument("run_id", metavar="RUN")
    resume.set_defaults(handler=cmd_resume)
    for sub in (train, resume):
        sub.add_argument("--background", action="store_true", help="queue it and return")
        sub.add_argument("--threads", type=int, default=None, help="TensorFlow intra-op threads")
        sub.add_argument("--json", action="store_true", help="print the outcome as JSON")

    worker = commands.add_parser("worker", help="(internal) train one queued run")
    worker.add_argument("run_id")
    worker.add_argument("--threads", type=int, default=None)
    worker.set_defaults(handler=cmd_worker)


def add_data_choice(parser: argparse.ArgumentParser, *, random: bool) -> None:
    data = parser.add_mutually_exclusive_group()
    data.add_argument("--data-path", help="CIFAR-10 archive or folder (else $CIFAR10_PATH, cache)")
    data.add_argument("--sample", action="store_true", help="the CIFAR-10 sample in the repo")
    if random:
        data.add_argument("--random-data", action="store_true", help="the tutorial's random noise")
    else:
        parser.set_defaults(random_data=False)
