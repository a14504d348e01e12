"""Training with recalibrated batch normalization: what is recorded, saved and resumed."""

from __future__ import annotations

import math

import keras
import numpy as np
import pytest

from alexnet.config.run_config import run_config
from alexnet.config.spec import ModelSpec
from alexnet.config.training import TrainConfig
from alexnet.store.run_store import RunStore
from alexnet.training.bn_recalibration import moving_statistics
from alexnet.training.callbacks import read_moving_statistics
from tests.specs import TINY_BN

# 192 images to fit on (3 batches), 64 to validate on; recalibration on 128 of the 192.
CONFIG = TrainConfig(
    train_size=256, batch_size=64, epochs=2, validation_split=0.25, log_every_steps=1,
    bn_recalibration_images=128,
)  # fmt: skip
MOVING_FIELDS = ("val_loss_moving", "val_accuracy_moving", "recalibration_seconds")


def _train(store: RunStore, spec: ModelSpec, config: TrainConfig) -> str:
    from alexnet.training.fit import train_run

    run_id = store.create(run_config(spec, config, data_source="sample"))
    assert train_run(store, run_id) == "finished"
    return run_id


def _checkpoint(store: RunStore, run_id: str) -> keras.Model:
    return keras.models.load_model(store.checkpoint(run_id, "last"), compile=False)


def test_a_bn_run_records_both_validations_and_a_run_without_bn_only_one(store):
    with_bn = store.read_metrics(_train(store, TINY_BN, CONFIG), "epoch")
    without = store.read_metrics(_train(store, TINY_BN.with_batch_norm("none"), CONFIG), "epoch")
    for record in with_bn:
        for key in ("val_loss", "val_accuracy", *MOVING_FIELDS):
            assert math.isfinite(record[key]), key
        assert record["recalibration_seconds"] > 0
    for record in without:
        assert math.isfinite(record["val_accuracy"])
        assert not set(MOVING_FIELDS) & set(record)


def test_checkpoints_hold_recalibrated_statistics_and_training_its_own_beside_them(store):
    run_id = _train(store, TINY_BN, CONFIG)
    folder = store.run_dir(run_id)
    saved = moving_statistics(_checkpoint(store, run_id))
    training_own = read_moving_statistics(folder)
    assert training_own is not None and len(training_own) == len(saved) == 6  # 3 layers
    for recalibrated, own in zip(saved, training_own, strict=True):
        assert not np.allclose(recalibrated, own)  # training alone left other statistics
    best = keras.models.load_model(store.checkpoint(run_id, "best"), compile=False)
    assert len(moving_statistics(best)) == 6


def test_recalibration_changes_nothing_that_training_does(store):
    on = _train(store, TINY_BN, CONFIG)
    off = _train(store, TINY_BN, CONFIG.replace(bn_recalibration_images=0))
    steps_on, steps_off = (store.read_metrics(r, "step") for r in (on, off))
    assert [s["loss"] for s in steps_on] == [s["loss"] for s in steps_off]
    trained_on, trained_off = _checkpoint(store, on), _checkpoint(store, off)
    for a, b in zip(trained_on.trainable_weights, trained_off.trainable_weights, strict=True):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    # Without recalibration the checkpoint keeps training's own averages: the very ones a
    # recalibrated run keeps beside its checkpoint.
    own = read_moving_statistics(store.run_dir(on))
    for a, b in zip(moving_statistics(trained_off), own, strict=True):
        np.testing.assert_array_equal(a, b)
    assert read_moving_statistics(store.run_dir(off)) is None
    for on_epoch, off_epoch in zip(
        *(store.read_metrics(r, "epoch") for r in (on, off)), strict=True
    ):
        assert not set(MOVING_FIELDS) & set(off_epoch)
        assert on_epoch["val_loss_moving"] == pytest.approx(off_epoch["val_loss"], rel=1e-6)


def test_a_resumed_run_goes_on_from_training_own_averages(store):
    from alexnet.training.fit import train_run

    config = CONFIG.replace(train_size=80, validation_split=0.2, epochs=3)  # one batch an epoch
    whole = _train(store, TINY_BN, config)
    resumed = store.create(run_config(TINY_BN, config, data_source="sample"))
    store.stop_file(resumed).touch()  # stops after the one batch of epoch 1: the epoch is done
    assert train_run(store, resumed) == "stopped"
    store.stop_file(resumed).unlink()
    assert train_run(store, resumed) == "finished"
    a, b = (store.read_metrics(r, "epoch") for r in (whole, resumed))
    assert [r["epoch"] for r in b] == [1, 2, 3]
    for x, y in zip(a, b, strict=True):
        for key in ("loss", "val_loss", "val_loss_moving", "val_accuracy_moving"):
            assert y[key] == pytest.approx(x[key], rel=1e-5), (x["epoch"], key)
