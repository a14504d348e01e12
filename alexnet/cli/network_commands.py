"""`summary`, `code` and `spec`: what the Build page shows, in a terminal (no runs involved).

python -m alexnet summary --preset cifar10_alexnet_bn
python -m alexnet code --spec my_net.json -o my_net.py
python -m alexnet spec --preset cifar10_alexnet -o my_net.json
"""

from __future__ import annotations

import argparse
from pathlib import Path

from alexnet.cli.output import say, say_json, table
from alexnet.config.checks import ConfigError
from alexnet.config.presets import PRESETS, get_preset
from alexnet.config.spec import ModelSpec
from alexnet.config.spec_json import read_spec_file, spec_to_dict, spec_to_json
from alexnet.network.codegen import generate_code
from alexnet.network.layer_table import layer_table
from alexnet.store.run_store import RunStore

NO_FOLDER = "Cannot write {path}: its folder {folder} does not exist."
EXISTS = "{path} already exists; give another file name, or add --force to replace it."
COLUMNS = (
    "layer",
    "type",
    "output shape",
    "params",
    "trainable",
    "non-trainable",
    "MACs",
    "activation KB",
)


def add_spec_choice(parser: argparse.ArgumentParser, *, default: str | None = None) -> None:
    """--preset ID or --spec FILE (one of them; `default` when neither is given)."""
    choice = parser.add_mutually_exclusive_group(required=default is None)
    choice.add_argument(
        "--preset",
        choices=list(PRESETS),
        default=default,
        help=f"one of the tutorial's networks{f' (default {default})' if default else ''}",
    )
    choice.add_argument("--spec", metavar="FILE", help="a spec JSON file (as Build downloads)")


def spec_from_args(args: argparse.Namespace) -> ModelSpec:
    """The network --preset or --spec names (ValueError with the reason if it cannot be read)."""
    return read_spec_file(args.spec) if args.spec else get_preset(args.preset)


def add_output(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", help=f"write {what} there (else: print)")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def write_or_print(text: str, args: argparse.Namespace) -> None:
    """Print `text`, or write it to --output (refusing to replace a file without --force)."""
    if not args.output:
        say(text.rstrip("\n"))
        return
    path = Path(args.output).expanduser()
    if not path.parent.is_dir():
        raise ConfigError(NO_FOLDER, path=str(path), folder=str(path.parent))
    if path.exists() and not args.force:
        raise ConfigError(EXISTS, path=str(path))
    path.write_text(text, encoding="utf-8")
    say(f"wrote {path} ({len(text.splitlines())} lines)")


def cmd_summary(args: argparse.Namespace, store: RunStore) -> int:
    spec = spec_from_args(args)
    table_ = layer_table(spec)
    records = table_.to_records()
    totals = {
        "parameters": table_.total_params,
        "trainable": table_.trainable_params,
        "non_trainable": table_.non_trainable_params,
        "macs_per_image": table_.total_macs,
        "training_flops_per_image": table_.training_flops_per_image,
        "activation_bytes_per_image": table_.activation_bytes,
        "weight_megabytes": table_.weight_megabytes,
    }
    if args.json:
        say_json({"spec": spec_to_dict(spec), "layers": records, "totals": totals})
        return 0
    h, w, c = spec.input_shape
    say(f"{spec.name}: input {h}x{w}x{c}, {spec.num_classes:,} classes")
    rows = [[r[column] for column in COLUMNS] for r in records]
    for row in rows:
        row[3:7] = [f"{v:,}" for v in row[3:7]]
    say(table(rows, COLUMNS, right=(3, 4, 5, 6, 7)))
    say()
    say(
        f"parameters          {table_.total_params:,} (trainable {table_.trainable_params:,}, "
        f"non-trainable {table_.non_trainable_params:,}; {table_.weight_megabytes:.2f} MB)"
    )
    say(f"multiply-adds       {table_.total_macs:,} per image (forward pass)")
    say(f"training FLOPs      {table_.training_flops_per_image:,} per image (about 6 x MACs)")
    say(f"activation memory   {table_.activation_bytes / 1024:,.1f} KB per image (float32)")
    return 0


def cmd_code(args: argparse.Namespace, store: RunStore) -> int:
    write_or_print(generate_code(spec_from_args(args)), args)
    return 0


def cmd_spec(args: argparse.Namespace, store: RunStore) -> int:
    write_or_print(spec_to_json(get_preset(args.preset)) + "\n", args)
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    summary = commands.add_parser(
        "summary", help="the layer table and totals of a network (as on the Build page)"
    )
    add_spec_choice(summary)
    summary.add_argument("--json", action="store_true", help="print JSON instead of a table")
    summary.set_defaults(handler=cmd_summary)

    code = commands.add_parser("code", help="the Keras code of a network (as Build shows it)")
    add_spec_choice(code)
    add_output(code, "the code")
    code.set_defaults(handler=cmd_code)

    spec = commands.add_parser(
        "spec", help="a preset's spec JSON, to edit and pass back with --spec"
    )
    spec.add_argument("--preset", required=True, choices=list(PRESETS), help="a preset id")
    add_output(spec, "the JSON")
    spec.set_defaults(handler=cmd_spec)
