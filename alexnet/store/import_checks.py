"""What makes a zip a run export, and what its run's files must hold to be imported
(`alexnet.store.importing` runs these checks in order; each refusal is a `ConfigError`).

The entries must all sit in one folder named like a run id and include config.json,
meta.json and status.json. Only the files a run folder holds are unpacked (`destination`).
"""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path
from typing import Any

from alexnet.config.checks import ConfigError
from alexnet.config.messages import Message
from alexnet.config.run_config import RunConfig
from alexnet.store.export import (
    CHECKPOINTS,
    EXPORT_FORMAT,
    MANIFEST,
    MODEL_ENTRY,
    RUN_FILES,
    TENSORBOARD,
)
from alexnet.store.files import read_json, write_json_atomic
from alexnet.store.names import message_fields
from alexnet.store.run_store import ACTIVE_STATES, RUN_ID_PATTERN, STATES

REQUIRED = ("config.json", "meta.json", "status.json")
JSON_FILES = (*(n for n in RUN_FILES if n.endswith(".json")), "checkpoints/state.json")
JSON_LINES = tuple(n for n in RUN_FILES if n.endswith(".jsonl"))
MODEL_CHECKPOINTS = ("best", "last")  # what export.json's "model" may name

NOT_A_RUN = (
    "{zip} is not a run export: its files must sit in one folder named like a run id "
    "(20250101-120000-a1b2c3); choose a zip made by Download zip on the Runs page or by "
    "`python -m alexnet export`."
)
MISSING = (
    "{zip} is not a run export: it has no {name}; choose a zip made by Download zip on the "
    "Runs page or by `python -m alexnet export`."
)
DAMAGED = (
    "{zip} is damaged: its {name} cannot be read; export the run again on the computer it "
    "came from."
)
DAMAGED_LINE = (
    "{zip} is damaged: line {line} of its {name} is not a JSON object; export the run again "
    "on the computer it came from."
)
NEWER = (
    "{zip} comes from a newer AlexNet Lab (export format {format}); update this one to import it."
)

# status.json's error text for a run exported while it trained (shown as other runs' errors).
RESUMABLE = (
    "Exported from {machine} while it was {state}; resume it to continue from its last checkpoint."
)
FROM_THE_START = (
    "Exported from {machine} while it was {state}, before it saved a checkpoint to continue "
    "from; resuming it trains it again from the start."
)


def destination(relative: str) -> str | None:
    """Where an entry of the run's folder in the zip goes in the imported folder (None: left
    out, e.g. the metrics CSVs export makes from metrics.jsonl)."""
    if relative in (*RUN_FILES, MANIFEST, MODEL_ENTRY):
        return relative
    folder, _, name = relative.partition("/")
    if (folder == "checkpoints" and name in CHECKPOINTS) or (folder == TENSORBOARD and name):
        return relative
    return None


def run_entries(
    entries: list[zipfile.ZipInfo], zip_name: str
) -> tuple[str, list[tuple[zipfile.ZipInfo, str]]]:
    """The run id the zip holds, and each entry to unpack with its place in the run folder.

    Args:
        entries: the zip's file entries, their names already checked (`safe_unzip`).
    """
    tops = {info.filename.split("/")[0] for info in entries}
    run_id = tops.pop() if len(tops) == 1 else ""
    if not RUN_ID_PATTERN.fullmatch(run_id) or any("/" not in i.filename for i in entries):
        raise ConfigError(NOT_A_RUN, zip=zip_name)
    places = []
    for info in entries:
        place = destination(info.filename.split("/", 1)[1])
        if place is not None:
            places.append((info, place))
    present = {place for _, place in places}
    for name in REQUIRED:
        if name not in present:
            raise ConfigError(MISSING, zip=zip_name, name=name)
    return run_id, places


