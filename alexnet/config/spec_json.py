"""ModelSpec to and from JSON, with errors that say which field is wrong and how.

Errors name the place as the Build page does: "model", "conv1", "fc2" (blocks counted from
1), and carry their English template so a page can show them in its language (see
`alexnet.config.checks.ConfigError`).
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

from alexnet.config.checks import ConfigError
from alexnet.config.spec import ConvBlock, DenseBlock, ModelSpec

FORMAT_VERSION = 1
MAX_JSON_BYTES = 100_000  # a real spec is ~2 KB; refuse anything absurd before parsing
BLOCK_LISTS = {"conv_blocks": ("conv", ConvBlock), "dense_blocks": ("fc", DenseBlock)}

# Messages (translated by the pages, see alexnet.config.checks).
NOT_AN_OBJECT = "{where} must be a JSON object {{...}}, got {kind}."
UNKNOWN_FIELDS = "{where} has unknown field(s) {fields}; allowed fields are {allowed}."
MISSING_FIELDS = "{where} is missing required field(s) {fields}."
NOT_A_LIST = "{where}: {key} must be a JSON list [...], got {kind}."
INPUT_SHAPE_LIST = "{where}: input_shape must be a list [height, width, channels], got {value}."
WRONG_VERSION = (
    "This spec has format_version {value}; this version of AlexNet Lab reads format_version "
    "{expected}."
)
WRONG_TYPE = "{where}: {problem}"
TOO_LARGE = (
    "This spec file is {size:,} bytes; a spec is at most {limit:,} bytes. Use the JSON that the "
    "Build page downloads."
)
NOT_UTF8 = "This spec file is not UTF-8 text; use a .json file."
NOT_JSON = "This is not valid JSON (line {line}, column {column}: {reason})."
TOO_DEEP = "This JSON is nested too deeply to be a spec."
NO_SUCH_FILE = "There is no spec file {path}; give the path of a .json spec."
A_FOLDER = "{path} is a folder, not a spec file; give the path of a .json spec."
UNREADABLE = "The spec file {path} cannot be read ({reason})."


def block_place(kind: str, index: int) -> str:
    """A block as the Build page names it: ("conv", 0) -> "conv1", ("fc", 1) -> "fc2"."""
    return f"{kind}{index + 1}"


def spec_to_dict(spec: ModelSpec) -> dict[str, Any]:
    """A plain dict (lists, not tuples) ready for `json.dumps`."""
    data = dataclasses.asdict(spec)
    # asdict keeps tuples; JSON and spec_from_dict expect lists.
    data["input_shape"] = list(spec.input_shape)
    data["conv_blocks"] = list(data["conv_blocks"])
    data["dense_blocks"] = list(data["dense_blocks"])
    return {"format_version": FORMAT_VERSION, **data}


def spec_to_json(spec: ModelSpec) -> str:
    """The spec as indented JSON text."""
    return json.dumps(spec_to_dict(spec), indent=2)


def _build(cls: type, data: object, where: str) -> Any:
    if not isinstance(data, dict):
        raise ConfigError(NOT_AN_OBJECT, where=where, kind=type(data).__name__)
    allowed = [f.name for f in dataclasses.fields(cls)]
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ConfigError(
            UNKNOWN_FIELDS, where=where, fields=", ".join(map(repr, unknown)),
            allowed=", ".join(allowed),
        )  # fmt: skip
    missing = [
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.name not in data
    ]
    if missing:
        raise ConfigError(MISSING_FIELDS, where=where, fields=", ".join(missing))
    try:
        return cls(**data)
    except ConfigError as error:
        raise error.at(where) from None
    except (TypeError, ValueError) as error:  # a wrong type the checks above could not name
        raise ConfigError(WRONG_TYPE, where=where, problem=str(error)) from None


def _block_list(data: dict[str, Any], key: str) -> tuple[Any, ...]:
    kind, cls = BLOCK_LISTS[key]
    items = data.get(key, [])
    if not isinstance(items, list):
        raise ConfigError(NOT_A_LIST, where="model", key=key, kind=type(items).__name__)
    return tuple(_build(cls, item, block_place(kind, i)) for i, item in enumerate(items))


def spec_from_dict(data: object) -> ModelSpec:
    """Build a spec from a dict as written by `spec_to_dict` (left-out fields: defaults).

    Args:
        data: the parsed JSON object.

    Raises:
        ValueError: a `ConfigError` naming the field that is unknown, missing or out of range.
    """
    if not isinstance(data, dict):
        raise ConfigError(NOT_AN_OBJECT, where="The spec", kind=type(data).__name__)
    data = dict(data)
    version = data.pop("format_version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise ConfigError(WRONG_VERSION, value=repr(version), expected=FORMAT_VERSION)
    shape = data.get("input_shape", list(ModelSpec.__dataclass_fields__["input_shape"].default))
    if not isinstance(shape, list) or len(shape) != 3:
        raise ConfigError(INPUT_SHAPE_LIST, where="model", value=repr(shape))
    data["input_shape"] = tuple(shape)
    for key in BLOCK_LISTS:
        data[key] = _block_list(data, key)
    return _build(ModelSpec, data, "model")


def filled_defaults(data: object) -> list[tuple[str, str, Any]]:
    """The fields a spec dict leaves out, which `spec_from_dict` fills with their defaults.

    Args:
        data: a parsed spec JSON object (one `spec_from_dict` accepts).

    Returns:
        (place, field, default) for each, e.g. ("model", "input_shape", (32, 32, 3)) or
        ("conv2", "padding", "same"); empty when the file says everything.
    """
    if not isinstance(data, dict):
        return []
    filled = [
        ("model", f.name, f.default)
        for f in dataclasses.fields(ModelSpec)
        if f.name not in data and f.default is not dataclasses.MISSING
    ]
    for key, (kind, cls) in BLOCK_LISTS.items():
        items = data.get(key)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                filled += [
                    (block_place(kind, i), f.name, f.default)
                    for f in dataclasses.fields(cls)
                    if f.name not in item and f.default is not dataclasses.MISSING
                ]
    return filled


def parse_spec_json(text: str | bytes) -> Any:
    """The JSON object of a spec file's text, checked for size and encoding first.

    Raises:
        ValueError: a `ConfigError` if the text is too large, not UTF-8 or not JSON.
    """
    size = len(text.encode("utf-8", "replace")) if isinstance(text, str) else len(text)
    if size > MAX_JSON_BYTES:
        raise ConfigError(TOO_LARGE, size=size, limit=MAX_JSON_BYTES)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise ConfigError(NOT_UTF8) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigError(
            NOT_JSON, line=error.lineno, column=error.colno, reason=error.msg
        ) from None
    except RecursionError:
        raise ConfigError(TOO_DEEP) from None


def spec_from_json(text: str | bytes) -> ModelSpec:
    """Parse spec JSON text (for example an uploaded file).

    Raises:
        ValueError: a `ConfigError` if the text is too large, not JSON, or not a valid spec.
    """
    return spec_from_dict(parse_spec_json(text))


def read_spec_file(path: str | os.PathLike[str]) -> ModelSpec:
    """The spec in a JSON file (as the Build page downloads, or `python -m alexnet spec`).

    Raises:
        ValueError: a `ConfigError` for a missing, unreadable or invalid file.
    """
    file = Path(path).expanduser()
    try:
        if file.is_dir():
            raise ConfigError(A_FOLDER, path=str(file))
        if file.stat().st_size > MAX_JSON_BYTES:
            raise ConfigError(TOO_LARGE, size=file.stat().st_size, limit=MAX_JSON_BYTES)
        data = file.read_bytes()
    except FileNotFoundError:
        raise ConfigError(NO_SUCH_FILE, path=str(file)) from None
    except OSError as error:
        raise ConfigError(UNREADABLE, path=str(file), reason=error.strerror or error) from None
    return spec_from_json(data)
