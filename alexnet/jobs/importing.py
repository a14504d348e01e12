"""Importing run zips with their models checked: what `python -m alexnet import` and the
Runs page's uploader call.

The run store does the importing (`alexnet.store.importing`) but never loads a model; here
each .keras file of a zip is loaded as the app loads models, with Keras' safe mode
(`alexnet.analysis.models.load_model`), so a file that needs unsafe deserialization (a
Lambda layer) is refused with its own sentence before the run exists. TensorFlow is
imported when the first model is checked, never on import of this module.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from alexnet.analysis.models import MAX_CONFIG_BYTES, load_model
from alexnet.store.importing import (
    MAX_UPLOAD_BYTES,
    ImportResult,
    UnsafeModel,
    import_zip,
)
from alexnet.store.run_store import RunStore

UNSAFE_LAYERS = ("Lambda", "TFSMLayer", "TorchModuleWrapper")  # safe mode refuses these
# Words of Keras' refusals of unsafe content (a Python lambda, a TensorFlow SavedModel layer).
UNSAFE_WORDS = ("safe_mode", "Requested the deserialization")


def check_model(path: Path) -> None:
    """Load a .keras file in safe mode, for nothing else than to know it loads.

    Raises:
        UnsafeModel: it holds a layer that runs Python code as it loads (a Lambda layer).
        ValueError: it is not a Keras model that loads, for any other reason.
    """
    if any(name in UNSAFE_LAYERS for name in _class_names(path)):
        raise UnsafeModel(f"{path.name} holds a layer that safe mode refuses")
    try:
        load_model(path)
    except ValueError as error:
        if any(word in str(error) for word in UNSAFE_WORDS):
            raise UnsafeModel(str(error)) from None
        raise


def _class_names(path: Path) -> Iterator[str]:
    """Every class_name in the model's config.json (read without Keras; nothing if unreadable,
    and `load_model` then says what is wrong)."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("config.json")
            if info.file_size > MAX_CONFIG_BYTES:
                return
            config = json.loads(archive.read(info))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return
    stack: list[Any] = [config]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("class_name"), str):
                yield item["class_name"]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def import_file(store: RunStore, path: str | os.PathLike[str]) -> ImportResult:
    """Import a zip file from disk (no size limit beyond the unpacked one).

    Args:
        store: the run store to import into.
        path: the zip.
    """
    return import_zip(store, path, check_model=check_model)


def import_upload(store: RunStore, upload: IO[bytes], file_name: str) -> ImportResult:
    """Import an uploaded zip, refused above `MAX_UPLOAD_BYTES`.

    Args:
        store: the run store to import into.
        upload: the uploaded file, open for reading (e.g. Streamlit's `UploadedFile`).
        file_name: its name as uploaded (only the file name is kept).
    """
    return import_zip(
        store, upload, check_model=check_model, zip_name=file_name, size_limit=MAX_UPLOAD_BYTES
    )
