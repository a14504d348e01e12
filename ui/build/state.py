"""The Build page's widget state: a spec spread over widget keys, and back.

Every editable field has one widget key (`build.conv.2.filters`). `load_spec` writes a spec
into those keys (before the widgets are drawn, or in a callback); `spec_from_widgets` reads
them back into a `ModelSpec`. Adding and removing blocks happens in callbacks, which run
before the script, so the widgets are drawn with the new values.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import streamlit as st

from alexnet.config.checks import ConfigError
from alexnet.config.presets import PRESETS, get_preset
from alexnet.config.spec import ConvBlock, DenseBlock, ModelSpec
from alexnet.config.spec_json import filled_defaults, parse_spec_json, spec_from_dict
from alexnet.network.layer_table import conv_output_size
from ui import state

CONV_FIELDS = tuple(f.name for f in dataclasses.fields(ConvBlock))
DENSE_FIELDS = tuple(f.name for f in dataclasses.fields(DenseBlock))
MODEL_FIELDS = ("name", "height", "width", "channels", "num_classes", "activation")
MODEL_FIELDS += ("batch_norm", "rescale")
PRESET_KEY = "build.preset"
UPLOAD_KEY = "build.upload"
UPLOAD_NOTE_KEY = "build.upload_note"  # what to say about the uploaded file
# Select boxes show None as "nothing chosen", so a block's "use the model's setting"
# (None in the spec) is this value in the widgets.
MODEL_DEFAULT = "model"
_OVERRIDES = ("batch_norm", "activation")
_CONV_COUNT = "build.conv_count"
_DENSE_COUNT = "build.dense_count"


def key(*parts: object) -> str:
    """The widget key of a field, e.g. key("conv", 0, "filters") -> "build.conv.0.filters"."""
    return "build." + ".".join(map(str, parts))


def conv_count() -> int:
    return st.session_state[_CONV_COUNT]


def dense_count() -> int:
    return st.session_state[_DENSE_COUNT]


def _write_blocks(kind: str, fields: tuple[str, ...], blocks: list[dict[str, Any]]) -> None:
    for i, block in enumerate(blocks):
        for field in fields:
            value = block[field]
            if field in _OVERRIDES and value is None:
                value = MODEL_DEFAULT
            st.session_state[key(kind, i, field)] = value
    st.session_state[_CONV_COUNT if kind == "conv" else _DENSE_COUNT] = len(blocks)


def _read_blocks(kind: str, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    count = conv_count() if kind == "conv" else dense_count()
    blocks = [{f: st.session_state[key(kind, i, f)] for f in fields} for i in range(count)]
    for block in blocks:
        for field in _OVERRIDES:
            if block[field] == MODEL_DEFAULT:
                block[field] = None
    return blocks


def load_spec(spec: ModelSpec) -> None:
    """Write every field of `spec` into the widget keys."""
    height, width, channels = spec.input_shape
    values = {"name": spec.name, "height": height, "width": width, "channels": channels}
    values |= {"num_classes": spec.num_classes, "activation": spec.activation}
    values |= {"batch_norm": spec.batch_norm, "rescale": spec.rescale}
    for field, value in values.items():
        st.session_state[key(field)] = value
    _write_blocks("conv", CONV_FIELDS, [dataclasses.asdict(b) for b in spec.conv_blocks])
    dense = [dataclasses.asdict(b) for b in spec.dense_blocks]
    for block in dense:  # a JSON file may say 0; the widget needs a float
        block["dropout_rate"] = float(block["dropout_rate"])
    _write_blocks("dense", DENSE_FIELDS, dense)


def ensure_loaded() -> None:
    """Fill the widget keys from the session's spec unless they already hold an edit.

    Streamlit forgets a page's widget values when another page is shown, so coming back
    reloads the last valid spec.
    """
    ss = st.session_state
    if PRESET_KEY not in ss:
        # Show which preset the session's spec is, if it is one unchanged.
        spec = state.current_spec()
        ss[PRESET_KEY] = next((k for k, v in PRESETS.items() if v == spec), None)
    if _CONV_COUNT not in ss or _DENSE_COUNT not in ss or not _all_keys_present():
        load_spec(state.current_spec())


def _all_keys_present() -> bool:
    ss = st.session_state
    wanted = [key(f) for f in MODEL_FIELDS]
    wanted += [key("conv", i, f) for i in range(conv_count()) for f in CONV_FIELDS]
    wanted += [key("dense", i, f) for i in range(dense_count()) for f in DENSE_FIELDS]
    return all(k in ss for k in wanted)


def _model_settings() -> dict[str, Any]:
    """The model's own fields (all but the blocks) as the widgets hold them."""
    ss = st.session_state
    return {
        "name": ss[key("name")],
        "input_shape": (ss[key("height")], ss[key("width")], ss[key("channels")]),
        "num_classes": ss[key("num_classes")],
        "activation": ss[key("activation")],
        "batch_norm": ss[key("batch_norm")],
        "rescale": ss[key("rescale")],
    }


