"""Runs are one arm when they trained the same network the same way on the same data."""

from __future__ import annotations

from alexnet.config.presets import CIFAR10_ALEXNET, CIFAR10_ALEXNET_BN
from alexnet.config.run_config import run_config
from alexnet.jobs.bn_experiment import experiment_config


def _key(spec=CIFAR10_ALEXNET, source="cifar10", path=None, **changes) -> str:
    training = experiment_config().replace(**changes)
    return run_config(spec, training, data_source=source, data_path=path).arm_key()


def test_seed_machine_path_and_what_only_watches_training_do_not_split_an_arm():
    one = _key(path="/home/alice/cifar-10-python.tar.gz", seed=0)
    assert _key(path="C:\\Users\\bob\\cifar-10-python.tar.gz", seed=29) == one
    assert _key(seed=3, log_every_steps=1, inside_records_per_epoch=0) == one


def test_what_changes_learning_splits_arms():
    one = _key()
    assert _key(spec=CIFAR10_ALEXNET_BN) != one
    assert _key(learning_rate=0.01) != one
    assert _key(train_size=1000) != one
    assert _key(epochs=4) != one
    assert _key(source="sample") != one
