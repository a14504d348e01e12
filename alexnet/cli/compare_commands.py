"""`experiment bn` and `inside`: the Compare page's experiment and what it shows inside the
networks, from a terminal.

    python -m alexnet experiment bn --seeds 3
    python -m alexnet experiment bn --learning-rates 0.001,0.003,0.01,0.03
    python -m alexnet inside RUN

The experiment is checked whole before a run is created: a bad rate, seed count or data
path is refused with the reason and exit code 2. It prints each change of the runs' progress,
then the final figures; a run that failed ends the command with its reason and exit code 1.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from typing import Any

from alexnet.cli.output import percent, say, say_json, table
from alexnet.cli.run_commands import existing_run
from alexnet.cli.train_commands import add_data_choice
from alexnet.config.checks import ConfigError
from alexnet.data.status import data_status
from alexnet.jobs import bn_experiment
from alexnet.store.inside import (
    inside_records,
    landscape_series,
    mean_after_start,
    summary_rows,
)
from alexnet.store.rate_sweep import RatePoint, learning_rates, rate_means, rate_points
from alexnet.store.run_store import ACTIVE_STATES, RunStore

NO_RECORDS = (
    "Run {run_id} has recorded nothing inside its network; runs record with "
    "--inside-records-per-epoch 2 (`experiment bn` does)."
)
LANDSCAPE = ("loss_variation", "gradient_predictiveness", "beta_smoothness")


def _progress_line(infos: list[Any]) -> str:
    parts = []
    for info in infos:
        epoch, epochs = info.status.get("epoch", 0), info.status.get("epochs")
        where = f" {epoch}/{epochs}" if epochs and info.state in ACTIVE_STATES else ""
        parts.append(f"{info.name}: {info.state}{where}")
    return "; ".join(parts)


def _figures(store: RunStore, run_ids: tuple[str, ...]) -> list[dict[str, Any]]:
    """The Compare page's final-figures table of these runs, one dict per run."""
    # pandas, only here: a worker process starts through this module and never needs it
    # (`alexnet.jobs.worker.UNUSED_IN_TRAINING`).
    from alexnet.charts.comparison_table import comparison_table
    from alexnet.store.overview import run_data

    runs = [d for d in (run_data(store, r) for r in run_ids) if d is not None]
    frame = comparison_table(runs)
    return [
        {k: (None if v != v else v) for k, v in row.items()}  # NaN -> None
        for row in frame.to_dict(orient="records")
    ]


def _experiment_data(args: argparse.Namespace) -> dict[str, Any]:
    """The data flags as `start_experiment`'s data_source and data_path."""
    if args.sample:
        return {"data_source": "sample", "data_path": None}
    if args.data_path:
        return {"data_source": "cifar10", "data_path": args.data_path}
    found = data_status()  # what the Compare page would use
    return {"data_source": found.run_source, "data_path": found.path and str(found.path)}


def _watch(store: RunStore, ids: tuple[str, ...], quiet: bool) -> list[Any]:
    """Print each change of the runs' progress until all have ended; Ctrl+C stops them,
    a second Ctrl+C leaves them training in the background. Returns their last infos."""
    stopping = []

    def interrupt(*_: object) -> None:
        if stopping:
            raise KeyboardInterrupt
        stopping.append(True)
        say("stopping the experiment (Ctrl+C again to leave it running in the background)")
        for run_id in ids:
            store.request_stop(run_id)

    signal.signal(signal.SIGINT, interrupt)
    shown = ""
    while True:
        infos = [store.get(r) for r in ids]
        line = _progress_line(infos)
        if line != shown and not quiet:
            say(line)
            shown = line
        if not any(i.state in ACTIVE_STATES for i in infos):
            return infos
        time.sleep(1.0)


def _say_figures(figures: list[dict[str, Any]]) -> None:
    rows = [
        [
            f["run"],
            f["state"],
            f["epochs"],
            percent(f["best val accuracy"]),
            percent(f["test accuracy"]),
            f"{f['images/s']:,.0f}" if f["images/s"] else "-",
        ]
        for f in figures
    ]
    headers = ("run", "state", "epochs", "best val accuracy", "test accuracy", "images/s")
    say(table(rows, headers, right=(2, 3, 4, 5)))


def _rate_list(text: str) -> list[float]:
    """--learning-rates: numbers separated by commas (the core checks their values)."""
    rates = []
    for part in text.split(","):
        try:
            rates.append(float(part))
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{part.strip()!r} is not a number; give rates such as 0.001,0.01"
            ) from None
    return rates


def _say_sweep(points: list[RatePoint]) -> None:
    """Final validation accuracy per rate, without and with batch normalization."""
    means = {bn: {m.learning_rate: m.mean for m in rate_means(points, bn)} for bn in (False, True)}
    rows = [
        [f"{rate:g}", percent(means[False].get(rate)), percent(means[True].get(rate))]
        for rate in learning_rates(points)
    ]
    say("final validation accuracy by learning rate (mean over seeds)")
    say(table(rows, ("learning rate", "No BN", "BatchNorm"), right=(0, 1, 2)))