def problems() -> dict[str, ConfigError]:
    """The settings out of range, by place ("model", "conv2", "fc1"), each with its reason.

    Each block is checked on its own and the model's own fields with a stand-in block, by the
    spec's checks, so every wrong setting is named, not only the first.
    """
    found: dict[str, ConfigError] = {}
    for kind, fields, cls, prefix in (
        ("conv", CONV_FIELDS, ConvBlock, "conv"), ("dense", DENSE_FIELDS, DenseBlock, "fc"),
    ):  # fmt: skip
        for i, block in enumerate(_read_blocks(kind, fields)):
            try:
                cls(**block)
            except ConfigError as error:
                found[f"{prefix}{i + 1}"] = error.at(f"{prefix}{i + 1}")
    try:
        ModelSpec(**_model_settings(), conv_blocks=(ConvBlock(filters=1, kernel_size=1),))
    except ConfigError as error:
        found["model"] = error
    return found


def spec_from_widgets() -> ModelSpec:
    """The spec the widgets describe.

    Raises:
        ValueError: a `ConfigError` if a field is out of range (the geometry is checked by
            layer_table).
    """
    found = problems()
    if found:
        raise next(iter(found.values()))
    return ModelSpec(
        **_model_settings(),
        conv_blocks=tuple(ConvBlock(**b) for b in _read_blocks("conv", CONV_FIELDS)),
        dense_blocks=tuple(DenseBlock(**b) for b in _read_blocks("dense", DENSE_FIELDS)),
    )


# Callbacks (run before the script, so the widgets are drawn with the new values).


def on_preset_chosen() -> None:
    preset_id = st.session_state[PRESET_KEY]
    if preset_id is not None:
        load_spec(get_preset(preset_id))
        st.session_state[UPLOAD_NOTE_KEY] = None


def on_model_batch_norm_changed() -> None:
    # One switch for the whole model: per-block overrides would otherwise hide the change.
    for kind in ("conv", "dense"):
        count = conv_count() if kind == "conv" else dense_count()
        for i in range(count):
            st.session_state[key(kind, i, "batch_norm")] = MODEL_DEFAULT


def _final_map_side(blocks: list[dict[str, Any]]) -> int:
    """The smaller side of the feature map after the conv blocks (<= 0 if it collapsed)."""
    sides = [st.session_state[key("height")], st.session_state[key("width")]]
    for b in blocks:
        sides = [conv_output_size(n, b["kernel_size"], b["strides"], b["padding"]) for n in sides]
        if b["pool"]:
            sides = [conv_output_size(n, b["pool_size"], b["pool_strides"], "valid") for n in sides]
    return min(sides)


def add_conv_block() -> None:
    blocks = _read_blocks("conv", CONV_FIELDS)
    # A copy of the last block that keeps the map's size (same padding, strides 1, no pool),
    # with a kernel that fits the map reaching it, so adding a block never breaks the model.
    kernel_size = max(1, min(blocks[-1]["kernel_size"], _final_map_side(blocks)))
    blocks.append(
        {
            **blocks[-1],
            "kernel_size": kernel_size,
            "strides": 1,
            "padding": "same",
            "pool": False,
            "batch_norm": None,
            "activation": None,
        }
    )
    _write_blocks("conv", CONV_FIELDS, blocks)


def remove_conv_block(index: int) -> None:
    blocks = _read_blocks("conv", CONV_FIELDS)
    if len(blocks) > 1:
        del blocks[index]
        _write_blocks("conv", CONV_FIELDS, blocks)


def add_dense_block() -> None:
    blocks = _read_blocks("dense", DENSE_FIELDS)
    new = blocks[-1] if blocks else {"units": 128, "dropout_rate": 0.0}
    blocks.append({**new, "batch_norm": None, "activation": None})
    _write_blocks("dense", DENSE_FIELDS, blocks)


def remove_dense_block(index: int) -> None:
    blocks = _read_blocks("dense", DENSE_FIELDS)
    del blocks[index]
    _write_blocks("dense", DENSE_FIELDS, blocks)


def _fingerprint() -> tuple:
    """The network the widgets hold now (a later edit changes it)."""
    ss = st.session_state
    return tuple(sorted((k, repr(v)) for k, v in ss.items() if k.startswith("build.") and
                        k not in (UPLOAD_KEY, UPLOAD_NOTE_KEY, PRESET_KEY)))  # fmt: skip


def on_upload() -> None:
    uploaded = st.session_state.get(UPLOAD_KEY)
    st.session_state[UPLOAD_NOTE_KEY] = None
    if uploaded is None:  # the file was removed: so is what was said about it
        return
    try:
        data = parse_spec_json(uploaded.getvalue())
        spec = spec_from_dict(data)
    except ConfigError as error:
        st.session_state[UPLOAD_NOTE_KEY] = ("error", error, _fingerprint())
        return
    st.session_state[PRESET_KEY] = None
    load_spec(spec)
    filled = filled_defaults(data)
    if filled:
        st.session_state[UPLOAD_NOTE_KEY] = ("defaults", filled, _fingerprint())


def upload_note() -> tuple[str, object] | None:
    """("error", ConfigError) or ("defaults", [(place, field, value)...]) about the last
    upload, while the uploader still holds it and the network is as the upload left it."""
    note = st.session_state.get(UPLOAD_NOTE_KEY)
    if note is None or st.session_state.get(UPLOAD_KEY) is None:
        return None
    kind, detail, fingerprint = note
    return (kind, detail) if fingerprint == _fingerprint() else None
