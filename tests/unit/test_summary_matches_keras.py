"""The pure-Python layer table agrees with what Keras reports, row by row."""

from __future__ import annotations

import keras
import pytest

from alexnet.config.presets import PRESET_PARAMS, PRESETS, get_preset
from alexnet.config.spec import BATCH_NORM_PLACEMENTS
from alexnet.network.builder import build_model
from alexnet.network.layer_table import layer_table
from tests.unit.keras_reference import keras_rows, table_rows


@pytest.fixture(scope="module", autouse=True)
def _fresh_keras_session_after_module():
    # Dropping the built models once at the end keeps memory flat for later test files.
    yield
    keras.backend.clear_session()


@pytest.mark.parametrize("placement", BATCH_NORM_PLACEMENTS)
@pytest.mark.parametrize("preset_id", list(PRESETS))
def test_every_row_of_the_table_equals_keras_for_each_preset_and_batch_norm_placement(
    preset_id: str, placement: str
) -> None:
    spec = get_preset(preset_id).with_batch_norm(placement)
    model = build_model(spec)
    table = layer_table(spec)
    assert table_rows(table) == keras_rows(model)
    assert table.total_params == model.count_params()


@pytest.mark.parametrize("preset_id", list(PRESETS))
def test_preset_totals_equal_the_tutorial(preset_id: str) -> None:
    spec = get_preset(preset_id)
    table = layer_table(spec)
    assert table.total_params == PRESET_PARAMS[preset_id]
    assert table_rows(table) == keras_rows(build_model(spec))


def test_the_tutorial_totals_are_the_published_numbers() -> None:
    assert PRESET_PARAMS == {
        "imagenet_alexnet": 62_378_344,
        "cifar10_alexnet": 653_234,
        "cifar10_alexnet_bn": 654_738,
    }


def test_batch_norm_preset_has_752_non_trainable_params_as_keras_reports() -> None:
    # Two of BatchNormalization's four per-channel numbers (moving mean and variance) are
    # not trained: 2 x (96 + 56 + 84 + 84 + 56) = 752.
    spec = get_preset("cifar10_alexnet_bn")
    table = layer_table(spec)
    model = build_model(spec)
    non_trainable = sum(
        sum(int(w.numpy().size) for w in layer.non_trainable_weights) for layer in model.layers
    )
    assert table.non_trainable_params == non_trainable == 752
    assert table.trainable_params == 654_738 - 752


def test_batch_norm_before_activation_adds_four_params_per_filter() -> None:
    plain = layer_table(get_preset("cifar10_alexnet"))
    with_bn = layer_table(get_preset("cifar10_alexnet_bn"))
    filters = sum(b.filters for b in get_preset("cifar10_alexnet").conv_blocks)
    assert with_bn.total_params - plain.total_params == 4 * filters


def test_table_names_follow_the_keras_model_naming() -> None:
    names = [r.name for r in layer_table(get_preset("cifar10_alexnet_bn")).rows]
    assert names[:5] == ["rescaling", "conv1", "conv1_bn", "conv1_relu", "pool1"]
    assert names[-1] == "predictions"
