"""Reading a growing metrics file by its new lines only.

A page that watches a run looks at its metrics.jsonl every second or few; reading and
parsing the whole file each time costs more the longer the run. A `MetricsTail` remembers how far it
has read and parses only what was appended since, and still returns exactly what
`RunStore.read_metrics` (a full read) would:

- a last line cut short (the worker is writing it) is left for the next look;
- a record for a step or epoch seen before (a resumed run trains from its last checkpoint
  again) replaces the earlier one, and goes where the full read puts it: last;
- a file that shrank below what was read, was rewritten there (its last whole line read
  so far is not the same) or was replaced (another inode) is read again from the start.

`tail_for(path)` shares one reader per file within a process, so any number of pages
watching a run cost one read of its new lines.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
from pathlib import Path
from typing import Any

MAX_TAILS = 64  # files followed at once in one process (the most recently asked for)
CHECK_BYTES = 64  # how much of what was read is compared on each look, to notice a rewrite
_VERSIONS = itertools.count(1)  # one sequence for all readers: a version names one content
_TAILS: dict[Path, MetricsTail] = {}
_TAILS_LOCK = threading.Lock()


STEP_KINDS = ("step", "inside")  # records taken at an optimizer step; the rest at an epoch


def record_key(record: dict[str, Any]) -> tuple[Any, Any]:
    """What makes a record unique: its kind and its step (a step's) or epoch (anything else)."""
    kind = record.get("kind")
    return kind, record.get("step") if kind in STEP_KINDS else record.get("epoch")


class MetricsTail:
    """The records of one metrics file, kept up to date by reading only its new lines.

    Args:
        path: the run's metrics.jsonl (it may not exist yet).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        # Changes whenever the records do, to a number no reader in this process had before.
        self.version = 0
        self._kind_versions: dict[Any, int] = {}  # the version at each kind's last change
        self._every_kind = 0  # the version when every kind last changed (a new file)
        self._lock = threading.Lock()
        self._reset(None)

    def _reset(self, identity: tuple[int, int] | None) -> None:
        self._identity = identity  # (device, inode) of the file read so far
        self._offset = 0  # bytes parsed up to the end of the last whole line
        self._seen = b""  # the last bytes before the offset, as they were read
        self._records: dict[tuple[Any, Any], dict[str, Any]] = {}
        self._pending: dict[str, Any] | None = None  # a whole record not yet ended by "\n"

    def refresh(self) -> bool:
        """Read what was appended since the last look; True when the records changed."""
        with self._lock:
            try:
                with open(self.path, "rb") as f:
                    stat = os.fstat(f.fileno())
                    identity = (stat.st_dev, stat.st_ino)
                    changed = False
                    if identity == self._identity and stat.st_size >= self._offset:
                        f.seek(self._offset - len(self._seen))
                        new = f.read()
                        same = new.startswith(self._seen)
                        new = new[len(self._seen) :]
                    else:
                        same = False
                    if not same:
                        changed = bool(self._records) or self._pending is not None
                        self._reset(identity)
                        f.seek(0)
                        new = f.read()
            except FileNotFoundError:
                if not self._records and self._pending is None:
                    return False
                self._reset(None)
                self._changed(None)
                return True
            kinds: set[Any] = {None} if changed else set()  # None: every kind
            pending_before = self._pending
            kinds |= self._parse(new)
            if self._pending != pending_before:
                kinds |= {r.get("kind") for r in (self._pending, pending_before) if r is not None}
            for kind in kinds:
                self._changed(kind)
            return bool(kinds)

    def _changed(self, kind: Any) -> None:
        self.version = next(_VERSIONS)
        if kind is None:
            self._kind_versions = {}
            self._every_kind = self.version
        else:
            self._kind_versions[kind] = self.version

    def version_of(self, kind: str) -> int:
        """Like `version`, for the records of one kind only (e.g. "epoch" during an epoch)."""
        with self._lock:
            return self._kind_versions.get(kind, self._every_kind)

    def _parse(self, new: bytes) -> set[Any]:
        """Take in the whole lines of `new`; returns the kinds of the records read."""
        end = new.rfind(b"\n") + 1
        changed: set[Any] = set()
        for line in new[:end].splitlines():
            record = _record(line)
            if record is not None:
                key = record_key(record)
                self._records.pop(key, None)  # a repeated step moves to where it was read last
                self._records[key] = record
                changed.add(key[0])
        self._seen = (self._seen + new[:end])[-CHECK_BYTES:]
        self._offset += end
        # A full read parses a last line without its "\n" too, where it is whole already.
        self._pending = _record(new[end:]) if end < len(new) else None
        return changed

    def records(self, kind: str | None = None) -> list[dict[str, Any]]:
        """The records, oldest first, as `RunStore.read_metrics(run_id, kind)` returns them."""
        with self._lock:
            found = list(self._records.values())
            if self._pending is not None:
                key = record_key(self._pending)
                found = [r for r in found if record_key(r) != key] + [self._pending]
        return found if kind is None else [r for r in found if r.get("kind") == kind]

    def last(self, kind: str) -> dict[str, Any] | None:
        """The newest record of one kind (None before there is one), without a full list."""
        with self._lock:
            if self._pending is not None and self._pending.get("kind") == kind:
                return self._pending
            pending_key = None if self._pending is None else record_key(self._pending)
            for key in reversed(self._records):
                if key[0] == kind and key != pending_key:
                    return self._records[key]
        return None


def _record(line: bytes) -> dict[str, Any] | None:
    try:
        item = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return None
    return item if isinstance(item, dict) else None


def tail_for(path: Path) -> MetricsTail:
    """The process's one reader of this file, brought up to date."""
    path = Path(path)
    with _TAILS_LOCK:
        tail = _TAILS.pop(path, None) or MetricsTail(path)
        _TAILS[path] = tail  # the most recent last
        while len(_TAILS) > MAX_TAILS:
            del _TAILS[next(iter(_TAILS))]
    tail.refresh()
    return tail
