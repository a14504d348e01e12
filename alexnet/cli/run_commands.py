"""`list`, `stop`, `evaluate`, `predict`, `export` and `delete`: the Runs, Inspect and Predict
pages' work on stored runs, in a terminal.

    python -m alexnet list
    python -m alexnet evaluate RUN --csv results/
    python -m alexnet predict --shipped bn photo.jpg
    python -m alexnet export RUN -o run.zip
    python -m alexnet delete RUN --yes
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any

import numpy as np

from alexnet.analysis.evaluation import Evaluation, predict_probabilities
from alexnet.analysis.images import prepare_image, read_image_file
from alexnet.analysis.models import load_model, model_class_names, model_input_shape
from alexnet.cli.network_commands import NO_FOLDER
from alexnet.cli.output import percent, say, say_json, table
from alexnet.config.checks import ConfigError
from alexnet.store.class_runs import arms
from alexnet.store.export import export_to_file
from alexnet.store.run_store import ACTIVE_STATES, RUN_ID_PATTERN, RunStore
from alexnet.store.shipped import MODEL_FILE, shipped_runs, shipped_store

NO_RUN = "There is no run {run_id} in {root}; `python -m alexnet list` shows the runs there."
STILL_TRAINING = "Run {run_id} is {state}; {what} once it has stopped or finished."
NO_MODEL = "Run {run_id} has no saved model yet: it stopped before its first epoch ended."
NO_SHIPPED = "There is no shipped {kind} model in {folder}."
NOT_A_FOLDER = "{path} is not a folder; give a folder for the CSV files."
WANTS_ZIP = "{path} should end in .zip."
ASK_FIRST = "Delete run {run_id} ({name}) for good? Its metrics, checkpoints and model go. [y/N] "
NOT_ASKED = "Deleting needs a yes: add --yes to delete run {run_id} without being asked."
ONE_MODEL = "Name one model: a RUN id, or --shipped bn or --shipped plain."
FILE_EXISTS = "{path} already exists; give another file name, or add --force to replace it."


def existing_run(store: RunStore, run_id: str) -> str:
    """`run_id` if the store holds it (ValueError naming the store otherwise)."""
    if not store.exists(run_id):
        store.run_dir(run_id)  # a malformed id gets its own message first
        raise ConfigError(NO_RUN, run_id=run_id, root=str(store.root))
    return run_id


def cmd_list(args: argparse.Namespace, store: RunStore) -> int:
    infos = store.list()
    if args.json:
        say_json(
            [{"run_id": i.run_id, "name": i.name, "state": i.state, **i.status} for i in infos]
        )
        return 0
    if not infos:  # on stderr: a script reading the list still reads nothing
        print(f"no runs in {store.root}; start one with `python -m alexnet train`", file=sys.stderr)
        return 0
    for info in infos:
        epoch, epochs = info.status.get("epoch"), info.status.get("epochs")
        progress = f"{epoch}/{epochs}" if epochs else ""
        line = f"{info.run_id}  {info.state:<11}  {progress:>7}  {info.name}"
        reason = info.problem if info.damaged else info.status.get("error")
        if reason and info.state in ("failed", "interrupted", "damaged"):
            line += f"  ({reason})"
        say(line)
    _say_arms(store, infos)
    return 0


def _say_arms(store: RunStore, infos: list[Any]) -> None:
    """Runs trained alike (several seeds of one network and recipe, from any machine), as
    Compare draws them: one band each."""
    groups = [members for members in arms(store, infos).values() if len(members) > 1]
    if not groups:
        return
    say()
    say("trained alike (Compare draws each as one band):")
    for members in groups:
        accuracies = [
            float(e["accuracy"])
            for e in (store.read_evaluation(i.run_id) or {} for i in members)
            if isinstance(e.get("accuracy"), int | float)
        ]
        name = members[0].arm_name or members[0].name
        line = f"  {len(members):>3} runs  {name}"
        if accuracies:
            mean = sum(accuracies) / len(accuracies)
            line += (
                f"  test accuracy mean {percent(mean)} (from {percent(min(accuracies))} to "
                f"{percent(max(accuracies))}, {len(accuracies)} runs)"
            )
        say(line)


def cmd_stop(args: argparse.Namespace, store: RunStore) -> int:
    status = store.request_stop(existing_run(store, args.run_id))
    say(f"run {args.run_id}: {status.get('state')}")
    return 0


def _evaluation(store: RunStore, run_id: str) -> dict[str, Any]:
    """The run's evaluation.json, computing it first where the run has a model but none."""
    evaluation = store.read_evaluation(run_id)
    if evaluation is not None:
        return evaluation
    state = store.get(run_id).state
    if state in ACTIVE_STATES:
        raise ConfigError(STILL_TRAINING, run_id=run_id, state=state, what="evaluate it")
    if store.best_checkpoint(run_id) is None:
        raise ConfigError(NO_MODEL, run_id=run_id)
    # TensorFlow, only when a model must be evaluated: `list` or `export` start without it.
    from alexnet.training.final_evaluation import evaluate_run
    from alexnet.training.fit import load_data

    config = store.read_config(run_id)
    say(f"evaluating run {run_id} on its test images...")
    evaluate_run(store, run_id, load_data(config.data, config.spec, config.training), {})
    return store.read_evaluation(run_id) or {}


