"""Property-based tests: any valid spec matches Keras; any invalid spec raises ValueError."""

from __future__ import annotations

import copy
from typing import Any

import keras
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alexnet.config.presets import CIFAR10_ALEXNET
from alexnet.config.spec import (
    ACTIVATIONS,
    BATCH_NORM_PLACEMENTS,
    MAX_CLASSES,
    MAX_CONV_BLOCKS,
    MAX_DENSE_BLOCKS,
    MAX_FILTERS,
    MAX_KERNEL_SIZE,
    MAX_STRIDES,
    MAX_UNITS,
    ConvBlock,
    DenseBlock,
    ModelSpec,
)
from alexnet.config.spec_json import spec_from_dict, spec_to_dict
from alexnet.network.builder import build_model
from alexnet.network.layer_table import conv_output_size, layer_table
from tests.unit.keras_reference import keras_rows, table_rows


@pytest.fixture(scope="module", autouse=True)
def _fresh_keras_session_after_module():
    # clear_session costs ~0.2 s, so clear once after the 200 small models, not after each.
    yield
    keras.backend.clear_session()


OPTIONAL_PLACEMENT = st.one_of(st.none(), st.sampled_from(BATCH_NORM_PLACEMENTS))
OPTIONAL_ACTIVATION = st.one_of(st.none(), st.sampled_from(ACTIVATIONS))


@st.composite
def small_valid_specs(draw: st.DrawFn) -> ModelSpec:
    """Specs small enough to build in Keras in milliseconds, every layer fitting its input."""
    input_shape = (draw(st.integers(4, 48)), draw(st.integers(4, 48)), draw(st.integers(1, 4)))
    height, width = input_shape[:2]
    blocks = []
    for _ in range(draw(st.integers(1, 4))):
        kernel_size = draw(st.integers(1, min(height, width, 7)))
        strides = draw(st.integers(1, 3))
        padding = draw(st.sampled_from(["valid", "same"]))
        height = conv_output_size(height, kernel_size, strides, padding)
        width = conv_output_size(width, kernel_size, strides, padding)
        pool_size = draw(st.integers(1, 3))
        pool_strides = draw(st.integers(1, 3))
        # Pool only where the window fits, so every drawn spec is valid by construction.
        pool = pool_size <= min(height, width) and draw(st.booleans())
        if pool:
            height = conv_output_size(height, pool_size, pool_strides, "valid")
            width = conv_output_size(width, pool_size, pool_strides, "valid")
        blocks.append(
            ConvBlock(
                filters=draw(st.integers(1, 32)),
                kernel_size=kernel_size,
                strides=strides,
                padding=padding,
                pool=pool,
                pool_size=pool_size,
                pool_strides=pool_strides,
                activation=draw(OPTIONAL_ACTIVATION),
                batch_norm=draw(OPTIONAL_PLACEMENT),
            )
        )
    dense_block = st.builds(
        DenseBlock,
        units=st.integers(1, 32),
        dropout_rate=st.sampled_from([0.0, 0.25, 0.5]),
        activation=OPTIONAL_ACTIVATION,
        batch_norm=OPTIONAL_PLACEMENT,
    )
    return ModelSpec(
        name=draw(st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=12)),
        conv_blocks=tuple(blocks),
        dense_blocks=tuple(draw(st.lists(dense_block, max_size=2))),
        input_shape=input_shape,
        num_classes=draw(st.integers(2, 12)),
        activation=draw(st.sampled_from(ACTIVATIONS)),
        batch_norm=draw(st.sampled_from(BATCH_NORM_PLACEMENTS)),
        rescale=draw(st.booleans()),
    )


@settings(max_examples=200, deadline=None)
@given(spec=small_valid_specs())
def test_for_any_valid_spec_every_table_row_equals_keras(spec: ModelSpec) -> None:
    table = layer_table(spec)
    model = build_model(spec)
    assert table_rows(table) == keras_rows(model)
    assert table.total_params == model.count_params()


# Values that no numeric field accepts: wrong types, zero, negative, absurdly large.
BAD_COUNTS = st.one_of(
    st.sampled_from([0, -1, 3.5, "3", True, None, [3], {"n": 3}]),
    st.integers(max_value=0),
    st.integers(min_value=MAX_UNITS + 1),
)
BAD_CHOICES = st.one_of(
    st.sampled_from([3, True, ["relu"], "", "RELU"]),
    st.text(max_size=10).filter(lambda s: s not in (*ACTIVATIONS, *BATCH_NORM_PLACEMENTS)),
)


