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
import zipfile
from collections.abc import Callable, Sequence
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from alexnet import data as datasets
from alexnet.config.messages import message_data
from alexnet.config.run_config import DataChoice, RunConfig
from alexnet.config.spec import ModelSpec
from alexnet.config.training import TrainConfig
from alexnet.data.augment import augment_batch
from alexnet.data.compatibility import data_problem
from alexnet.data.file_rows import row_reader
from alexnet.data.pipeline import make_dataset, steps_per_epoch
from alexnet.network.builder import build_model
from alexnet.network.fused_batch_norm import fuse_batch_normalization
from alexnet.store.run_store import RunStore
from alexnet.training.bn_recalibration import recalibrate_batch_norm, set_moving_statistics
from alexnet.training.callbacks import RunCheckpointLogger, read_moving_statistics, read_state
from alexnet.training.devices import configure_precision, get_strategy
from alexnet.training.final_evaluation import evaluate_run, forget_evaluation
from alexnet.training.inside import InsideRecorder, probe_rows
from alexnet.training.setup import initialize_weights, make_optimizer

DAMAGED_CHECKPOINT = (
    "checkpoints/last.keras of run {run} is damaged (not a whole .keras file), so it cannot "
    "resume from it; train the network again as a new run."
)


def load_data(data: DataChoice, spec: ModelSpec, config: TrainConfig) -> Any:
    """The `ImageData` a run's data choice names, checked against the spec's input and classes."""
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
class TestSplit:
    """The part of an `ImageData` a run keeps for its final evaluation once training starts."""

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


@dataclasses.dataclass(frozen=True)
class RunImages:
    """The images of one run: what it fits on, validates on, and is finally tested on."""

    fit: Images
    validation: Images | None  # None: no validation split
    test: TestSplit


def _part(x: np.ndarray, y: np.ndarray, rows: np.ndarray | None) -> Images:
    if rows is None or isinstance(x, np.memmap):
        return Images(x, y, rows)  # mapped: the pipeline reads the rows from the file
    # In memory: a copy of the rows used, so the full set can be freed.
    return Images(x[rows], y[rows])


def _split(loaded: Any, config: TrainConfig) -> tuple[Images, Images | None]:
    """The images to train on and those to validate on (None: no validation split)."""
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


def prepare_images(saved: RunConfig) -> RunImages:
    """Load a run's data and split it; only what is used is kept.

    The full training set of CIFAR-10 is 154 MB in memory: the loaded `ImageData` is dropped
    once the parts are taken (memory-mapped images are read batch by batch from the file).
    """
    loaded = load_data(saved.data, saved.spec, saved.training)
    fit, validation = _split(loaded, saved.training)
    test = TestSplit(loaded.x_test, loaded.y_test, loaded.class_names, loaded.description)
    return RunImages(fit, validation, test)


def _batches(images: Images, config: TrainConfig, num_classes: int, **options: Any) -> Any:
    dataset = make_dataset(
        images.x, images.y, rows=images.rows, batch_size=config.batch_size, **options
    )
    if config.label_smoothing:  # CategoricalCrossentropy smooths one-hot targets only
        dataset = dataset.map(lambda a, b: (a, tf.one_hot(b, num_classes)))
    return dataset


def prepare_model(
    folder: Any, spec: ModelSpec, config: TrainConfig, state: dict[str, Any], total_steps: int
) -> keras.Model:
    """The compiled model: resumed from `checkpoints/last.keras` (with training's own moving
    averages where the checkpoint was recalibrated), else built and seeded afresh.

    Call inside the strategy's scope.
    """
    if state:
        checkpoint = folder / "checkpoints" / "last.keras"
        if not zipfile.is_zipfile(checkpoint):  # Keras would say "File not found"
            raise ValueError(DAMAGED_CHECKPOINT.format(run=folder.name))
        model = keras.models.load_model(checkpoint)
        moving = read_moving_statistics(folder)
        if moving is not None:  # the checkpoint is recalibrated; training goes on from its own
            set_moving_statistics(model, moving)
    else:
        model = build_model(spec)
        initialize_weights(model, config.seed)
        smoothing = config.label_smoothing
        loss = (
            keras.losses.CategoricalCrossentropy(label_smoothing=smoothing)
            if smoothing
            else keras.losses.SparseCategoricalCrossentropy()
        )
        optimizer = make_optimizer(config, total_steps)
        model.compile(optimizer=optimizer, loss=loss, metrics=["accuracy"])
    fuse_batch_normalization(model)  # tf.keras 2's fused kernel; the saved model is unchanged
    return model


