"""The run store: one folder per training run under a runs directory.

```
runs/<run_id>/config.json       spec, TrainConfig, data source, versions, machine (never changes)
              meta.json         name, tags, group, creation time (rename/tag rewrite it), and
                                for an imported run where it came from
              status.json       state, pid, times, error (always written via temp file + rename)
              metrics.jsonl     one JSON object per logged step and per epoch, appended
              epochs.csv, evaluation.json, checkpoints/{last,best}.keras, tensorboard/
              stop              present = please stop (the trainer checks it every batch)
```
Run ids are generated here, never taken from user text; names are sanitized and used only
as labels. Readers never trust the disk: a damaged folder is listed as damaged, a half-written
metrics line is skipped, and a 'running' run whose worker has gone is reported 'interrupted'.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alexnet.config.checks import ConfigError
from alexnet.config.messages import Message
from alexnet.config.run_config import RunConfig
from alexnet.store.files import (  # re-exported for callers of the run store
    clean_name,
    clean_tags,
    file_lock,
    read_json,
    read_jsonl,
    write_json_atomic,
)
from alexnet.store.metrics_tail import MetricsTail, tail_for
from alexnet.store.names import message_fields, name_fields, problem_message, shown_name
from alexnet.store.processes import is_process_alive

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "RunInfo", "RunStore", "clean_name", "clean_tags", "default_runs_dir", "new_run_id",
    "read_jsonl",
]  # fmt: skip

STATES = ("queued", "running", "stopping", "stopped", "finished", "failed", "interrupted")
ACTIVE_STATES = ("queued", "running", "stopping")  # a worker owns (or will own) the folder
LIVE_STATES = ("running", "stopping")  # a worker process should exist
RUN_ID_PATTERN = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{6}$")
DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "runs"
WORKER_GONE = (
    "The worker process ended without saying why (see worker.log in the run folder); resume "
    "it to continue from the last checkpoint."
)
DAMAGED_CHECKPOINT = "{file} is damaged (not a whole .keras file)"
DELETE_WAIT_SECONDS = 10.0  # a stopped worker writes its status, then exits within a second


def new_run_id(now: float | None = None) -> str:
    """A fresh run id: the UTC time to the second and 6 random hex digits."""
    stamp = time.gmtime(time.time() if now is None else now)
    return time.strftime("%Y%m%d-%H%M%S", stamp) + "-" + secrets.token_hex(3)


def default_runs_dir() -> Path:
    """`$ALEXNET_RUNS_DIR` if set, else `runs/` beside app.py."""
    env = os.environ.get("ALEXNET_RUNS_DIR")
    return Path(env).expanduser() if env else DEFAULT_ROOT


@dataclass(frozen=True)
class RunInfo:
    """What a list of runs shows: identity, labels and status (or why it is damaged)."""

    run_id: str
    name: str = ""
    tags: tuple[str, ...] = ()
    group: str | None = None
    arm_name: str | None = None  # the arm of an experiment it belongs to, e.g. "No BN"
    started_from: str | None = None  # the address of the machine whose page started it; None: here
    created_at: float = 0.0
    # Where an imported run came from (meta.json's "imported": from, at, zip, run_id); None
    # for a run made here.
    imported: dict[str, Any] | None = None
    status: dict[str, Any] = field(default_factory=dict)
    damaged: bool = False
    problem: str = ""

    @property
    def state(self) -> str:
        return "damaged" if self.damaged else str(self.status.get("state", "unknown"))


class RunStore:
    """Runs on disk under `root` (created on first use).

    Args:
        root: the runs directory; None means `default_runs_dir()`.
    """

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        self.root = Path(root if root is not None else default_runs_dir()).expanduser().resolve()

    # --- paths ---------------------------------------------------------------------------
    def run_dir(self, run_id: str) -> Path:
        """The folder of a run; refuses ids that are not generated ids (e.g. '../x')."""
        # fullmatch: `match` with `$` would also accept the id followed by a newline.
        if not isinstance(run_id, str) or not RUN_ID_PATTERN.fullmatch(run_id):
            raise ValueError(
                f"{run_id!r} is not a run id; run ids look like 20250101-120000-a1b2c3 "
                "(see `python -m alexnet list`)."
            )
        path = (self.root / run_id).resolve()
        if path.parent != self.root:
            raise ValueError(f"run {run_id!r} resolves outside the runs directory {self.root}.")
        return path

    def path(self, run_id: str, name: str) -> Path:
        """A file inside a run folder, e.g. `path(id, 'metrics.jsonl')`."""
        return self.run_dir(run_id) / name

    def checkpoint(self, run_id: str, which: str = "last") -> Path:
        """`checkpoints/last.keras` or `checkpoints/best.keras` (it may not exist yet)."""
        if which not in ("last", "best"):
            raise ValueError(f"checkpoint {which!r} is unknown; use 'last' or 'best'.")
        return self.run_dir(run_id) / "checkpoints" / f"{which}.keras"

    def best_checkpoint(self, run_id: str) -> tuple[Path, str] | None:
        """The checkpoint that stands for the run: (path, "best"), else (path, "last"), else None.

        `best.keras` holds the epoch with the best validation (else training) accuracy; a run
        stopped before any improvement was saved has only `last.keras`. Evaluation, Predict,
        Inspect and export all use this one rule.
        """
        for which in ("best", "last"):
            path = self.checkpoint(run_id, which)
            if path.is_file():
                return path, which
        return None

    def exists(self, run_id: str) -> bool:
        """Whether `run_id` is a well-formed id with a run folder (False for bad ids)."""
        try:
            return (self.run_dir(run_id) / "status.json").is_file()
        except ValueError:
            return False

    # --- create / list / get -------------------------------------------------------------
    def create(
        self,
        config: RunConfig,
        *,
        name: str = "",
        tags: Iterable[str] = (),
        group: str | None = None,
        arm_name: str | None = None,
        started_from: str | None = None,
    ) -> str:
        """Make a new run folder in state 'queued' and return its id.

        Args:
            config: the run's config (`alexnet.config.run_config.run_config(...)`).
            name: a label for people; cleaned, never used as a path.
            tags: labels to filter by.
            group: an id shared by the runs of a pair (they start side by side).
            arm_name: the name of the experiment arm the run is one seed of (e.g. "No BN"):
                the legend of the arm's mean curve; None for a run of its own.
            started_from: the network address of the page that started it, when that page
                was opened from another machine (see `alexnet.store.access`); None: this one.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        now = time.time()
        run_id = new_run_id(now)
        final = self.run_dir(run_id)
        tmp = self.root / f".creating-{run_id}"
        tmp.mkdir()
        (tmp / "checkpoints").mkdir()
        write_json_atomic(tmp / "config.json", config.to_dict())
        meta = {**name_fields("name", name), "tags": clean_tags(tags), "group": group}
        meta["name"] = meta["name"] or run_id
        if arm_name:
            meta.update(name_fields("arm_name", arm_name))
        if started_from:
            meta["started_from"] = str(started_from)
        write_json_atomic(tmp / "meta.json", {**meta, "created_at": now})
        write_json_atomic(tmp / "status.json", {"state": "queued", "queued_at": now})
        os.replace(tmp, final)  # the run appears complete or not at all
        return run_id

    def list(self) -> list[RunInfo]:
        """All runs, newest first; a damaged folder is listed with `damaged=True`."""
        if not self.root.is_dir():
            return []
        infos = [
            self._get_or_damaged(p.name)
            for p in self.root.iterdir()
            if p.is_dir() and RUN_ID_PATTERN.fullmatch(p.name)
        ]
        return sorted(infos, key=lambda i: (i.created_at, i.run_id), reverse=True)

    def _get_or_damaged(self, run_id: str) -> RunInfo:
        try:
            return self.get(run_id)
        except ValueError as error:  # e.g. a symlink that points out of the runs directory
            return RunInfo(run_id, name=run_id, damaged=True, problem=str(error))

    def get(self, run_id: str) -> RunInfo:
        """One run's labels and (liveness-checked) status; never raises for a damaged folder."""
        folder = self.run_dir(run_id)
        try:
            meta = read_json(folder / "meta.json")
            status = self.read_status(run_id)
            self.read_config(run_id)
            _check_checkpoints(folder / "checkpoints")
        except (OSError, ValueError) as error:
            return RunInfo(run_id, name=run_id, damaged=True, problem=problem_message(error))
        return RunInfo(
            run_id,
            name=shown_name(meta, "name", run_id),
            tags=tuple(clean_tags(meta.get("tags", []))),
            group=meta.get("group"),
            arm_name=shown_name(meta, "arm_name", "") or None,
            started_from=_address(meta.get("started_from")),
            created_at=float(meta.get("created_at", 0.0)),
            status=status,
            imported=meta["imported"] if isinstance(meta.get("imported"), dict) else None,
        )

    def read_config(self, run_id: str) -> RunConfig:
        """config.json, read back as a `RunConfig` (ValueError if it cannot be)."""
        return RunConfig.from_dict(read_json(self.path(run_id, "config.json")))

    def read_evaluation(self, run_id: str) -> dict[str, Any] | None:
        """evaluation.json (test loss, accuracy, test_images, ...), or None before the end."""
        with contextlib.suppress(OSError, ValueError):
            return read_json(self.path(run_id, "evaluation.json"))
        return None

    # --- status --------------------------------------------------------------------------
    def _locked(self, run_id: str) -> contextlib.AbstractContextManager[None]:
        # Worker, UI and CLI all update status.json: serialize read-modify-write.
        return file_lock(self.path(run_id, ".lock"))

    def read_status(self, run_id: str) -> dict[str, Any]:
        """The status; a live state whose worker process is gone becomes 'interrupted'."""
        status = read_json(self.path(run_id, "status.json"))
        if status.get("state") in LIVE_STATES and not is_process_alive(
            status.get("pid"), status.get("pid_start")
        ):
            with self._locked(run_id):
                status = read_json(self.path(run_id, "status.json"))
                if status.get("state") in LIVE_STATES and not is_process_alive(
                    status.get("pid"), status.get("pid_start")
                ):
                    status.update(state="interrupted", ended_at=time.time())
                    status.update(message_fields("error", Message(WORKER_GONE)))
                    write_json_atomic(self.path(run_id, "status.json"), status)
        return status

    def write_status(
        self, run_id: str, *, expect: tuple[str, ...] | None = None, **changes: Any
    ) -> dict[str, Any]:
        """Merge `changes` into status.json atomically and return the new status.

        Args:
            expect: write only if the current state is one of these (else change nothing).
            **changes: status fields, e.g. state="running", pid=123.
        """
        if "state" in changes and changes["state"] not in STATES:
            raise ValueError(f"state {changes['state']!r} is unknown; use one of {STATES}.")
        with self._locked(run_id):
            status = read_json(self.path(run_id, "status.json"))
            if expect is not None and status.get("state") not in expect:
                return status
            status.update(changes, updated_at=time.time())
            write_json_atomic(self.path(run_id, "status.json"), status)
        return status

    # --- stop ----------------------------------------------------------------------------
    def stop_file(self, run_id: str) -> Path:
        """The file whose presence asks the run's trainer to stop after the current batch."""
        return self.path(run_id, "stop")

    def request_stop(self, run_id: str) -> dict[str, Any]:
        """Ask a run to stop: a queued run stops at once, a running one within one batch."""
        state = self.read_status(run_id).get("state")
        if state == "queued":
            return self.write_status(run_id, state="stopped", ended_at=time.time())
        if state in LIVE_STATES:
            self.stop_file(run_id).touch()
            return self.write_status(run_id, state="stopping")
        return self.read_status(run_id)

    # --- metrics -------------------------------------------------------------------------
    def read_metrics(self, run_id: str, kind: str | None = None) -> list[dict[str, Any]]:
        """The metrics records, oldest first, optionally only one `kind` ('step'/'epoch').

        Steps repeated after a resume (training re-done from the last checkpoint) keep only
        their latest record, so curves never go back and forth. Only the lines appended
        since the last call are read (see `metrics_tail`); the records are copies.
        """
        return [dict(r) for r in self.metrics_tail(run_id).records(kind)]

    def metrics_tail(self, run_id: str) -> MetricsTail:
        """The process's reader of the run's metrics.jsonl, brought up to date.

        Its records are shared by every page that watches the run: read them, do not change them.
        """
        return tail_for(self.path(run_id, "metrics.jsonl"))

    def metrics_frame(self, run_id: str, kind: str = "epoch") -> pd.DataFrame:
        """`read_metrics` as a pandas DataFrame (empty, with no columns, before any record)."""
        import pandas as pd  # for the pages; a worker imports the store but not pandas

        return pd.DataFrame(self.read_metrics(run_id, kind))

    # --- labels, delete ----------------------------------------------------------
    def _update_meta(self, run_id: str, **changes: Any) -> None:
        with self._locked(run_id):
            meta = read_json(self.path(run_id, "meta.json"))
            meta.update(changes)
            write_json_atomic(self.path(run_id, "meta.json"), meta)

    def rename(self, run_id: str, name: str) -> None:
        """Give a run a new (cleaned) name; raises ValueError if nothing printable is left."""
        cleaned = clean_name(name)
        if not cleaned:
            raise ValueError(f"run name {name!r} is empty after cleaning; type some letters.")
        self._update_meta(run_id, name=cleaned)

    def set_tags(self, run_id: str, tags: Iterable[str]) -> None:
        """Replace a run's tags (cleaned, de-duplicated, at most 20)."""
        self._update_meta(run_id, tags=clean_tags(tags))

    def delete(self, run_id: str, *, wait: float = DELETE_WAIT_SECONDS) -> None:
        """Remove a run folder; refused while it is queued or running (stop it first).

        Args:
            wait: seconds to wait for a stopped run's worker process to exit (it may still be
                closing files just after its status says 'stopped').
        """
        info = self.get(run_id)
        if not info.damaged and info.state in ACTIVE_STATES:
            raise ValueError(
                f"run {run_id} is {info.state}; stop it first, then delete it once it has stopped."
            )
        pid, start = info.status.get("pid"), info.status.get("pid_start")
        deadline = time.monotonic() + wait
        # A run trained in a thread of this process (`execute` in a thread) has no exit to await.
        while pid != os.getpid() and is_process_alive(pid, start):
            if time.monotonic() > deadline:
                raise ValueError(
                    f"run {run_id} has stopped but its worker process {pid} is still exiting; "
                    "try again in a few seconds."
                )
            time.sleep(0.05)
        # Renamed first, so the run leaves every listing at once, even if removal is cut short.
        trash = self.root / f".deleting-{run_id}"
        os.replace(self.run_dir(run_id), trash)
        shutil.rmtree(trash)


def _address(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _check_checkpoints(folder: Path) -> None:
    # A .keras file is a zip; its directory sits at the end, so a cut or overwritten file is
    # caught by reading a few bytes (a missing one is fine: no epoch has been saved yet).
    for which in ("last", "best"):
        path = folder / f"{which}.keras"
        if path.exists() and not zipfile.is_zipfile(path):
            raise ConfigError(DAMAGED_CHECKPOINT, file=f"checkpoints/{which}.keras")
