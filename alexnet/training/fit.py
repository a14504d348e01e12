"""Train one run of the run store: data, model, optimizer, `fit`, checkpoints, evaluation.

`train_run(store, run_id)` is the one code path behind `python -m alexnet train`, the UI's
worker processes and `resume`: it reads `config.json`, trains, and returns 'finished' or
'stopped' (`alexnet.jobs.worker.execute` writes the status and catches failures). A run with a
checkpoint resumes from it: weights, optimizer state (and so the learning-rate schedule
position) and the epoch counter, appending to the same metrics file. A run that finishes, or
stops after at least one whole epoch, ends with the full test-set evaluation of its best
(else last) checkpoint in evaluation.json (see `alexnet.training.final_evaluation`). Under the
`multi_worker` strategy every machine runs the same command and keeps its own run folder;
a stop must reach every worker (they step together).

Reproducibility. `keras.utils.set_random_seed(seed)` seeds Python, NumPy and TensorFlow, and
TensorFlow op determinism is switched on where it is cheap: on a CPU (it costs nothing
measurable there, with or without batch normalization; docs/benchmarks.md), not on a GPU.
Every layer's initial weights come from `seed + layer name`, so a network with and without
batch normalization starts from the same kernels in every layer they share; the data order and
augmentation of epoch `e` are a pure function of `(seed, e)` (see `alexnet.data.pipeline`), also
after a resume. On one CPU machine with the same thread settings, the same seed, spec, config
and data give bit-identical curves. Not bit-exact: across machines or CPU instruction sets
(oneDNN picks different kernels), across thread counts (a pair run with half the cores sums in
another order), on a GPU, and across a stop/resume (the partial epoch before the stop is
trained again from the saved weights).
"""

from __future__ import annotations

import dataclasses
import importlib.util
from collections.abc import Callable
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from alexnet.config.run_config import DataChoice
from alexnet.config.spec import ModelSpec
from alexnet.config.training import TrainConfig
from alexnet.data.compatibility import data_problem
from alexnet.network.builder import build_model
from alexnet.network.fused_batch_norm import fuse_batch_normalization
from alexnet.store.run_store import RunStore
from alexnet.training.bn_recalibration import recalibrate_batch_norm, set_moving_statistics
from alexnet.training.callbacks import RunLogger, read_moving_statistics, read_state
from alexnet.training.final_evaluation import evaluate_run, forget_evaluation
from alexnet.training.setup import initialize_weights, make_optimizer


def load_data(data: DataChoice, spec: ModelSpec, config: TrainConfig) -> Any:
    """The `ImageData` a run's data choice names, checked against the spec's input and classes."""
    from alexnet import data as datasets

    if data.source == "random":
        loaded = datasets.random_data(
            spec.input_shape,
            spec.num_classes,
            train_size=config.train_size or datasets.RANDOM_TRAIN_SIZE,
            test_size=datasets.RANDOM_TEST_SIZE,
            seed=config.seed,
        )
    elif data.source == "sample":
        loaded = datasets.load_sample()
    else:
        # Mapped from the decoded cache: the images stay in the OS file cache, not here.
        loaded = datasets.load_cifar10(data.path, memory_map=True)
    problem = data_problem(spec, loaded.x_train.shape[1:], int(loaded.y_train.max()) + 1)
    if problem is not None:
        raise problem
    return loaded


@dataclasses.dataclass(frozen=True)
class TestImages:
    """The part of an `ImageData` a run needs once its training arrays are split off."""

    x_test: np.ndarray
    y_test: np.ndarray
    class_names: tuple[str, ...]
    description: str


@dataclasses.dataclass(frozen=True)
class Images:
    """One part of the training data: images `x` with labels `y`, or only their `rows`."""

    x: np.ndarray
    y: np.ndarray
    rows: np.ndarray | None = None  # None: all of x

    def __len__(self) -> int:
        return len(self.y) if self.rows is None else len(self.rows)


def _part(x: np.ndarray, y: np.ndarray, rows: np.ndarray | None) -> Images:
    if rows is None or isinstance(x, np.memmap):
        return Images(x, y, rows)  # mapped: the pipeline reads the rows from the file
    # In memory: a copy of the rows used, so the full set can be freed.
    return Images(x[rows], y[rows])


def _split(loaded: Any, config: TrainConfig) -> tuple[Images, Images | None]:
    """The images to train on and those to validate on (None: no validation split)."""
    from alexnet import data as datasets

    x, y = loaded.x_train, loaded.y_train
    config.check_data_size(len(y))
    rows = None
    if config.train_size is not None:
        rows = datasets.subset_indices(
            y, config.train_size, stratified=config.stratified, seed=config.seed
        )
    if config.validation_split <= 0:
        return _part(x, y, rows), None
    labels = y if rows is None else y[rows]
    fit, held = datasets.validation_indices(labels, config.validation_split, seed=config.seed)
    if rows is not None:
        fit, held = rows[fit], rows[held]
    return _part(x, y, fit), _part(x, y, held)


