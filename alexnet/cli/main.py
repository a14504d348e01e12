"""`python -m alexnet`: everything the app does, from a terminal, through the same core code.

    python -m alexnet summary --preset cifar10_alexnet       the Build page's layer table
    python -m alexnet code --spec my_net.json -o my_net.py   ... and its Keras code
    python -m alexnet spec --preset cifar10_alexnet_bn       a spec to edit
    python -m alexnet train --preset cifar10_alexnet         the Train page
    python -m alexnet experiment bn --seeds 3                the Compare page's experiment
    python -m alexnet inside RUN                             ... and what it shows inside
    python -m alexnet list | stop | resume | delete | export the Runs page
    python -m alexnet import run.zip ...                     ... and its uploader
    python -m alexnet evaluate RUN                           the Inspect page's evaluation
    python -m alexnet predict RUN photo.jpg                  the Predict page

Exit codes: 0 done; 2 a bad input (one line on stderr says what to change); 1 a run that
failed while training (its reason on stderr). Runs go to `--runs-dir`, else
$ALEXNET_RUNS_DIR, else runs/ beside app.py. `ALEXNET_DEBUG=1` shows the traceback of an
unexpected error.
"""

from __future__ import annotations

import argparse
import os
import sys

# Before anything imports TensorFlow: hide its C++ start-up log (oneDNN, cuInit, absl) on the
# terminal (see alexnet.training.tf_quiet); errors still show. TF_CPP_MIN_LOG_LEVEL=0 keeps it.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from alexnet.cli import (
    compare_commands,
    import_commands,
    network_commands,
    run_commands,
    train_commands,
)
from alexnet.jobs.worker import leave_out_unused_modules
from alexnet.store.run_store import RunStore
from alexnet.training.tf_quiet import import_tensorflow_quietly

TRAINING = ("train", "resume", "worker")  # this process trains, and nothing else
WITH_TENSORFLOW = (*TRAINING, "evaluate", "predict", "import")  # import loads each model
BAD_INPUT = 2
FAILED = 1


class _Parser(argparse.ArgumentParser):
    """argparse, with a wrong argument reported in one line (and no usage block)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"{self.prog}: {message} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m alexnet",
        description="AlexNet Lab without the app: the same networks, runs and figures.",
        epilog="`python -m alexnet COMMAND --help` explains each command.",
    )
    parser.add_argument("--runs-dir", help="runs directory (default: $ALEXNET_RUNS_DIR or runs/)")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )
    network_commands.add_commands(commands)
    train_commands.add_commands(commands)
    compare_commands.add_commands(commands)
    run_commands.add_commands(commands)
    import_commands.add_commands(commands)
    _runs_dir_after_the_command(commands)
    return parser


def _runs_dir_after_the_command(commands: argparse._SubParsersAction) -> None:
    # `python -m alexnet list --runs-dir X` as well as `python -m alexnet --runs-dir X list`.
    for sub in commands.choices.values():
        nested = [a for a in sub._actions if isinstance(a, argparse._SubParsersAction)]
        if nested:
            _runs_dir_after_the_command(nested[0])
        else:
            sub.add_argument("--runs-dir", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def _start_tensorflow(command: str, this_process_is_the_command: bool) -> None:
    if this_process_is_the_command and command in TRAINING:
        leave_out_unused_modules()  # a training process never needs pandas or IPython
    import_tensorflow_quietly()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        store = RunStore(args.runs_dir)
        if args.command in WITH_TENSORFLOW:
            _start_tensorflow(args.command, argv is None)
        return args.handler(args, store)
    except BrokenPipeError:
        return 0  # the reader stopped reading (`list | head -1`): nothing more to say
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (ValueError, OSError) as error:
        if os.environ.get("ALEXNET_DEBUG"):
            raise
        print(f"error: {_one_line(error)}", file=sys.stderr)
        return BAD_INPUT
    except Exception as error:
        if os.environ.get("ALEXNET_DEBUG"):
            raise
        print(
            f"error: {type(error).__name__}: {_one_line(error)} (unexpected; run again with "
            "ALEXNET_DEBUG=1 to see where)",
            file=sys.stderr,
        )
        return FAILED


def _one_line(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        where = f": {error.filename}" if error.filename else ""
        return f"{error.strerror}{where}"
    return " ".join(str(error).split())
