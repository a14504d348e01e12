"""Files that travel: no absolute path of the machine that wrote them.

A run folder records where its data was (`config.json` data path, the data description in
`status.json` and `evaluation.json`). That is right for the machine's own runs and wrong in
files that leave it (the shipped models, the docs): there a path names somebody's folders
and points nowhere. `portable_json` replaces every given path by its file name.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import Any

JSON_FILES = ("config.json", "meta.json", "status.json", "evaluation.json", "shipped.json")


def portable_text(text: str, paths: Iterable[str | os.PathLike[str]]) -> str:
    """`text` with each of `paths` (and any path inside one) replaced by its last part."""
    for path in sorted({str(p) for p in paths if str(p)}, key=len, reverse=True):
        text = text.replace(path, PurePath(path).name)
    return text


def _portable(value: Any, paths: list[str]) -> Any:
    if isinstance(value, str):
        return portable_text(value, paths)
    if isinstance(value, list):
        return [_portable(v, paths) for v in value]
    if isinstance(value, dict):
        return {k: _portable(v, paths) for k, v in value.items()}
    return value


def portable_json(folder: Path, paths: Iterable[str | os.PathLike[str]]) -> None:
    """Rewrite a run folder's JSON files with `paths` reduced to file names (`JSON_FILES`)."""
    wanted = [str(p) for p in paths if p]
    for name in JSON_FILES:
        file = folder / name
        if file.is_file():
            data = json.loads(file.read_text(encoding="utf-8"))
            file.write_text(json.dumps(_portable(data, wanted), indent=2), encoding="utf-8")
