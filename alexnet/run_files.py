"""Files of the run store, read and written so that no reader ever sees half of one.

JSON documents are written to a temp file and renamed over the old one (atomic on POSIX and
Windows); metrics are JSON lines, and a line cut short by a killed writer is skipped on
reading. Run names and tags are labels only, never paths, and lose anything that could act
like one.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

try:  # fcntl is POSIX; elsewhere read-modify-write goes without a lock
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

MAX_NAME = 80
MAX_TAGS = 20
MAX_TAG = 30


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock held while the block runs (processes on one machine)."""
    with open(path, "a+") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def clean_name(name: object) -> str:
    """A run name safe to show and store: no control characters, path separators or '..'."""
    text = "".join(c if c.isprintable() else " " for c in str(name or ""))
    text = re.sub(r"\.{2,}", ".", re.sub(r"[/\\]", "-", text))  # '....' must not leave '..'
    return " ".join(text.split())[:MAX_NAME]


def clean_tags(tags: Iterable[object]) -> list[str]:
    """Tags as a de-duplicated list of short cleaned labels (empty ones dropped)."""
    out: list[str] = []
    for tag in tags:
        text = clean_name(tag)[:MAX_TAG]
        if text and text not in out:
            out.append(text)
    return out[:MAX_TAGS]


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    # A reader sees the old file or the new one, never half of one.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    os.replace(tmp, path)


def read_json(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path.name} does not hold a JSON object")
    return data


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every well-formed JSON object line of `path`; a torn or garbage line is skipped."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    records = []
    for line in raw.splitlines():
        try:
            item = json.loads(line)
        except (ValueError, UnicodeDecodeError):
            continue
        if isinstance(item, dict):
            records.append(item)
    return records
