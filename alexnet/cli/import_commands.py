"""`import`: zips made by `export` (or the Runs page's Download zip) back into the run store.

    python -m alexnet import run1.zip run2.zip
    python -m alexnet import runs/*.zip --json

One line per zip, in order: on stdout "imported NAME as RUN" (or "already imported NAME as
RUN"), on stderr "refused: SENTENCE" for a zip that was not imported, of which nothing is
left in the run store. Exit code 0 when every zip is in the store, 2 when any was refused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from alexnet.cli.output import say, say_json
from alexnet.config.checks import ConfigError
from alexnet.jobs.importing import import_file
from alexnet.store.importing import REFUSED, ImportResult, zip_file_name
from alexnet.store.run_store import RunStore

NO_ZIP = "{zip} was not imported: there is no file {path}."
BAD_INPUT = 2


def _import_one(store: RunStore, name: str) -> ImportResult:
    path = Path(name).expanduser()
    if not path.is_file():
        error = ConfigError(NO_ZIP, zip=zip_file_name(path), path=str(path))
        return ImportResult(zip_file_name(path), REFUSED, error=error)
    return import_file(store, path)


def _line(result: ImportResult) -> str:
    if result.error is not None:
        return f"refused: {result.error}"
    line = f"{result.outcome} {result.zip_name} as {result.run_id}"
    if result.original_id:
        line += f" (its id {result.original_id} is another run's here)"
    return line


def cmd_import(args: argparse.Namespace, store: RunStore) -> int:
    results = []
    for name in args.zips:
        result = _import_one(store, name)
        results.append(result)
        if not args.json:
            if result.outcome == REFUSED:
                print(_line(result), file=sys.stderr, flush=True)
            else:
                say(_line(result))
    if args.json:
        say_json(
            [
                {
                    "zip": r.zip_name,
                    "outcome": r.outcome,
                    "run_id": r.run_id,
                    "original_id": r.original_id,
                    "error": None if r.error is None else str(r.error),
                }
                for r in results
            ]
        )
    return BAD_INPUT if any(r.outcome == REFUSED for r in results) else 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "import",
        help="zips made by export back into the run store (checked first; refused whole)",
    )
    command.add_argument("zips", metavar="ZIP", nargs="+", help="zip files made by export")
    command.add_argument("--json", action="store_true", help="print JSON")
    command.set_defaults(handler=cmd_import)
