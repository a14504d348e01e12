"""ModelSpec to and from JSON, with errors that say which field is wrong and how."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from alexnet.config.spec import ConvBlock, DenseBlock, ModelSpec

FORMAT_VERSION = 1
MAX_JSON_BYTES = 100_000  # a real spec is ~2 KB; refuse anything absurd before parsing


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


def _field_names(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


def _build(cls: type, data: object, where: str) -> Any:
    if not isinstance(data, dict):
        raise ValueError(f"{where} must be a JSON object {{...}}, got {type(data).__name__}.")
    allowed = _field_names(cls)
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValueError(
            f"{where} has unknown field(s) {', '.join(map(repr, unknown))}; "
            f"allowed fields are {', '.join(allowed)}."
        )
    missing = [
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.name not in data
    ]
    if missing:
        raise ValueError(f"{where} is missing required field(s) {', '.join(missing)}.")
    try:
        return cls(**data)
    except ValueError as error:
        raise ValueError(f"{where}: {error}") from None
    except TypeError as error:  # e.g. a wrong type that the checks above could not name
        raise ValueError(f"{where}: {error}") from None


def _block_list(data: dict[str, Any], key: str, cls: type) -> tuple[Any, ...]:
    items = data.get(key, [])
    if not isinstance(items, list):
        raise ValueError(f"'{key}' must be a JSON list [...], got {type(items).__name__}.")
    return tuple(_build(cls, item, f"{key}[{i}]") for i, item in enumerate(items))


def spec_from_dict(data: object) -> ModelSpec:
    """Build a spec from a dict as written by `spec_to_dict`.

    Args:
        data: the parsed JSON object.

    Raises:
        ValueError: naming the field that is unknown, missing or out of range.
    """
    if not isinstance(data, dict):
        raise ValueError(f"A spec must be a JSON object {{...}}, got {type(data).__name__}.")
    data = dict(data)
    version = data.pop("format_version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise ValueError(
            f"This spec has format_version {version!r}; this version of AlexNet Lab reads "
            f"format_version {FORMAT_VERSION}."
        )
    shape = data.get("input_shape", [32, 32, 3])
    if not isinstance(shape, list) or len(shape) != 3:
        raise ValueError(f"input_shape must be a list [height, width, channels], got {shape!r}.")
    data["input_shape"] = tuple(shape)
    data["conv_blocks"] = _block_list(data, "conv_blocks", ConvBlock)
    data["dense_blocks"] = _block_list(data, "dense_blocks", DenseBlock)
    return _build(ModelSpec, data, "spec")


def spec_from_json(text: str | bytes) -> ModelSpec:
    """Parse spec JSON text (for example an uploaded file).

    Args:
        text: the JSON document.

    Raises:
        ValueError: if the text is too large, not JSON, or not a valid spec.
    """
    size = len(text.encode("utf-8", "replace")) if isinstance(text, str) else len(text)
    if size > MAX_JSON_BYTES:
        raise ValueError(
            f"This spec file is {size:,} bytes; a spec is at most {MAX_JSON_BYTES:,} bytes. "
            "Upload the JSON that the Build page downloads."
        )
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("This spec file is not UTF-8 text; upload a .json file.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"This is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    except RecursionError:
        raise ValueError("This JSON is nested too deeply to be a spec.") from None
    return spec_from_dict(data)
