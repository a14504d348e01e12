"""The trainer, in this process: configs, stop, resume, seeds and shared initial weights."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from alexnet.config.run_config import run_config
from alexnet.config.spec import ModelSpec
from alexnet.config.training import (
    RECOMMENDED,
    TUTORIAL_DEFAULTS,
    TrainConfig,
    config_from_dict,
    config_to_dict,
)
from alexnet.data import RANDOM_TEST_SIZE
from alexnet.store.run_store import RunStore
from tests.specs import QUICK, TINY


def _train(store: RunStore, spec: ModelSpec, config: TrainConfig, **kwargs) -> str:
    from alexnet.training.fit import train_run

    run_id = store.create(run_config(spec, config, data_source="sample"))
    assert train_run(store, run_id, **kwargs) == "finished"
    return run_id


# --- config ------------------------------------------------------------------------------
def test_tutorial_defaults_train_with_adam_at_0_001_for_five_epochs_of_batch_32():
    # The tutorial's recipe (Adam, learning rate 0.001, batch 32, 5 epochs), checked in what
    # the trainer builds from the defaults, not only in the dataclass' fields.
    import keras

    from alexnet.cli.main import build_parser
    from alexnet.cli.train_commands import _config_from_args
    from alexnet.training.setup import learning_rate, make_optimizer

    c = TUTORIAL_DEFAULTS
    assert (c.epochs, c.batch_size, c.label_smoothing, c.flip, c.crop_padding) == (
        5,
        32,
        0.0,
        False,
        0,
    )
    optimizer = make_optimizer(c, total_steps=1000)
    assert type(optimizer) is keras.optimizers.Adam and optimizer.weight_decay is None
    assert float(optimizer.learning_rate) == pytest.approx(0.001)
    assert learning_rate(c, total_steps=1000) == 0.001  # one rate for every step, no schedule
    # `python -m alexnet train` with no recipe trains the tutorial's way.
    assert _config_from_args(build_parser().parse_args(["train"])) == TUTORIAL_DEFAULTS


def test_the_recommended_recipe_is_the_one_the_command_line_describes(capsys):
    from alexnet.cli.main import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(["train", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    said = "recommended (adamw, one-cycle, batch 128, flips and crops, 15 epochs)"
    assert said in text
    r = RECOMMENDED
    assert (r.optimizer, r.schedule, r.batch_size, r.epochs) == ("adamw", "one_cycle", 128, 15)
    assert r.flip and r.crop_padding > 0 and r.label_smoothing == 0.1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"epochs": 0}, "at least one epoch"),
        ({"epochs": -3}, "epochs=-3"),
        ({"learning_rate": 0.0}, "above 0"),
        ({"learning_rate": math.nan}, "finite number"),
        ({"optimizer": "adagrad"}, "choose one of adam"),
        ({"schedule": "linear"}, "choose one of constant"),
        ({"validation_split": 0.9}, "to 0.5"),
        ({"batch_size": 0}, "batch_size=0"),
        ({"train_size": 0}, "None for all"),
    ],
)
def test_bad_config_values_raise_value_errors_that_say_what_to_change(changes, message):
    with pytest.raises(ValueError, match=message):
        TrainConfig(**changes)


def test_subset_larger_than_the_data_and_batch_larger_than_the_subset_are_refused():
    with pytest.raises(ValueError, match="only 1,000 training images"):
        TrainConfig(train_size=5000).check_data_size(1000)
    with pytest.raises(ValueError, match="batch_size=128 is larger than the 100"):
        TrainConfig(train_size=100, batch_size=128).check_data_size(1000)
    assert TrainConfig(train_size=500, validation_split=0.2).check_data_size(1000) == 400


def test_config_survives_a_dict_round_trip_and_unknown_fields_are_named():
    assert config_from_dict(config_to_dict(RECOMMENDED)) == RECOMMENDED
    with pytest.raises(ValueError, match="'lr'"):
        config_from_dict({"lr": 0.1})


# --- schedules ---------------------------------------------------------------------------
@pytest.mark.parametrize("schedule", ["constant", "step", "cosine", "one_cycle"])
def test_every_schedule_starts_at_or_below_and_peaks_at_the_learning_rate(schedule):
    from alexnet.training.setup import learning_rate

    rate = learning_rate(TrainConfig(learning_rate=0.01, schedule=schedule), total_steps=100)
    values = [float(rate(step)) if callable(rate) else rate for step in range(100)]
    assert max(values) == pytest.approx(0.01, rel=1e-3)
    if schedule != "constant":
        assert values[-1] < 0.01 * 0.2


# --- initial weights ---------------------------------------------------------------------
def test_bn_and_plain_networks_start_with_equal_weights_in_every_common_layer():
    from alexnet.config.presets import CIFAR10_ALEXNET, CIFAR10_ALEXNET_BN
    from alexnet.network.builder import build_model
    from alexnet.training.setup import initialize_weights

    plain, with_bn = build_model(CIFAR10_ALEXNET), build_model(CIFAR10_ALEXNET_BN)
    other_seed = build_model(CIFAR10_ALEXNET)
    initialize_weights(plain, seed=7)
    initialize_weights(with_bn, seed=7)
    initialize_weights(other_seed, seed=8)
    names = {layer.name for layer in plain.layers if layer.weights}
    assert {"conv1", "conv5", "fc1", "predictions"} <= names
    for name in names:
        for a, b in zip(
            plain.get_layer(name).weights, with_bn.get_layer(name).weights, strict=True
        ):
            np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert not np.array_equal(
        plain.get_layer("conv1").kernel.numpy(), other_seed.get_layer("conv1").kernel.numpy()
    )


# --- training ----------------------------------------------------------------------------
def test_a_short_run_writes_metrics_checkpoints_csv_tensorboard_and_evaluation(store):
    run_id = _train(store, TINY, QUICK.replace(validation_split=0.25))
    epochs = store.read_metrics(run_id, "epoch")
    steps = store.read_metrics(run_id, "step")
    assert [r["epoch"] for r in epochs] == [1]
    assert len(steps) == 3  # 192 images / 64 per batch, one line per batch
    for key in ("loss", "accuracy", "val_loss", "val_accuracy", "learning_rate"):
        assert math.isfinite(epochs[0][key])
    assert epochs[0]["images_per_second"] > 0 and epochs[0]["elapsed_seconds"] > 0
    folder = store.run_dir(run_id)
    assert (folder / "checkpoints" / "last.keras").is_file()
    assert (folder / "checkpoints" / "best.keras").is_file()
    assert (folder / "epochs.csv").read_text().count("\n") == 2
    assert list((folder / "tensorboard").rglob("events.out.tfevents.*"))
    evaluation = store.read_evaluation(run_id)
    assert evaluation["test_images"] == len(evaluation["y_true"]) == 1000  # the sample's
    hits = np.mean(np.array(evaluation["y_pred"]) == np.array(evaluation["y_true"]))
    assert evaluation["accuracy"] == pytest.approx(hits)
    status = store.read_status(run_id)
    assert (status["train_images"], status["val_images"]) == (192, 64)  # 256, a quarter held out


def test_the_same_seed_gives_the_same_curves_and_another_seed_does_not(store):
    config = QUICK.replace(epochs=2, flip=True)
    first = store.read_metrics(_train(store, TINY, config), "step")
    again = store.read_metrics(_train(store, TINY, config), "step")
    other = store.read_metrics(_train(store, TINY, config.replace(seed=1)), "step")
    assert [r["loss"] for r in first] == [r["loss"] for r in again]
    assert [r["loss"] for r in first] != [r["loss"] for r in other]


def test_a_stop_request_ends_the_run_after_the_batch_in_flight(store):
    run_id = store.create(run_config(TINY, QUICK.replace(epochs=3), data_source="sample"))
    store.stop_file(run_id).touch()  # asked before the first batch: exactly one batch runs
    from alexnet.training.fit import train_run

    assert train_run(store, run_id) == "stopped"
    assert [r["step"] for r in store.read_metrics(run_id, "step")] == [1]
    assert store.read_metrics(run_id, "epoch") == []
    assert store.checkpoint(run_id, "last").is_file()
    assert store.read_evaluation(run_id) is None


def test_resume_continues_the_epoch_counter_and_appends_to_the_same_curves(store):
    from alexnet.training.fit import train_run

    config = QUICK.replace(epochs=3, schedule="cosine")
    run_id = store.create(run_config(TINY, config, data_source="sample"))
    # Stop early in epoch 2: the stop file appears when epoch 1 ends.
    stop = store.stop_file(run_id)
    assert train_run(store, run_id, progress=lambda record: stop.touch()) == "stopped"
    assert [r["epoch"] for r in store.read_metrics(run_id, "epoch")] == [1]
    stop.unlink()
    assert train_run(store, run_id) == "finished"
    epochs = store.read_metrics(run_id, "epoch")
    steps = store.read_metrics(run_id, "step")
    assert [r["epoch"] for r in epochs] == [1, 2, 3]
    # Stopped after batch 1 of epoch 2 (step 5); epoch 2 is re-done from those weights and
    # the optimizer's step count carries on: no gaps, no repeats.
    assert [r["step"] for r in steps] == list(range(1, 14))
    assert [r["step"] for r in epochs] == [4, 9, 13]
    assert [r["kind"] for r in store.read_metrics(run_id)].count("start") == 2
    rates = [r["learning_rate"] for r in epochs]
    assert rates == sorted(rates, reverse=True)  # the cosine schedule did not restart
    assert store.run_dir(run_id).joinpath("epochs.csv").read_text().count("\n") == 4


def test_label_smoothing_and_augmentation_train_with_finite_loss(store):
    config = QUICK.replace(label_smoothing=0.1, flip=True, crop_padding=2, optimizer="sgd")
    run_id = _train(store, TINY, config)
    assert math.isfinite(store.read_metrics(run_id, "epoch")[0]["loss"])


def test_data_that_does_not_fit_the_network_is_refused_with_the_fix(store):
    from alexnet.training.fit import train_run

    wide = TINY.replace(input_shape=(64, 64, 3))
    run_id = store.create(run_config(wide, QUICK, data_source="sample"))
    with pytest.raises(ValueError, match="input_shape"):
        train_run(store, run_id)


def test_a_stop_on_the_last_batch_of_an_epoch_keeps_that_epoch_done(store):
    from alexnet.training.fit import train_run

    config = QUICK.replace(train_size=64, epochs=3)  # one batch per epoch
    run_id = store.create(run_config(TINY, config, data_source="sample"))
    store.stop_file(run_id).touch()
    assert train_run(store, run_id) == "stopped"
    assert [r["epoch"] for r in store.read_metrics(run_id, "epoch")] == [1]
    store.stop_file(run_id).unlink()
    assert train_run(store, run_id) == "finished"
    assert [r["step"] for r in store.read_metrics(run_id, "epoch")] == [1, 2, 3]
    assert store.read_evaluation(run_id)["epochs_trained"] == 3


SAVE_SECONDS = 0.5  # each checkpoint save made this much slower, to make a miscount large


def test_elapsed_seconds_count_each_epoch_once(store, monkeypatch):
    import keras

    save = keras.Model.save

    def slow_save(self, *args, **kwargs):
        time.sleep(SAVE_SECONDS)
        return save(self, *args, **kwargs)

    monkeypatch.setattr(keras.Model, "save", slow_save)
    run_id = _train(store, TINY, QUICK.replace(epochs=4))
    started = store.read_metrics(run_id, "start")[0]["time"]
    last_write = store.path(run_id, "metrics.jsonl").stat().st_mtime
    elapsed = [r["elapsed_seconds"] for r in store.read_metrics(run_id, "epoch")]
    # A checkpoint save must not add the seconds so far a second time: the training clock
    # can never run ahead of the wall clock between the run's first and last metrics line.
    # Counting them twice even once would put it at least SAVE_SECONDS ahead; the allowance
    # is half that, for the file system's coarser clock, however busy the machine.
    assert elapsed == sorted(elapsed)
    assert elapsed[-1] > 3 * SAVE_SECONDS  # the saves of epochs 1 to 3 are counted, once
    assert elapsed[-1] <= last_write - started + SAVE_SECONDS / 2


def test_a_split_run_does_not_keep_the_full_training_set_in_memory(store, monkeypatch):
    # With a validation split the training images are copies; the loaded originals (154 MB
    # for CIFAR-10) must be freed before training starts.
    import gc
    import weakref

    from alexnet.training import fit as train

    originals: list[weakref.ref] = []
    load = train.load_data

    def load_and_watch(*args, **kwargs):
        loaded = load(*args, **kwargs)
        originals.append(weakref.ref(loaded.x_train))
        return loaded

    alive_during_training: list[bool] = []

    def progress(record: dict) -> None:
        gc.collect()
        alive_during_training.append(originals[0]() is not None)

    monkeypatch.setattr(train, "load_data", load_and_watch)
    # Random images: the shipped sample is cached for the whole process on purpose.
    config = QUICK.replace(validation_split=0.25)
    run_id = store.create(run_config(TINY, config, data_source="random"))
    assert train.train_run(store, run_id, progress=progress) == "finished"
    assert alive_during_training == [False]
    assert store.read_evaluation(run_id)["test_images"] == RANDOM_TEST_SIZE  # kept


def test_every_config_field_is_a_command_line_flag_with_its_meaning(capsys):
    import dataclasses

    from alexnet.cli.main import build_parser
    from alexnet.config.training import CONFIG_HELP

    names = [field.name for field in dataclasses.fields(TrainConfig)]
    assert sorted(CONFIG_HELP) == sorted(names)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["train", "--help"])
    text = "".join(capsys.readouterr().out.split())  # argparse wraps lines, also at hyphens
    for name in names:
        assert "--" + name.replace("_", "-") in text
        assert "".join(CONFIG_HELP[name].split()) in text, name


# --- CIFAR-10 from the decoded cache --------------------------------------------------------
def _train_from_archive(store: RunStore, archive, config: TrainConfig) -> str:
    from alexnet.training.fit import train_run

    run_id = store.create(run_config(TINY, config, data_source="cifar10", data_path=str(archive)))
    assert train_run(store, run_id) == "finished"
    return run_id


def _final_weights(store: RunStore, run_id: str) -> list[np.ndarray]:
    import keras

    model = keras.models.load_model(store.run_dir(run_id) / "checkpoints" / "last.keras")
    return model.get_weights()


def test_a_run_on_the_memory_mapped_cache_trains_exactly_as_on_arrays_in_memory(
    store, tmp_path, monkeypatch
):
    from alexnet.data.decoded_cache import CACHE_ENV_VAR
    from alexnet.training import fit as train
    from tests.cifar_files import official_files, write_archive

    archive = write_archive(tmp_path / "c.tar.gz", official_files(per_batch=40, test_size=100))
    config = TrainConfig(
        train_size=150,
        stratified=True,
        validation_split=0.2,
        batch_size=32,
        epochs=2,
        flip=True,
        crop_padding=2,
    )
    kinds = []
    load = train.load_data

    def load_and_note(*args, **kwargs):
        loaded = load(*args, **kwargs)
        kinds.append((type(loaded.x_train).__name__, type(loaded.x_test).__name__))
        return loaded

    monkeypatch.setattr(train, "load_data", load_and_note)
    monkeypatch.setenv(CACHE_ENV_VAR, str(tmp_path / "cache"))
    mapped = _train_from_archive(store, archive, config)
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("")
    monkeypatch.setenv(CACHE_ENV_VAR, str(blocker / "cache"))  # unwritable: arrays in memory
    in_memory = _train_from_archive(store, archive, config)

    assert kinds == [("memmap", "memmap"), ("ndarray", "ndarray")]
    for a, b in zip(_final_weights(store, mapped), _final_weights(store, in_memory), strict=True):
        np.testing.assert_array_equal(a, b)

    def curves(run_id: str) -> list[tuple]:
        keys = ("epoch", "loss", "accuracy", "val_loss", "val_accuracy")
        return [tuple(r[k] for k in keys) for r in store.read_metrics(run_id, "epoch")]

    assert curves(mapped) == curves(in_memory) and len(curves(mapped)) == 2
    status = store.read_status(mapped)
    assert (status["train_images"], status["val_images"]) == (120, 30)
    assert store.read_evaluation(mapped)["test_images"] == 100
