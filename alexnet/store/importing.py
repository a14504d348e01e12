"""Importing runs: a zip made by export (`alexnet.store.export`) back into a run store, whole
or not at all.

1. The zip is opened and checked as any untrusted zip is (`alexnet.store.safe_unzip`): names,
   links, file count, unpacked size; an upload also against `MAX_UPLOAD_BYTES`.
2. Its run's files are unpacked into a temporary folder inside the runs directory
   (`.importing-<pid>-<random>`, so the last step is a rename on one file system): the files
   a run folder holds, its checkpoints and TensorBoard logs; the metrics CSVs and anything
   else are left out. model.keras goes back to the checkpoints it stands for.
3. Every JSON file must hold an object, config.json a `RunConfig`, status.json a known
   state, every complete line of metrics.jsonl and inside.jsonl an object, and every .keras
   file must load in Keras' safe mode (`check_model`, given by the caller: the store never
   loads models).
4. The same run already here (the same id, or imported before from that id, with the same
   config, metrics and checkpoints) is kept and nothing changes. Otherwise the run is marked
   as imported, a run exported while it trained becomes 'interrupted', and the folder is
   renamed into place under its own id, or a new one when a different run has that id.

Any refusal or failure removes the temporary folder: nothing partial is ever left.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import IO

from alexnet.config.checks import ConfigError
from alexnet.store.export import MODEL_ENTRY
from alexnet.store.files import clean_name, file_lock, read_json, write_json_atomic
from alexnet.store.import_checks import (
    check_run_files,
    finish_status,
    imported_record,
    read_manifest,
    run_entries,
)
from alexnet.store.processes import is_process_alive
from alexnet.store.run_store import RunStore, new_run_id
from alexnet.store.safe_unzip import SafeZip, size_text

# The Runs page's upload limit: .streamlit/config.toml's server.maxUploadSize (in MB, as
# Streamlit counts them), which Streamlit enforces before the page sees a file; a test keeps
# the two equal. Bigger runs (the ImageNet AlexNet's) import on the command line.
UPLOAD_LIMIT_MB = 20
MAX_UPLOAD_BYTES = UPLOAD_LIMIT_MB * 1024**2
WORK_PREFIX = ".importing-"
IMPORTED, ALREADY_IMPORTED, REFUSED = "imported", "already imported", "refused"
DIGESTED = (  # what makes two copies of a run the same run
    "config.json", "metrics.jsonl", "checkpoints/state.json", "checkpoints/best.keras",
    "checkpoints/last.keras",
)  # fmt: skip

TOO_LARGE_UPLOAD = (
    "{zip} is {size}, more than the {limit} the Runs page takes; import it with "
    "`python -m alexnet import` instead."
)
UNSAFE_MODEL = (
    "{zip} was not imported: its {name} needs unsafe deserialization (a Lambda layer, which "
    "runs Python code as it loads), and AlexNet Lab loads models in Keras' safe mode only; "
    "rebuild the network without Lambda layers."
)
DAMAGED_MODEL = (
    "{zip} is damaged: its {name} is not a Keras model that loads; export the run again on "
    "the computer it came from."
)
NOT_WRITTEN = "{zip} could not be imported: {reason}."


class UnsafeModel(ValueError):
    """A .keras file that only loads with unsafe deserialization (e.g. a Lambda layer)."""


# Loads one .keras file in safe mode; raises UnsafeModel, or ValueError for any other reason.
ModelCheck = Callable[[Path], None]


@dataclass(frozen=True)
class ImportResult:
    """What importing one zip did."""

    zip_name: str  # the zip's file name (never a path)
    outcome: str  # IMPORTED, ALREADY_IMPORTED or REFUSED
    run_id: str | None = None  # the run in the store (None when refused)
    original_id: str | None = None  # the id in the zip, when the run got a new one here
    error: ConfigError | None = None  # why it was refused


def zip_file_name(name: str | os.PathLike[str]) -> str:
    """A zip's file name to record and show: no folders (POSIX or Windows), printable."""
    return clean_name(PureWindowsPath(os.fspath(name)).name) or "upload.zip"


def import_zip(
    store: RunStore,
    source: str | os.PathLike[str] | IO[bytes],
    *,
    check_model: ModelCheck,
    zip_name: str | None = None,
    size_limit: int | None = None,
) -> ImportResult:
    """Import one zip made by export into `store` (see the module's steps); never raises for
    a bad zip: a refusal is a result with its error.

    Args:
        store: the run store to import into.
        source: the zip: a path, or an open binary file (an upload).
        check_model: loads a .keras file in safe mode (`alexnet.jobs.importing`).
        zip_name: the zip's file name as its user knows it (default: the path's).
        size_limit: the most bytes the zip itself may have (uploads: `MAX_UPLOAD_BYTES`).
    """
    name = zip_file_name(zip_name or (source if isinstance(source, str | os.PathLike) else ""))
    try:
        return _import(store, source, name, check_model, size_limit)
    except ConfigError as error:
        return ImportResult(name, REFUSED, error=error)
    except OSError as error:  # a full disk, a folder without write permission, a lost file
        reason = error.strerror or str(error)
        return ImportResult(name, REFUSED, error=ConfigError(NOT_WRITTEN, zip=name, reason=reason))


