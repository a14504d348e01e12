"""CIFAR-10 decoded once into `.npy` files, memory-mapped every time after that.

Why: a training worker that decodes the archive holds its own 184 MB of images (a pair of
workers, twice that) and spends about 1.5 s decoding at every start. From the cache a run
opens the arrays at once, and the images stay in the operating system's file cache: one
copy for every process that reads them, which the system can drop and read again when memory
runs short. `alexnet.data.file_rows` reads batches from it without mapping the pages into the
process, so a worker's resident memory holds the batches in flight, not the data set.

An entry is keyed by the source's resolved path and checked against the sizes and times of its
files; a changed source is decoded again. Where the cache cannot be written (a read-only or
full disk) the decoded arrays are returned as they are: slower to start, never an error.
Folder: `$ALEXNET_DATA_CACHE`, else `datasets/alexnet-arrays` in Keras' folder, beside the
CIFAR-10 that Keras downloads.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from alexnet.config.messages import message_data, stored_message
from alexnet.data.cifar10 import FOLDER_NAME, TEST_BATCH, TRAIN_BATCHES
from alexnet.data.dataset import ImageData
from alexnet.data.folders import keras_home
from alexnet.store.files import file_lock

CACHE_ENV_VAR = "ALEXNET_DATA_CACHE"
_FORMAT = 1  # bump when the files' layout changes: older entries are then decoded again
_META = "meta.json"
Reader = Callable[[Path], ImageData]
_IMAGES = ("x_train", "x_test")
_LABELS = ("y_train", "y_test")


def cache_folder() -> Path:
    """Where decoded data sets are kept: `$ALEXNET_DATA_CACHE`, else beside Keras' datasets."""
    if os.environ.get(CACHE_ENV_VAR):
        return Path(os.environ[CACHE_ENV_VAR]).expanduser()
    return keras_home() / "datasets" / "alexnet-arrays"


def _source_files(source: Path) -> list[Path]:
    if source.is_file():
        return [source]
    folder = source
    if not (folder / TEST_BATCH).exists() and (folder / FOLDER_NAME).is_dir():
        folder = folder / FOLDER_NAME
    return [folder / name for name in (*TRAIN_BATCHES, TEST_BATCH)]


def _stamp(source: Path) -> dict[str, Any]:
    """What identifies the source's contents: each file's path, size and modification time."""
    files = []
    for file in _source_files(source):
        stat = file.stat()
        files.append([str(file), stat.st_size, stat.st_mtime_ns])
    return {"format": _FORMAT, "files": files}


def _entry(source: Path) -> Path:
    key = hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:16]
    return cache_folder() / f"cifar10-{key}"


def _open(entry: Path, stamp: dict[str, Any]) -> ImageData | None:
    """The entry's data set with memory-mapped images, or None if it is missing or stale."""
    try:
        meta = json.loads((entry / _META).read_text(encoding="utf-8"))
        if meta.get("stamp") != stamp:
            return None
        arrays = {name: np.load(entry / f"{name}.npy", mmap_mode="r") for name in _IMAGES}
        arrays.update({name: np.load(entry / f"{name}.npy") for name in _LABELS})
        return ImageData(
            **arrays,
            class_names=tuple(meta["class_names"]),
            source="path",
            description=stored_message(str(meta["description"]), meta.get("description_message")),
        )
    except (OSError, ValueError, KeyError, TypeError):  # missing, half-written or foreign
        return None


def _write(entry: Path, data: ImageData, stamp: dict[str, Any]) -> None:
    """Write the entry under a temporary name, then rename it: readers never see half of it."""
    tmp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        for name in (*_IMAGES, *_LABELS):
            np.save(tmp / f"{name}.npy", getattr(data, name))
        meta = {
            "stamp": stamp, "class_names": data.class_names, "description": data.description,
            "description_message": message_data(data.description),  # for a page's language
        }  # fmt: skip
        (tmp / _META).write_text(json.dumps(meta), encoding="utf-8")
        shutil.rmtree(entry, ignore_errors=True)  # a stale entry; open maps keep their files
        tmp.rename(entry)  # fails if another process just wrote it: theirs is as good
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _decode_into(entry: Path, stamp: dict[str, Any], path: Path, read: Reader) -> ImageData:
    """Read the source and write the entry, unless another process wrote it meanwhile."""
    with file_lock(entry.parent / f".{entry.name}.lock"):
        cached = _open(entry, stamp)  # the other worker of a pair may have just written it
        if cached is not None:
            return cached
        data = read(path)
        # A cache that cannot be written only costs the next start its decoding.
        with contextlib.suppress(OSError):
            _write(entry, data, stamp)
    cached = _open(entry, stamp)
    return data if cached is None else cached


def read_cached(source: str | os.PathLike, read: Reader) -> ImageData:
    """The data set at `source`, from the cache when it is current, else read and cached.

    Processes that start at once (the two runs of a pair) decode it once: one writes while
    the other waits, then maps what was written.

    Args:
        source: a CIFAR-10 archive or folder.
        read: reads the source (`alexnet.data.read_cifar10`); its errors pass through.

    Returns:
        The `ImageData` `read` gives, with `x_train` and `x_test` as read-only
        `np.memmap` arrays when the cache could be used.
    """
    path = Path(source).expanduser()
    try:
        stamp = _stamp(path)
    except OSError:  # missing or unreadable: `read` says what is wrong in its own words
        return read(path)
    entry = _entry(path)
    cached = _open(entry, stamp)
    if cached is not None:
        return cached
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
    except OSError:  # no cache folder here (read-only disk, a file in the way)
        return read(path)
    return _decode_into(entry, stamp, path, read)