def cmd_experiment(args: argparse.Namespace, store: RunStore) -> int:
    experiment = bn_experiment.start_experiment(
        store,
        train_size=args.train_size,
        epochs=args.epochs,
        seeds=args.seeds,
        first_seed=args.first_seed,
        learning_rate=args.learning_rate,
        learning_rates=args.learning_rates,
        **_experiment_data(args),
    )
    if not args.json:
        rates = ", ".join(f"{r:g}" for r in experiment.learning_rates)
        say(
            f"experiment {experiment.experiment_id}: {len(experiment.pairs)} pair(s), "
            f"{experiment.train_size:,} images, {args.epochs} epochs, "
            f"learning rate{'s' if len(experiment.learning_rates) > 1 else ''} {rates}"
        )
    infos = _watch(store, experiment.run_ids, quiet=args.json)
    figures = _figures(store, experiment.run_ids)
    if args.json:
        rates = list(experiment.learning_rates)
        say_json({"experiment": experiment.experiment_id, "learning_rates": rates, "runs": figures})
    else:
        say()
        _say_figures(figures)
        if len(experiment.learning_rates) > 1:
            say()
            _say_sweep(rate_points(store, experiment.run_ids))
    failed = [i for i in infos if i.state == "failed"]
    for info in failed:
        print(f"run {info.run_id} failed: {info.status.get('error')}", file=sys.stderr)
    return 1 if failed else 0


def _number(value: Any) -> str:
    return "-" if value is None else f"{value:.3g}"


def _three(values: list[Any] | None) -> str:
    return "-" if not values else "/".join(f"{v:+.3f}" for v in values)


def cmd_inside(args: argparse.Namespace, store: RunStore) -> int:
    run_id = existing_run(store, args.run_id)
    records = inside_records(store, run_id)
    if not records:
        raise ConfigError(NO_RECORDS, run_id=run_id)
    rows = summary_rows(records)
    landscape = {f: mean_after_start(landscape_series(records, f)) for f in LANDSCAPE}
    if args.json:
        say_json(
            {"run_id": run_id, "layers": rows, "landscape_mean_after_start": landscape,
             "records": records}
        )  # fmt: skip
        return 0
    last = records[-1]
    say(
        f"run {run_id} ({store.get(run_id).name}): {len(records)} records on "
        f"{last.get('probe_images', '?')} probe images, steps 0 to {last['step']} "
        f"(epoch {last.get('epoch', 0):.2f})"
    )
    say("p15/p50/p85: the activation input's percentiles at the first and the last record;")
    say("moved: the median's largest distance from its start, also over the start's p15-p85")
    say()
    cells = [
        [r["layer"], _three(r["start p15/p50/p85"]), _three(r["end p15/p50/p85"]),
         _number(r["median moved"]), _number(r["moved / spread"]), _number(r["grad norm"])]
        for r in rows
    ]  # fmt: skip
    headers = ("layer", "start p15/p50/p85", "end p15/p50/p85", "moved", "/ p15-p85",
               "last grad norm")  # fmt: skip
    say(table(cells, headers, right=(3, 4, 5)))
    say()
    say(
        "loss landscape, mean after step 0: "
        + ", ".join(f"{f.replace('_', ' ')} {_number(v)}" for f, v in landscape.items())
    )
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    inside = commands.add_parser(
        "inside", help="what a run recorded inside its network: a table per layer"
    )
    inside.add_argument("run_id", metavar="RUN")
    inside.add_argument("--json", action="store_true", help="print every record as JSON")
    inside.set_defaults(handler=cmd_inside)

    experiment = commands.add_parser(
        "experiment", help="a classroom experiment, as on the Compare page"
    )
    kinds = experiment.add_subparsers(dest="experiment", required=True, metavar="KIND")
    bn = kinds.add_parser(
        "bn", help="the CIFAR-10 AlexNet with and without batch normalization, side by side"
    )
    bn.add_argument(
        "--seeds", type=int, default=1, help=f"pairs, one per seed (1 to {bn_experiment.MAX_SEEDS})"
    )
    bn.add_argument("--first-seed", type=int, default=0, help="the first pair's seed")
    bn.add_argument(
        "--train-size",
        type=int,
        default=None,
        help="training images (default: "
        f"{bn_experiment.DEFAULT_TRAIN_SIZE:,}, or all the sample's 2,500)",
    )
    bn.add_argument(
        "--epochs", type=int, default=bn_experiment.DEFAULT_EPOCHS, help="epochs per run"
    )
    rates = bn.add_mutually_exclusive_group()
    rates.add_argument(
        "--learning-rate",
        type=float,
        default=bn_experiment.DEFAULT_LEARNING_RATE,
        help="Adam's step size; 0.01 shows batch normalization's larger steps",
    )
    rates.add_argument(
        "--learning-rates",
        type=_rate_list,
        metavar="R1,R2,...",
        help="several step sizes, one pair per rate and seed, e.g. "
        + ",".join(f"{r:g}" for r in bn_experiment.RATE_SWEEP)
        + ": final accuracy against the rate",
    )
    add_data_choice(bn, random=False)
    bn.add_argument("--json", action="store_true", help="print the final figures as JSON")
    bn.set_defaults(handler=cmd_experiment)