def train_run(store: RunStore, run_id: str, *, progress: Any = None) -> str:
    """Train (or resume) one run to its end; returns 'finished' or 'stopped'.

    The caller owns the process: set threads before calling, and mark a raised error as
    'failed' (see `alexnet.jobs.worker.execute`).

    Args:
        run_id: a run of the store (`RunStore.create`).
        progress: optional callable receiving each epoch's metrics record (the CLI prints).
    """
    from alexnet.data.pipeline import make_dataset, steps_per_epoch
    from alexnet.training.devices import configure_precision, get_strategy

    saved = store.read_config(run_id)
    spec, config = saved.spec, saved.training
    folder = store.run_dir(run_id)
    strategy = get_strategy(config.strategy)
    precision = configure_precision(config.mixed_precision)  # the policy in force
    keras.utils.set_random_seed(config.seed)
    if not tf.config.list_physical_devices("GPU"):
        # Cheap on a CPU; on a GPU some kernels have no deterministic version and would raise.
        tf.config.experimental.enable_op_determinism()

    loaded = load_data(saved.data, spec, config)
    fit_images, val_images = _split(loaded, config)
    # Keep only what is used (the full training set of CIFAR-10 is 154 MB in memory) and
    # what the final evaluation needs.
    test_images = TestImages(loaded.x_test, loaded.y_test, loaded.class_names, loaded.description)
    del loaded
    steps = steps_per_epoch(len(fit_images), config.batch_size)
    state = read_state(folder)
    initial_epoch = int(state.get("epochs_done", 0))
    smoothing = config.label_smoothing

    def batches(images: Images, **options: Any) -> tf.data.Dataset:
        dataset = make_dataset(
            images.x, images.y, rows=images.rows, batch_size=config.batch_size, **options
        )
        if smoothing:  # CategoricalCrossentropy smooths one-hot targets only
            dataset = dataset.map(lambda a, b: (a, tf.one_hot(b, spec.num_classes)))
        return dataset

    with strategy.scope():
        if state:
            model = keras.models.load_model(folder / "checkpoints" / "last.keras")
            moving = read_moving_statistics(folder)
            if moving is not None:  # the checkpoint is recalibrated; training goes on from its own
                set_moving_statistics(model, moving)
        else:
            model = build_model(spec)
            initialize_weights(model, config.seed)
            loss = (
                keras.losses.CategoricalCrossentropy(label_smoothing=smoothing)
                if smoothing
                else keras.losses.SparseCategoricalCrossentropy()
            )
            optimizer = make_optimizer(config, steps * config.epochs)
            model.compile(optimizer=optimizer, loss=loss, metrics=["accuracy"])
        fuse_batch_normalization(model)  # tf.keras 2's fused kernel; the saved model is unchanged

    train = batches(
        fit_images,
        shuffle=True,
        seed=config.seed,
        flip=config.flip,
        crop_padding=config.crop_padding,
        repeat=True,
        initial_epoch=initial_epoch,
    )
    validation = None if val_images is None else batches(val_images, shuffle=False, seed=0)
    recalibrate = None
    if spec.uses_batch_norm and config.bn_recalibration_images:
        batch = max(1, config.batch_size // strategy.num_replicas_in_sync)  # a replica's batch
        recalibrate = _recalibrator(fit_images, config.bn_recalibration_images, batch, config.seed)
    logger = RunLogger(
        folder,
        batch_size=config.batch_size,
        log_every_steps=config.log_every_steps,
        validation=validation,
        state=state,
        on_epoch=lambda r: _epoch_done(store, run_id, r, config.epochs, progress),
        recalibrate=recalibrate,
    )
    callbacks: list[keras.callbacks.Callback] = [logger]  # first: it adds val_* to the logs
    if config.early_stopping_patience is not None:
        callbacks.append(
            keras.callbacks.EarlyStopping(
                monitor="val_loss" if validation is not None else "loss",
                patience=config.early_stopping_patience,
            )
        )
    if importlib.util.find_spec("tensorboard") is not None:  # optional: event files for TB
        callbacks.append(
            keras.callbacks.TensorBoard(
                str(folder / "tensorboard"), update_freq="epoch", profile_batch=0, write_graph=False
            )
        )
    store.write_status(
        run_id,
        epoch=initial_epoch,
        epochs=config.epochs,
        steps_per_epoch=steps,
        data=test_images.description,
        train_images=len(fit_images),
        val_images=0 if val_images is None else len(val_images),
        precision=precision,
    )
    if initial_epoch < config.epochs:
        forget_evaluation(store, run_id)  # it described the checkpoint this run trains on from
        model.fit(
            train,
            epochs=config.epochs,
            initial_epoch=initial_epoch,
            steps_per_epoch=steps,
            callbacks=callbacks,
            shuffle=False,  # the pipeline already shuffles, per epoch, by seed
            verbose=0,
        )
    state_now, stopped = logger.state, logger.stop_requested
    if stopped and not state_now.get("epochs_done"):
        return "stopped"  # no whole epoch yet: nothing worth evaluating
    evaluate_run(store, run_id, test_images, state_now)
    return "stopped" if stopped else "finished"


def _recalibrator(
    images: Images, count: int, batch_size: int, seed: int
) -> Callable[[keras.Model], int]:
    """Recalibrates a model's batch normalization on `count` of the training images.

    The same images every time (a seeded sample, without augmentation), read batch by batch
    so an ImageNet-sized sample is never held in memory at once.
    """
    from alexnet.data.file_rows import row_reader

    chosen = np.random.default_rng(seed).permutation(len(images))[:count]
    if images.rows is not None:
        chosen = images.rows[chosen]
    read = row_reader(images.x)

    def recalibrate(model: keras.Model) -> int:
        batches = (read(chosen[i : i + batch_size]) for i in range(0, len(chosen), batch_size))
        return recalibrate_batch_norm(model, batches)

    return recalibrate


def _epoch_done(
    store: RunStore, run_id: str, record: dict[str, Any], epochs: int, progress: Any
) -> None:
    store.write_status(run_id, epoch=record["epoch"], epochs=epochs)
    if progress is not None:
        progress(record)
