"""A run as one zip file: everything it holds, to look at elsewhere, hand in, or import again.

All entries sit under a folder named after the run id:

```
<run_id>/export.json              the zip's own record: format, run id, what model.keras is
         config.json, meta.json, status.json, metrics.jsonl, epochs.csv, evaluation.json,
         inside.jsonl             the run's files, as in its folder (those it has)
         metrics_epochs.csv, metrics_steps.csv      the metrics as tables, for spreadsheets
         model.keras              the model: the best checkpoint, else the last
         checkpoints/last.keras   unless it is the very file in model.keras
         checkpoints/state.json, checkpoints/moving_statistics.npz   what a resume needs
         tensorboard/...          the run's TensorBoard event files
```

A checkpoint is stored once: `model.keras` stands for `checkpoints/best.keras` (and for
`last.keras` too when the two are the same file), as export.json's "model" says, so a
CIFAR-10 run fits the Runs page's upload limit. Importing reads it back
(`alexnet.store.importing`); zips of the first export, which had only `model.keras`, import
as a run without a checkpoint to resume from. Files go into the zip from disk, piece by
piece: a big run's checkpoints are never held in memory, and a checkpoint saved while the
export reads is never paired with another epoch's state.json.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import time
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO

from alexnet.store.inside import INSIDE_FILE
from alexnet.store.run_store import RunStore

EXPORT_FORMAT = 2  # 1: the first export (model.keras only, no export.json)
MANIFEST = "export.json"
MODEL_ENTRY = "model.keras"
TENSORBOARD = "tensorboard"
RUN_FILES = (
    "config.json", "meta.json", "status.json", "metrics.jsonl", "epochs.csv", "evaluation.json",
    INSIDE_FILE,
)  # fmt: skip
CHECKPOINTS = ("last.keras", "best.keras", "state.json", "moving_statistics.npz")
DERIVED = ("metrics_epochs.csv", "metrics_steps.csv")  # made from metrics.jsonl on export
STORED = (".keras", ".npz")  # already compressed or random floats: deflating gains nothing
SAVE_SECONDS = 120.0  # longer than a save takes (the ImageNet AlexNet's: two 750 MB files)
SNAPSHOT_WAIT = 0.1


def export_zip(store: RunStore, run_id: str) -> bytes:
    """The zip of one run, in memory (for a download button).

    Args:
        store: the run store holding the run.
        run_id: the run.
    """
    buffer = io.BytesIO()
    write_export(store, run_id, buffer)
    return buffer.getvalue()


def export_to_file(store: RunStore, run_id: str, path: Path) -> int:
    """Write the zip of one run to `path` (atomically: whole or not at all); returns its size.

    Args:
        store: the run store holding the run.
        run_id: the run.
        path: the zip file to write (replaced if it exists).
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            write_export(store, run_id, handle)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path.stat().st_size


def write_export(store: RunStore, run_id: str, target: IO[bytes]) -> None:
    """Write the zip of one run into an open binary file (see the module's layout).

    Args:
        store: the run store holding the run.
        run_id: the run.
        target: a writable binary file, e.g. an open file or `io.BytesIO`.
    """
    folder = store.run_dir(run_id)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in RUN_FILES:
            if (folder / name).is_file():
                archive.write(folder / name, f"{run_id}/{name}")
        _write_metrics_tables(archive, store, run_id)
        with _checkpoint_snapshot(folder / "checkpoints") as files:
            model = _model_checkpoints(files)
            for name, handle in files.items():
                which = name.removesuffix(".keras")
                if name.endswith(".keras") and which in model:
                    if which == model[0]:  # stored once, as model.keras
                        _write_open_file(archive, handle, f"{run_id}/{MODEL_ENTRY}")
                    continue
                _write_open_file(archive, handle, f"{run_id}/checkpoints/{name}")
        _write_tensorboard(archive, folder / TENSORBOARD, f"{run_id}/{TENSORBOARD}")
        manifest = {"format": EXPORT_FORMAT, "run_id": run_id, "model": model}
        manifest["exported_at"] = time.time()
        archive.writestr(f"{run_id}/{MANIFEST}", json.dumps(manifest, indent=2))


def _write_metrics_tables(archive: zipfile.ZipFile, store: RunStore, run_id: str) -> None:
    import pandas as pd  # only for a zip: a worker imports the store but never needs pandas

    for kind in ("epoch", "step"):
        csv = pd.DataFrame(store.read_metrics(run_id, kind)).to_csv(index=False)
        archive.writestr(f"{run_id}/metrics_{kind}s.csv", csv)


def _model_checkpoints(files: dict[str, IO[bytes]]) -> list[str]:
    """Which checkpoints model.keras stands for: ["best", "last"], ["best"], ["last"] or []."""
    if "best.keras" not in files:
        return ["last"] if "last.keras" in files else []
    if "last.keras" in files and _same_content(files["best.keras"], files["last.keras"]):
        return ["best", "last"]
    return ["best"]


def _same_content(first: IO[bytes], second: IO[bytes]) -> bool:
    """Whether two open files hold the same bytes (both are read from the start, then rewound)."""
    try:
        if os.fstat(first.fileno()).st_size != os.fstat(second.fileno()).st_size:
            return False
        while True:
            a, b = first.read(1024 * 1024), second.read(1024 * 1024)
            if a != b:
                return False
            if not a:
                return True
    finally:
        first.seek(0)
        second.seek(0)


@contextmanager
def _checkpoint_snapshot(folder: Path) -> Iterator[dict[str, IO[bytes]]]:
    """The checkpoint files, opened together as one save left them.

    A worker saves last.keras (then best.keras, moving_statistics.npz) and writes state.json
    last, each by renaming a new file into place. state.json is opened first; a file newer
    than it, written in the last `SAVE_SECONDS`, belongs to a save under way, so all are
    opened again a moment later. An open file keeps its content when a new one is renamed
    over its name.
    """
    while True:
        with ExitStack() as stack:
            files: dict[str, IO[bytes]] = {}
            for name in ("state.json", *(c for c in CHECKPOINTS if c != "state.json")):
                try:
                    files[name] = stack.enter_context(open(folder / name, "rb"))
                except (FileNotFoundError, NotADirectoryError):
                    continue
            if not _save_under_way(files):
                yield {name: files[name] for name in CHECKPOINTS if name in files}
                return
        time.sleep(SNAPSHOT_WAIT)


def _save_under_way(files: dict[str, IO[bytes]]) -> bool:
    if "state.json" not in files:
        return False
    written = os.fstat(files["state.json"].fileno()).st_mtime
    recent = time.time() - SAVE_SECONDS  # older oddities (a file copied by hand) do not count
    return any(written < os.fstat(f.fileno()).st_mtime > recent for f in files.values())


def _write_open_file(archive: zipfile.ZipFile, handle: IO[bytes], entry: str) -> None:
    info = zipfile.ZipInfo.from_file(handle.name, entry)
    info.file_size = os.fstat(handle.fileno()).st_size  # the open file's, not the name's
    if not entry.endswith(STORED):
        info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w") as out:
        shutil.copyfileobj(handle, out, 1024 * 1024)


def _write_tensorboard(archive: zipfile.ZipFile, folder: Path, prefix: str) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            archive.write(path, f"{prefix}/{path.relative_to(folder).as_posix()}")