def _import(
    store: RunStore,
    source: str | os.PathLike[str] | IO[bytes],
    name: str,
    check_model: ModelCheck,
    size_limit: int | None,
) -> ImportResult:
    _check_size(source, name, size_limit)
    store.root.mkdir(parents=True, exist_ok=True)
    _clear_abandoned(store.root)
    work = store.root / f"{WORK_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    work.mkdir()
    try:
        with SafeZip(source, name) as archive:
            run_id = _unpack(archive, work)
        folder = work / run_id
        check_run_files(folder, name)
        models = _restore_checkpoints(folder, read_manifest(folder, name))
        same = same_run(store, run_id, folder)
        if same is not None:
            return ImportResult(name, ALREADY_IMPORTED, same)
        for path, entry in models.items():
            _check_model(check_model, path, entry, name)
        finish_status(folder)
        meta = read_json(folder / "meta.json")
        meta["imported"] = imported_record(folder, name, run_id)
        write_json_atomic(folder / "meta.json", meta)
        return _place(store, folder, run_id, name)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _check_size(source: object, name: str, limit: int | None) -> None:
    if limit is None:
        return
    if hasattr(source, "seek"):
        size = source.seek(0, os.SEEK_END)  # type: ignore[union-attr]
        source.seek(0)  # type: ignore[union-attr]
    else:
        size = os.path.getsize(source)  # type: ignore[arg-type]
    if size > limit:
        raise ConfigError(TOO_LARGE_UPLOAD, zip=name, size=size_text(size), limit=size_text(limit))


def _clear_abandoned(root: Path) -> None:
    """Remove the temporary folders of imports whose process died before cleaning up."""
    for path in root.glob(f"{WORK_PREFIX}*"):
        pid = path.name.removeprefix(WORK_PREFIX).split("-")[0]
        if pid.isdigit() and not is_process_alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _unpack(archive: SafeZip, work: Path) -> str:
    """Unpack the run's entries into `work/<run_id>/`; returns the run id."""
    run_id, places = run_entries(archive.entries, archive.zip_name)
    for info, relative in places:
        archive.extract(info, work / run_id / relative)
    return run_id


def _restore_checkpoints(folder: Path, model_is: list[str]) -> dict[Path, str]:
    """Put model.keras back as the checkpoints it stands for; returns each distinct .keras
    file to check, with its name in the zip."""
    checkpoints = folder / "checkpoints"
    checkpoints.mkdir(exist_ok=True)
    models = {path: f"checkpoints/{path.name}" for path in sorted(checkpoints.glob("*.keras"))}
    model = folder / MODEL_ENTRY
    if not model.is_file():
        return models
    targets = [checkpoints / f"{which}.keras" for which in model_is]
    targets = [path for path in targets if not path.exists()]
    for target in targets:
        shutil.copyfile(model, target)
    if targets:
        models[targets[0]] = MODEL_ENTRY  # the copies are the same bytes: check one
    model.unlink()
    return models


def _check_model(check_model: ModelCheck, path: Path, entry: str, zip_name: str) -> None:
    try:
        check_model(path)
    except UnsafeModel:
        raise ConfigError(UNSAFE_MODEL, zip=zip_name, name=entry) from None
    except ValueError:
        raise ConfigError(DAMAGED_MODEL, zip=zip_name, name=entry) from None


def content_digest(folder: Path) -> str:
    """A hash of what makes a run that run: its config, metrics and checkpoints (`DIGESTED`)."""
    total = hashlib.sha256()
    for name in DIGESTED:
        path = folder / name
        total.update(f"{name}\0".encode())
        if path.is_file():
            part = hashlib.sha256()
            with open(path, "rb") as handle:
                while chunk := handle.read(1024 * 1024):
                    part.update(chunk)
            total.update(part.digest())
    return total.hexdigest()


def _sizes(folder: Path) -> list[int]:
    return [
        (folder / name).stat().st_size if (folder / name).is_file() else -1 for name in DIGESTED
    ]


def same_run(store: RunStore, run_id: str, folder: Path) -> str | None:
    """The run in `store` that holds what `folder` holds: the one with its id, or one imported
    from that id before; None when there is none."""
    sizes, digest = _sizes(folder), None
    for candidate in _copies_of(store, run_id):
        with contextlib.suppress(OSError):
            if _sizes(store.run_dir(candidate)) != sizes:  # cheap first: most differ here
                continue
            digest = digest or content_digest(folder)
            if content_digest(store.run_dir(candidate)) == digest:
                return candidate
    return None


def _copies_of(store: RunStore, run_id: str) -> list[str]:
    """The run with this id, and the runs imported from a zip of a run with this id."""
    copies = [run_id] if store.run_dir(run_id).is_dir() else []
    for info in store.list():
        if info.run_id != run_id and (info.imported or {}).get("run_id") == run_id:
            copies.append(info.run_id)
    return copies


def _place(store: RunStore, folder: Path, run_id: str, name: str) -> ImportResult:
    """Rename the checked folder into the store, under its own id unless that one is taken."""
    with file_lock(store.root / ".import.lock"):  # two imports of one zip: one places it
        same = same_run(store, run_id, folder)
        if same is not None:
            return ImportResult(name, ALREADY_IMPORTED, same)
        final = run_id
        while (store.root / final).exists():
            final = new_run_id()
        os.replace(folder, store.run_dir(final))
    return ImportResult(name, IMPORTED, final, None if final == run_id else run_id)
