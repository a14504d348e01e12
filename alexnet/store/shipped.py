"""Shipped pretrained models: read-only copies of real run folders in `alexnet/pretrained/`.

```
alexnet/pretrained/README.md          what they are, the command that made them, the figures
alexnet/pretrained/<run_id>/config.json, meta.json, status.json, metrics.jsonl, epochs.csv,
                            evaluation.json   as the run wrote them (the full test set)
                            shipped.json      accuracy on the shipped sample's test images,
                                              test accuracy, epochs, wall time, the command
                            checkpoints/best.keras   the best weights, without optimizer state
```
Because each is a run folder, a `RunStore` over the folder lists and reads them like any run
(finished runs are never written to: only a live run's status is ever updated on read), so
Predict, Inspect and Compare show them, their stored evaluation and their curves at once.
`$ALEXNET_PRETRAINED_DIR` points everything at another folder (tests, a fresh export).
Making them is `alexnet.jobs.shipping`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from alexnet.store.run_store import RunInfo, RunStore

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "pretrained"
ENV_VAR = "ALEXNET_PRETRAINED_DIR"
SHIPPED_FILE = "shipped.json"
MODEL_FILE = "checkpoints/best.keras"
TAG = "shipped"
RUN_FILES = ("config.json", "meta.json", "status.json", "metrics.jsonl", "epochs.csv")
REQUIRED_FILES = (*RUN_FILES, "evaluation.json", SHIPPED_FILE, MODEL_FILE)


def pretrained_dir(default: Path | None = None) -> Path:
    """The folder of shipped runs: `$ALEXNET_PRETRAINED_DIR`, else `default`, else DEFAULT_DIR.

    Args:
        default: the folder to use when the environment variable is not set.
    """
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return DEFAULT_DIR if default is None else default


def shipped_store(folder: Path | None = None) -> RunStore:
    """A run store over the shipped runs (read it only; never create runs in it).

    Args:
        folder: the folder; None for `pretrained_dir()`.
    """
    return RunStore(pretrained_dir() if folder is None else folder)


def shipped_runs(store: RunStore | None = None) -> list[RunInfo]:
    """The finished, undamaged shipped runs that hold a model, newest first.

    Args:
        store: `shipped_store()` or another store over a shipped folder.
    """
    store = store or shipped_store()
    return [
        info
        for info in store.list()
        if not info.damaged
        and info.state == "finished"
        and (store.run_dir(info.run_id) / MODEL_FILE).is_file()
    ]


def read_shipped(folder: Path) -> dict[str, Any]:
    """A shipped run's shipped.json ({} when absent or unreadable)."""
    try:
        data = json.loads((folder / SHIPPED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def missing_files(folder: Path) -> list[str]:
    """The files a shipped run must have that `folder` lacks (empty when complete)."""
    return [name for name in REQUIRED_FILES if not (folder / name).is_file()]
