"""What the command line prints: lines, aligned tables and JSON, safe for pipes.

`say` writes to stdout and never raises for a reader that went away (`list | head -1`):
after the first broken pipe it writes nowhere. Errors go to stderr as one line, through
`alexnet.cli.main`.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from typing import Any

_closed = False


def say(text: str = "") -> None:
    """Print a line to stdout (flushed; silently nothing once the reader has gone)."""
    global _closed
    if _closed:
        return
    try:
        print(text, flush=True)
    except BrokenPipeError:
        _closed = True
        # Python would complain about the broken stdout again at exit; point it elsewhere.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def say_json(data: Any) -> None:
    """Print `data` as indented JSON."""
    say(json.dumps(data, indent=2, default=str))


def table(rows: Sequence[Sequence[Any]], headers: Sequence[str], right: Sequence[int] = ()) -> str:
    """Rows as aligned text columns, with a header and a rule under it.

    Args:
        rows: the cells, converted with str().
        headers: one per column.
        right: indices of the columns to align right (numbers).
    """
    cells = [[str(c) for c in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        parts = [
            value.rjust(width) if i in right else value.ljust(width)
            for i, (value, width) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])


def percent(value: float | None) -> str:
    """0.8634 -> "86.3%"; None -> "-"."""
    return "-" if value is None else f"{100 * value:.1f}%"
