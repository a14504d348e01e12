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
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from alexnet.config.checks import ConfigError
from alexnet.store.processes import is_process_alive, process_start_time

try:  # fcntl is POSIX; elsewhere (Windows) `exclusive_file` takes its place
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

MAX_NAME = 80
MAX_TAGS = 20
MAX_TAG = 30
LOCK_TIMEOUT = 60.0  # seconds: far longer than any status update holds a lock
UNREADABLE_LOCK_SECONDS = 10.0  # a lock file still without its holder's name after this is stale
NOT_JSON = "{file} is not valid JSON (line {line}, column {column})."
NOT_AN_OBJECT = "{file} does not hold a JSON object."


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock held while the block runs (processes on one machine)."""
    if fcntl is None:
        with exclusive_file(path.with_name(path.name + ".held")):
            yield
        return
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@contextlib.contextmanager
def exclusive_file(path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """A lock without an OS locking API: whoever creates `path` (O_CREAT | O_EXCL) holds it.

    The file names its holder (pid and process start time) and is removed on release. A
    holder that died without removing it (killed, power loss) is noticed, and its lock taken
    over, so a crash never blocks the queue for good.

    Args:
        path: the lock file.
        timeout: seconds to wait for a live holder before raising TimeoutError.
    """
    deadline = time.monotonic() + timeout
    me = json.dumps([os.getpid(), process_start_time(os.getpid())])
    while True:
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            if _holder_gone(path):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                continue
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{path} stayed locked for {timeout:.0f} s by a running process; if no "
                    "training run or app is using this runs directory, delete that file."
                ) from None
            time.sleep(0.01)
            continue
        with os.fdopen(fd, "w") as handle:
            handle.write(me)
        break
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _holder_gone(path: Path) -> bool:
    try:
        pid, start = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False  # released meanwhile: just try again
    except (OSError, ValueError, TypeError):
        # Created but its holder's name not written yet, or garbage: stale only once old.
        try:
            return time.time() - path.stat().st_mtime > UNREADABLE_LOCK_SECONDS
        except OSError:
            return False
    return not is_process_alive(pid, start)


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
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ConfigError(NOT_JSON, file=path.name, line=error.lineno, column=error.colno) from None
    if not isinstance(data, dict):
        raise ConfigError(NOT_AN_OBJECT, file=path.name)
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