def _write_csv(folder: Path, name: str, rows: list[list[Any]]) -> Path:
    path = folder / name
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


def cmd_evaluate(args: argparse.Namespace, store: RunStore) -> int:
    run_id = existing_run(store, args.run_id)
    folder = None
    if args.csv:
        folder = Path(args.csv).expanduser()
        if folder.exists() and not folder.is_dir():
            raise ConfigError(NOT_A_FOLDER, path=str(folder))
    evaluation = Evaluation.from_dict(_evaluation(store, run_id))
    stored = store.read_evaluation(run_id) or {}
    names = list(evaluation.class_names)
    matrix = evaluation.confusion_matrix
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        records = evaluation.per_class_records()
        per_class = [list(records[0]), *(list(r.values()) for r in records)]
        confusion = [["true \\ predicted", *names]]
        confusion += [[names[i], *map(int, row)] for i, row in enumerate(matrix)]
        written = [
            _write_csv(folder, "per_class.csv", per_class),
            _write_csv(folder, "confusion_matrix.csv", confusion),
        ]
    if args.json:
        say_json({k: v for k, v in stored.items() if k not in ("y_true", "y_pred")})
        return 0
    say(f"run {run_id}: {evaluation.data_description or 'test images'}")
    say(
        f"test accuracy {percent(evaluation.accuracy)}, top-{min(5, len(names))} "
        f"{percent(evaluation.top5_accuracy)}, loss {evaluation.loss:.4f} on "
        f"{evaluation.num_examples:,} images ({stored.get('weights', '?')} checkpoint)"
    )
    say()
    rows = [
        [r["class"], f"{r['images']:,}", percent(r["precision"]), percent(r["recall"])]
        for r in evaluation.per_class_records()
    ]
    say(table(rows, ("class", "images", "precision", "accuracy"), right=(1, 2, 3)))
    if len(names) <= 20:
        say()
        say("confusion matrix (rows: true class, columns: predicted)")
        short = [name[:6] for name in names]
        say(
            table(
                [[short[i], *map(int, row)] for i, row in enumerate(matrix)],
                ["", *short],
                right=range(1, len(names) + 1),
            )
        )
    if folder is not None:
        say()
        say("wrote " + ", ".join(str(p) for p in written))
    return 0


def _model_path(args: argparse.Namespace, store: RunStore) -> tuple[Path, str, str | None]:
    """(model file, a label, its data source) of RUN or --shipped."""
    if args.shipped:
        shipped = shipped_store()
        for info in shipped_runs(shipped):
            if shipped.read_config(info.run_id).spec.uses_batch_norm == (args.shipped == "bn"):
                path = shipped.run_dir(info.run_id) / MODEL_FILE
                return path, f"shipped {info.name}", "cifar10"
        raise ConfigError(NO_SHIPPED, kind=args.shipped, folder=str(shipped.root))
    run_id = existing_run(store, args.run)
    state = store.get(run_id).state
    if state in ACTIVE_STATES:
        raise ConfigError(STILL_TRAINING, run_id=run_id, state=state, what="predict with it")
    found = store.best_checkpoint(run_id)
    if found is None:
        raise ConfigError(NO_MODEL, run_id=run_id)
    source = store.read_config(run_id).data.source
    return found[0], f"run {run_id} ({found[1]} checkpoint)", source


