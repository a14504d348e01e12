"""The three recipes are the same on the Train page and the command line, named alike."""

from __future__ import annotations

import dataclasses

import pytest
from streamlit.testing.v1 import AppTest

from alexnet.cli.main import build_parser
from alexnet.cli.train_commands import _config_from_args
from alexnet.config.training import (
    RECIPES,
    TrainConfig,
    config_from_dict,
    config_to_dict,
    recipe_name,
)
from tests.app.pages import page_file
from ui.train.settings import FIELDS, RECIPE_BUTTONS


def test_the_fast_recipe_is_the_recommended_one_in_ten_epochs_on_every_training_image():
    fast, recommended = RECIPES["fast"], RECIPES["recommended"]
    assert (fast.epochs, fast.weight_decay, fast.crop_padding) == (10, 0.05, 2)
    assert fast.validation_split == 0.0 < recommended.validation_split
    changed = dict(epochs=15, weight_decay=0.0005, crop_padding=4, validation_split=0.1)
    assert fast.replace(**changed) == recommended


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_each_recipe_round_trips_through_json_and_the_command_line(name):
    recipe = RECIPES[name]
    assert config_from_dict(config_to_dict(recipe)) == recipe
    args = build_parser().parse_args(["train", "--recipe", name])
    assert _config_from_args(args) == recipe


def test_the_page_offers_every_recipe_under_its_command_line_name():
    assert [name for name, _ in RECIPE_BUTTONS] == ["tutorial", "recommended", "fast"]
    assert set(RECIPES) == {name for name, _ in RECIPE_BUTTONS}


@pytest.mark.parametrize("name", [name for name, _ in RECIPE_BUTTONS])
def test_a_recipe_button_sets_every_setting_to_that_recipe(name, runs_dir):
    at = AppTest.from_file(str(page_file("train")), default_timeout=60).run()
    at.button(key=f"train.recipe.{name}").click().run()
    assert not at.exception
    shown = {f: at.session_state[f"train.config.{f}"] for f in FIELDS}
    expected = {f.name: getattr(RECIPES[name], f.name) for f in dataclasses.fields(TrainConfig)}
    expected["early_stopping_patience"] = expected["early_stopping_patience"] or 0  # 0 = off
    assert shown == {f: expected[f] for f in FIELDS}


def test_a_run_is_known_by_its_recipe_whatever_its_epochs_and_seed():
    shipped = RECIPES["recommended"].replace(epochs=30, seed=3, bn_recalibration_images=0)
    assert recipe_name(shipped) == "recommended"
    assert recipe_name(RECIPES["fast"].replace(epochs=20)) == "fast"
    assert recipe_name(RECIPES["tutorial"]) == "tutorial"
    assert recipe_name(RECIPES["fast"].replace(weight_decay=0.01)) is None
