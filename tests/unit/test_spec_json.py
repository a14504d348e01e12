"""Specs survive a JSON round trip; bad JSON is refused with a message that helps."""

from __future__ import annotations

import json

import pytest

from alexnet.config.presets import (
    CIFAR10_ALEXNET,
    CIFAR10_ALEXNET_BN,
    IMAGENET_ALEXNET,
    PRESETS,
    get_preset,
)
from alexnet.config.spec_json import (
    MAX_JSON_BYTES,
    filled_defaults,
    read_spec_file,
    spec_from_dict,
    spec_from_json,
    spec_to_dict,
    spec_to_json,
)


@pytest.mark.parametrize("preset_id", list(PRESETS))
def test_every_preset_survives_a_json_round_trip(preset_id: str) -> None:
    spec = get_preset(preset_id)
    assert spec_from_json(spec_to_json(spec)) == spec
    assert spec_from_dict(spec_to_dict(spec)) == spec


def test_a_round_trip_keeps_per_block_overrides() -> None:
    spec = get_preset("cifar10_alexnet").replace_conv(
        1, batch_norm="after_activation", activation="elu"
    )
    spec = spec.replace_dense(0, dropout_rate=0.5, batch_norm="before_activation")
    assert spec_from_json(spec_to_json(spec)) == spec


def test_json_bytes_are_accepted_like_text() -> None:
    spec = get_preset("cifar10_alexnet_bn")
    assert spec_from_json(spec_to_json(spec).encode("utf-8")) == spec


def _cifar_dict() -> dict:
    return spec_to_dict(get_preset("cifar10_alexnet"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "not valid JSON"),
        ("{'name': 'single quotes'}", "not valid JSON"),
        ('{"name": "x", "conv_blocks": [', "line 1"),
        ("[1, 2, 3]", "must be a JSON object"),
        ('"a spec"', "must be a JSON object"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
)
def test_malformed_json_is_rejected_with_a_clear_error(text: str | bytes, expected: str) -> None:
    with pytest.raises(ValueError, match=expected):
        spec_from_json(text)


def test_an_unknown_top_level_field_is_named_with_the_allowed_fields() -> None:
    data = {**_cifar_dict(), "learning_rate": 0.01}
    with pytest.raises(ValueError, match=r"unknown field\(s\) 'learning_rate'.*allowed fields"):
        spec_from_json(json.dumps(data))


def test_an_unknown_block_field_names_the_block() -> None:
    data = _cifar_dict()
    data["conv_blocks"][2]["dilation_rate"] = 2
    with pytest.raises(ValueError, match=r"conv3 has unknown field\(s\) 'dilation_rate'"):
        spec_from_json(json.dumps(data))


def test_a_missing_required_field_is_named() -> None:
    data = _cifar_dict()
    del data["conv_blocks"][0]["filters"]
    with pytest.raises(ValueError, match=r"^conv1 is missing required field\(s\) filters"):
        spec_from_json(json.dumps(data))


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("conv_blocks", 0, "filters"), "96", r"^conv1: filters must be a whole number"),
        (("conv_blocks", 1, "kernel_size"), 5.0, r"kernel_size must be a whole number"),
        (("conv_blocks", 0, "pool"), "yes", r"pool must be true or false"),
        (("dense_blocks", 0, "units"), True, r"^fc1: units must be a whole number"),
        (("dense_blocks", 1, "dropout_rate"), "0.5", r"dropout_rate must be a finite number"),
        (("input_shape",), "32x32x3", r"input_shape must be a list"),
        (("input_shape",), [32, 32], r"input_shape must be a list"),
        (("conv_blocks",), {"filters": 3}, r"conv_blocks must be a JSON list"),
        (("num_classes",), None, r"num_classes must be a whole number"),
        (("name",), 42, r"name must be a non-empty text"),
        (("format_version",), 2, r"format_version 2"),
    ],
)
def test_a_wrong_type_is_rejected_naming_the_field(
    path: tuple, value: object, expected: str
) -> None:
    data = _cifar_dict()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ValueError, match=expected):
        spec_from_json(json.dumps(data))


def test_json_nested_too_deeply_is_rejected() -> None:
    deep = "[" * 50_000 + "]" * 50_000
    with pytest.raises(ValueError, match="nested too deeply"):
        spec_from_json(deep)


def test_deep_nesting_inside_a_field_is_rejected_as_a_wrong_type() -> None:
    data = _cifar_dict()
    data["name"] = json.loads("[" * 200 + "]" * 200)
    with pytest.raises(ValueError, match="name must be a non-empty text"):
        spec_from_json(json.dumps(data))


def test_a_file_larger_than_the_limit_is_rejected_before_parsing() -> None:
    data = {**_cifar_dict(), "name": "x" * MAX_JSON_BYTES}
    with pytest.raises(ValueError, match=f"at most {MAX_JSON_BYTES:,} bytes"):
        spec_from_json(json.dumps(data))


def test_the_size_limit_counts_bytes_not_characters() -> None:
    # Each Korean syllable is three bytes in UTF-8.
    text = '{"name": "' + "가" * (MAX_JSON_BYTES // 2) + '"}'
    with pytest.raises(ValueError, match="bytes"):
        spec_from_json(text)


def test_left_out_fields_are_listed_with_the_defaults_they_take() -> None:
    data = _cifar_dict()
    del data["input_shape"], data["num_classes"], data["conv_blocks"][1]["padding"]
    filled = filled_defaults(data)
    assert ("model", "input_shape", (32, 32, 3)) in filled
    assert ("model", "num_classes", 10) in filled
    assert ("conv2", "padding", "same") in filled
    assert filled_defaults(_cifar_dict()) == []


def test_a_spec_file_that_is_missing_a_folder_or_unreadable_gets_one_plain_line(tmp_path) -> None:
    with pytest.raises(ValueError, match=r"^There is no spec file .*missing\.json"):
        read_spec_file(tmp_path / "missing.json")
    with pytest.raises(ValueError, match=r"is a folder, not a spec file"):
        read_spec_file(tmp_path)
    plain = tmp_path / "plain.json"
    plain.write_text("{}")
    with pytest.raises(ValueError, match=r"cannot be read \(Not a directory\)"):
        read_spec_file(plain / "inside.json")  # a path through a file: readable by no one


def test_a_spec_file_round_trips(tmp_path) -> None:
    path = tmp_path / "net.json"
    path.write_text(spec_to_json(CIFAR10_ALEXNET_BN), encoding="utf-8")
    assert read_spec_file(path) == CIFAR10_ALEXNET_BN


def test_the_slug_names_files_and_keras_models_without_punctuation_runs() -> None:
    assert CIFAR10_ALEXNET_BN.slug == "cifar10_alexnet_batchnorm"
    assert IMAGENET_ALEXNET.slug == "imagenet_alexnet"
    assert CIFAR10_ALEXNET.replace(name="***").slug == "alexnet"