def cmd_predict(args: argparse.Namespace, store: RunStore) -> int:
    if args.shipped and args.run and not RUN_ID_PATTERN.fullmatch(args.run):
        args.images, args.run = [args.run, *args.images], None  # with --shipped: all images
    if bool(args.shipped) == bool(args.run):
        raise ConfigError(ONE_MODEL)
    path, label, source = _model_path(args, store)
    pictures = [read_image_file(image) for image in args.images]  # all readable, then predict
    model = load_model(path)
    names = model_class_names(model, source)
    shape = model_input_shape(model)
    x = np.stack([prepare_image(picture, shape) for picture in pictures])
    probabilities = predict_probabilities(model, x)
    results = []
    for image, row in zip(args.images, probabilities, strict=True):
        top = np.argsort(row)[::-1][: min(5, len(names))]
        results.append(
            {
                "image": image,
                "top": [{"class": names[k], "probability": float(row[k])} for k in top],
            }
        )
    if args.json:
        say_json({"model": label, "predictions": results})
        return 0
    say(f"model: {label}")
    for result in results:
        say()
        say(result["image"])
        for rank, guess in enumerate(result["top"], start=1):
            say(f"  {rank}. {guess['class']:<12} {percent(guess['probability']):>6}")
    return 0


def cmd_export(args: argparse.Namespace, store: RunStore) -> int:
    run_id = existing_run(store, args.run_id)
    path = Path(args.output).expanduser()
    if path.suffix.lower() != ".zip":
        raise ConfigError(WANTS_ZIP, path=str(path))
    if path.exists() and not args.force:
        raise ConfigError(FILE_EXISTS, path=str(path))
    if not path.parent.is_dir():
        raise ConfigError(NO_FOLDER, path=str(path), folder=str(path.parent))
    size = export_to_file(store, run_id, path)
    say(f"wrote {path} ({size / 1024:,.0f} KB)")
    return 0


def cmd_delete(args: argparse.Namespace, store: RunStore) -> int:
    info = store.get(existing_run(store, args.run_id))
    if not args.yes:
        if not sys.stdin.isatty():
            raise ConfigError(NOT_ASKED, run_id=info.run_id)
        answer = input(ASK_FIRST.format(run_id=info.run_id, name=info.name))
        if answer.strip().lower() not in ("y", "yes"):
            say("nothing deleted")
            return 0
    store.delete(info.run_id)  # refused while queued or training: stop it first
    say(f"run {info.run_id} deleted")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    listing = commands.add_parser("list", help="the runs, newest first, with why any failed")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_list)

    stop = commands.add_parser("stop", help="stop a run (within one batch)")
    stop.add_argument("run_id", metavar="RUN")
    stop.set_defaults(handler=cmd_stop)

    evaluate = commands.add_parser(
        "evaluate", help="a run's test accuracy, per-class accuracy and confusion matrix"
    )
    evaluate.add_argument("run_id", metavar="RUN")
    evaluate.add_argument(
        "--csv",
        metavar="DIR",
        help="also write per_class.csv and confusion_matrix.csv to this folder",
    )
    evaluate.add_argument("--json", action="store_true", help="print evaluation.json")
    evaluate.set_defaults(handler=cmd_evaluate)

    predict = commands.add_parser(
        "predict", help="the top 5 classes of images, as the Predict page shows them"
    )
    predict.add_argument("run", metavar="RUN", nargs="?", help="a finished or stopped run")
    predict.add_argument("--shipped", choices=("bn", "plain"), help="a shipped model instead")
    predict.add_argument("images", metavar="IMAGE", nargs="+", help="image files (20 MB each)")
    predict.add_argument("--json", action="store_true", help="print JSON")
    predict.set_defaults(handler=cmd_predict)

    export = commands.add_parser(
        "export",
        help="a run as a zip: config, metrics, evaluation, model, checkpoints, TensorBoard logs",
    )
    export.add_argument("run_id", metavar="RUN")
    export.add_argument("-o", "--output", metavar="FILE.zip", required=True)
    export.add_argument("--force", action="store_true", help="replace FILE.zip if it exists")
    export.set_defaults(handler=cmd_export)

    delete = commands.add_parser("delete", help="delete a run that is not queued or training")
    delete.add_argument("run_id", metavar="RUN")
    delete.add_argument("--yes", action="store_true", help="do not ask first")
    delete.set_defaults(handler=cmd_delete)