def _set(path: tuple[Any, ...], value: Any):
    """A mutation that sets data[path[0]][path[1]]... to value."""

    def mutate(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


@st.composite
def invalid_spec_dicts(draw: st.DrawFn) -> dict[str, Any]:
    """The CIFAR-10 AlexNet as a dict with exactly one thing made impossible."""
    data = copy.deepcopy(spec_to_dict(CIFAR10_ALEXNET))
    conv = draw(st.integers(0, len(data["conv_blocks"]) - 1))
    dense = draw(st.integers(0, len(data["dense_blocks"]) - 1))
    limits = {
        "filters": MAX_FILTERS,
        "kernel_size": MAX_KERNEL_SIZE,
        "strides": MAX_STRIDES,
        "pool_size": MAX_KERNEL_SIZE,
        "pool_strides": MAX_STRIDES,
    }
    conv_field = draw(st.sampled_from(sorted(limits)))
    mutations = [
        _set(("conv_blocks", conv, conv_field), draw(BAD_COUNTS)),
        _set(("conv_blocks", conv, conv_field), limits[conv_field] + draw(st.integers(1, 99))),
        _set(("conv_blocks", conv, "padding"), draw(BAD_CHOICES)),
        _set(("conv_blocks", conv, "pool"), draw(st.sampled_from([1, "yes", None, 0.0]))),
        _set(
            ("conv_blocks", conv, draw(st.sampled_from(["activation", "batch_norm"]))),
            draw(BAD_CHOICES),
        ),
        _set(("dense_blocks", dense, "units"), draw(BAD_COUNTS)),
        _set(
            ("dense_blocks", dense, "dropout_rate"),
            draw(st.sampled_from([-0.1, 0.95, 1.0, 2, float("nan"), float("inf"), "0.5", None])),
        ),
        _set(("dense_blocks", dense, "batch_norm"), draw(BAD_CHOICES)),
        _set(("input_shape", draw(st.integers(0, 2))), draw(BAD_COUNTS)),
        _set(("input_shape",), draw(st.sampled_from([[32, 32], [32, 32, 3, 1], "32", 32, None]))),
        _set(("num_classes",), draw(st.one_of(BAD_COUNTS, st.just(1), st.just(MAX_CLASSES + 1)))),
        _set(("activation",), draw(BAD_CHOICES)),
        _set(("batch_norm",), draw(BAD_CHOICES)),
        _set(("name",), draw(st.sampled_from(["", "   ", 5, None, "x" * 81, "tab\there"]))),
        _set(("rescale",), draw(st.sampled_from([1, "true", None]))),
        _set(("conv_blocks",), draw(st.sampled_from([[], "conv", None]))),
        _set(("conv_blocks",), data["conv_blocks"][:1] * (MAX_CONV_BLOCKS + 1)),
        _set(("dense_blocks",), data["dense_blocks"][:1] * (MAX_DENSE_BLOCKS + 1)),
        _set((draw(st.sampled_from(["filter", "layers", "lr"])),), 1),
        _set(("conv_blocks", conv, "dilation_rate"), 2),
        # Geometry: a kernel larger than the map that reaches the first conv.
        _set(("input_shape",), [draw(st.integers(1, 10)), 32, 3]),
        _set(("conv_blocks", conv, "kernel_size"), 31),
        # Too big to build: a huge first layer on a large input.
        _set(("input_shape",), [1024, 1024, 3]),
    ]
    draw(st.sampled_from(mutations))(data)
    return data


@settings(max_examples=300, deadline=None)
@given(data=invalid_spec_dicts())
def test_an_invalid_spec_always_raises_value_error_and_nothing_else(data: dict[str, Any]) -> None:
    with pytest.raises(ValueError) as error:
        layer_table(spec_from_dict(data))
    assert len(str(error.value)) > 20  # a sentence that explains, not a bare code


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(data=st.dictionaries(st.sampled_from(list(spec_to_dict(CIFAR10_ALEXNET))), JSON_VALUES))
def test_arbitrary_json_values_in_spec_fields_raise_only_value_error(data: dict[str, Any]) -> None:
    # Over a valid spec, so that some values are accepted (a name, a flag) and others not.
    # Anything but a ValueError fails the test; so does a ValueError that does not explain,
    # or a spec that is accepted but does not survive its own JSON round trip.
    try:
        spec = spec_from_dict({**spec_to_dict(CIFAR10_ALEXNET), **data})
        table = layer_table(spec)
    except ValueError as error:
        assert len(str(error)) > 20, repr(error)
        return
    assert spec_from_dict(spec_to_dict(spec)) == spec
    assert table.total_params == build_model(spec).count_params()