def check_run_files(folder: Path, zip_name: str) -> None:
    """Refuse a run whose files the run store could not read (see the module's list)."""
    data = {}
    for name in (*JSON_FILES, MANIFEST):
        if (folder / name).is_file():
            try:
                data[name] = read_json(folder / name)
            except (ValueError, UnicodeDecodeError):
                raise ConfigError(DAMAGED, zip=zip_name, name=name) from None
    try:
        RunConfig.from_dict(data["config.json"])
    except (ValueError, TypeError, KeyError, AttributeError):  # what a hand-edited file gives
        raise ConfigError(DAMAGED, zip=zip_name, name="config.json") from None
    if data["status.json"].get("state") not in STATES:
        raise ConfigError(DAMAGED, zip=zip_name, name="status.json")
    meta = data["meta.json"]
    created = meta.get("created_at", 0.0)
    if not isinstance(meta.get("tags", []), list) or not isinstance(created, int | float):
        raise ConfigError(DAMAGED, zip=zip_name, name="meta.json")
    for name in JSON_LINES:
        _check_lines(folder / name, zip_name)
    moving = folder / "checkpoints" / "moving_statistics.npz"
    if moving.exists() and not zipfile.is_zipfile(moving):
        raise ConfigError(DAMAGED, zip=zip_name, name="checkpoints/moving_statistics.npz")


def _check_lines(path: Path, zip_name: str) -> None:
    """Every complete line is a JSON object; a last line without its end is one a worker was
    writing as the run was exported: readers skip it, as they do in any run folder."""
    if not path.is_file():
        return
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (ValueError, UnicodeDecodeError):
                record = None
            if not isinstance(record, dict) and line.endswith(b"\n"):
                raise ConfigError(DAMAGED_LINE, zip=zip_name, name=path.name, line=number)


def read_manifest(folder: Path, zip_name: str) -> list[str]:
    """The checkpoints model.keras stands for, from export.json (which is then removed);
    ["best"] for a zip of the first export, which had none."""
    path = folder / MANIFEST
    if not path.is_file():
        return ["best"]
    manifest = read_json(path)  # an object: check_run_files read it
    version, model = manifest.get("format"), manifest.get("model", [])
    if not isinstance(version, int) or isinstance(version, bool):
        raise ConfigError(DAMAGED, zip=zip_name, name=MANIFEST)
    if version > EXPORT_FORMAT:
        raise ConfigError(NEWER, zip=zip_name, format=version)
    if not isinstance(model, list) or not set(model) <= set(MODEL_CHECKPOINTS):
        raise ConfigError(DAMAGED, zip=zip_name, name=MANIFEST)
    path.unlink()
    return [str(which) for which in model]


def machine_of(folder: Path) -> str:
    """The computer the run was made on (config.json's machine.node), "" when unknown."""
    machine = read_json(folder / "config.json").get("machine")
    node = machine.get("node") if isinstance(machine, dict) else None
    return str(node) if node else ""


def imported_record(folder: Path, zip_name: str, run_id: str) -> dict[str, Any]:
    """meta.json's "imported": the computer it came from, when, the zip's name and the run id
    in the zip (so that importing the same zip again finds this copy)."""
    return {"from": machine_of(folder), "at": time.time(), "zip": zip_name, "run_id": run_id}


def finish_status(folder: Path) -> None:
    """Make status.json true here: no process of the other computer, and a run exported while
    it trained (or waited to) reads 'interrupted', resumable when it has a checkpoint."""
    status = read_json(folder / "status.json")
    for field in ("pid", "pid_start"):
        status.pop(field, None)
    if status.get("state") in ACTIVE_STATES:
        checkpoints = folder / "checkpoints"
        resumable = (checkpoints / "last.keras").is_file() and (
            checkpoints / "state.json"
        ).is_file()
        machine = machine_of(folder) or "another computer"
        where = {"machine": machine, "state": status["state"]}
        error = Message(RESUMABLE, **where) if resumable else Message(FROM_THE_START, **where)
        status.update(state="interrupted", ended_at=time.time(), **message_fields("error", error))
    write_json_atomic(folder / "status.json", status)