def prepare_callbacks(
    store: RunStore,
    run_id: str,
    saved: RunConfig,
    images: RunImages,
    state: dict[str, Any],
    *,
    replicas: int,
    progress: Any = None,
) -> tuple[RunCheckpointLogger, list[keras.callbacks.Callback]]:
    """The run's own callback (metrics, stop, validation, checkpoints) first, then the
    optional early stopping and TensorBoard event files; returns (own callback, all)."""
    spec, config = saved.spec, saved.training
    folder = store.run_dir(run_id)
    validation = None
    if images.validation is not None:
        validation = _batches(images.validation, config, spec.num_classes, shuffle=False, seed=0)
    recalibrate = None
    if spec.uses_batch_norm and config.bn_recalibration_images:
        batch = max(1, config.batch_size // replicas)  # a replica's batch
        recalibrate = recalibrator(images.fit, config.bn_recalibration_images, batch, config)
    own = RunCheckpointLogger(
        folder,
        batch_size=config.batch_size,
        log_every_steps=config.log_every_steps,
        validation=validation,
        state=state,
        on_epoch=lambda r: _epoch_done(store, run_id, r, config.epochs, progress),
        recalibrate=recalibrate,
    )
    callbacks: list[keras.callbacks.Callback] = [own]  # first: it adds val_* to the logs
    if config.inside_records_per_epoch:
        callbacks.append(_inside_recorder(folder, images.fit, config))
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
    return own, callbacks


def _inside_recorder(folder: Any, fit: Images, config: TrainConfig) -> InsideRecorder:
    """The recorder of what happens inside, on a probe of the images the run fits on."""
    positions = probe_rows(len(fit), config.seed)
    rows = positions if fit.rows is None else fit.rows[positions]
    return InsideRecorder(
        folder,
        row_reader(fit.x)(rows),
        fit.y[rows],
        steps_per_epoch=steps_per_epoch(len(fit), config.batch_size),
        records_per_epoch=config.inside_records_per_epoch,
    )


def _seed(seed: int) -> None:
    keras.utils.set_random_seed(seed)
    if not tf.config.list_physical_devices("GPU"):
        # Cheap on a CPU; on a GPU some kernels have no deterministic version and would raise.
        tf.config.experimental.enable_op_determinism()


def train_run(
    store: RunStore,
    run_id: str,
    *,
    progress: Any = None,
    extra_callbacks: Sequence[keras.callbacks.Callback] = (),
) -> str:
    """Train (or resume) one run to its end; returns 'finished' or 'stopped'.

    The caller owns the process: set threads before calling, and mark a raised error as
    'failed' (see `alexnet.jobs.worker.execute`).

    Args:
        run_id: a run of the store (`RunStore.create`).
        progress: optional callable receiving each epoch's metrics record (the CLI prints).
        extra_callbacks: Keras callbacks to run after the run's own (a bench's test-set probe).
    """
    saved = store.read_config(run_id)
    spec, config = saved.spec, saved.training
    folder = store.run_dir(run_id)
    strategy = get_strategy(config.strategy)
    precision = configure_precision(config.mixed_precision)  # the policy in force
    _seed(config.seed)
    images = prepare_images(saved)
    steps = steps_per_epoch(len(images.fit), config.batch_size)
    state = read_state(folder)
    initial_epoch = int(state.get("epochs_done", 0))
    with strategy.scope():
        model = prepare_model(folder, spec, config, state, steps * config.epochs)
    train = _batches(
        images.fit, config, spec.num_classes, shuffle=True, seed=config.seed, flip=config.flip,
        crop_padding=config.crop_padding, repeat=True, initial_epoch=initial_epoch,
    )  # fmt: skip
    own, callbacks = prepare_callbacks(
        store, run_id, saved, images, state,
        replicas=strategy.num_replicas_in_sync, progress=progress,
    )  # fmt: skip
    store.write_status(
        run_id, epoch=initial_epoch, epochs=config.epochs, steps_per_epoch=steps,
        data=images.test.description, data_message=message_data(images.test.description),
        train_images=len(images.fit),
        val_images=0 if images.validation is None else len(images.validation),
        precision=precision,
    )  # fmt: skip
    if initial_epoch < config.epochs:
        forget_evaluation(store, run_id)  # it described the checkpoint this run trains on from
        model.fit(
            train, epochs=config.epochs, initial_epoch=initial_epoch, steps_per_epoch=steps,
            callbacks=[*callbacks, *extra_callbacks], verbose=0,
            shuffle=False,  # the pipeline already shuffles, per epoch, by seed
        )  # fmt: skip
    if own.stop_requested and not own.state.get("epochs_done"):
        return "stopped"  # no whole epoch yet: nothing worth evaluating
    evaluate_run(store, run_id, images.test, own.state)
    return "stopped" if own.stop_requested else "finished"


def recalibrator(
    images: Images, count: int, batch_size: int, config: TrainConfig
) -> Callable[[keras.Model], int]:
    """Recalibrates a model's batch normalization on `count` of the training images (the
    trainer's; also the shipped models' after training, `alexnet.jobs.shipping`).

    The same images every time (a seeded sample), augmented as training augments them
    (`config.flip`, `config.crop_padding`, with a fixed seed per batch), because the layers
    after each batch normalization learned on the statistics of augmented batches: on
    un-augmented images the CIFAR-10 AlexNet + BatchNorm trained 30 epochs with flips and
    crops scored 84.7% instead of 86.3% (docs/benchmarks.md). Read batch by batch so an
    ImageNet-sized sample is never held in memory at once.
    """
    chosen = np.random.default_rng(config.seed).permutation(len(images))[:count]
    if images.rows is not None:
        chosen = images.rows[chosen]
    read = row_reader(images.x)
    augmented = config.flip or config.crop_padding

    def batch(start: int) -> Any:
        pixels = read(chosen[start : start + batch_size])
        if not augmented:
            return pixels
        seed = tf.constant([config.seed, start], tf.int64)
        return augment_batch(
            tf.convert_to_tensor(pixels), seed, flip=config.flip, crop_padding=config.crop_padding
        )

    def recalibrate(model: keras.Model) -> int:
        return recalibrate_batch_norm(model, (batch(i) for i in range(0, len(chosen), batch_size)))

    return recalibrate


def _epoch_done(
    store: RunStore, run_id: str, record: dict[str, Any], epochs: int, progress: Any
) -> None:
    store.write_status(run_id, epoch=record["epoch"], epochs=epochs)
    if progress is not None:
        progress(record)
