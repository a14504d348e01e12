"""Starting runs from the Train page: checks first, then the run store's queue.

A run that cannot work is refused here with a message that says what to change (the
ImageNet network on 32x32 CIFAR-10 photos, a subset larger than the data, a batch larger
than the subset), so the user is not sent to watch a worker fail. Starting only creates a
queued run; `alexnet.jobs.run_queue` starts a worker process for it when a slot is free.
"""

from __future__ import annotations

import streamlit as st

from alexnet.config.checks import ConfigError
from alexnet.config.spec import ModelSpec
from alexnet.config.training import TrainConfig
from alexnet.data import CLASS_NAMES, RANDOM_TRAIN_SIZE, max_random_train_images
from alexnet.data.compatibility import data_problem
from alexnet.jobs.run_queue import enqueue
from alexnet.store.run_store import RunStore
from ui.i18n import error_text, t
from ui.train_data import DataInfo
from ui.training import RUN_KEY

SANITY_SIZE_KEY = "train.sanity.images"
SANITY_EPOCHS_KEY = "train.sanity.epochs"
SANITY_BATCH_KEY = "train.sanity.batch_size"


def _enqueue(
    store: RunStore, spec: ModelSpec, config: TrainConfig, name: str, **data: object
) -> None:
    try:
        run_id = enqueue(store, spec, config, name=name, **data)
    except (OSError, ValueError) as error:
        st.error(t("The run could not be started: {error}").format(error=error_text(error)))
        return
    st.session_state[RUN_KEY] = run_id
    if store.get(run_id).state == "queued":
        st.toast(t("Another run is training: this one waits in the queue."))
    st.rerun()  # draw the page again with the new run's curves at the top


def start_training(store: RunStore, spec: ModelSpec, config: TrainConfig, info: DataInfo) -> None:
    """Check and queue a run on CIFAR-10 (or the sample); show an error where it cannot work.

    Args:
        info: the chosen data.
    """
    problem = data_problem(spec, info.image_shape, len(CLASS_NAMES))
    if problem is not None:
        way_out = t("The random-data sanity test below makes images of the network's own size.")
        st.error(f"{problem.render(t)} {way_out}")
        return
    try:
        config.check_data_size(info.train_images)
    except ConfigError as error:
        st.error(error.render(t))
        return
    _enqueue(store, spec, config, spec.name, data_source=info.source, data_path=info.path)


def render_sanity_test(store: RunStore, spec: ModelSpec, config: TrainConfig | None) -> None:
    """The tutorial's random-data test for any network: noise in, chance accuracy out.

    Args:
        spec: the network (its own input size and classes are used).
        config: the page's training config, whose optimizer and learning rate it keeps;
            None (a config error is shown above) uses the tutorial's.
    """
    h, w, c = spec.input_shape
    st.caption(
        t(
            "Random {h}x{w}x{c} images with random labels over {n} classes: the network runs "
            "end to end, but nothing can be learned from noise, so test accuracy stays near "
            "chance, 1/{n} = {chance:.2%}."
        ).format(h=h, w=w, c=c, n=spec.num_classes, chance=1 / spec.num_classes)
    )
    largest = max_random_train_images(spec.input_shape)
    if largest < 1:
        st.info(t("Not even one random image of this size fits in memory."))
        return
    if st.session_state.get(SANITY_SIZE_KEY, 0) > largest:  # a larger network was chosen
        st.session_state[SANITY_SIZE_KEY] = largest
    a, b, d = st.columns(3)
    images = a.number_input(
        t("Random images"),
        min_value=1,
        max_value=largest,
        value=min(RANDOM_TRAIN_SIZE, largest),
        step=100,
        key=SANITY_SIZE_KEY,
        help=t("At most {largest:,} images of this size fit in memory.").format(largest=largest),
    )
    epochs = b.number_input(t("Epochs"), min_value=1, max_value=100, value=1, key=SANITY_EPOCHS_KEY)
    batch = d.number_input(
        t("Batch size"), min_value=1, max_value=4096, value=32, key=SANITY_BATCH_KEY
    )
    megabytes = int(images) * h * w * c / 1024**2  # uint8: one byte per value
    st.caption(
        t("About {mb:,.0f} MB of training images in memory; at most {largest:,} fit.").format(
            mb=megabytes, largest=largest
        )
    )
    if not st.button(t("Start the sanity test"), icon=":material/casino:", key="train.sanity"):
        return
    base = config or TrainConfig()
    # Log often enough that even a short test draws a per-step curve (about 10 points).
    steps = -(-int(images) // int(batch))
    every = max(1, min(base.log_every_steps, steps // 10))
    try:
        sanity = base.replace(
            epochs=int(epochs),
            batch_size=int(batch),
            train_size=int(images),
            log_every_steps=every,
            validation_split=0.0,
            stratified=False,
            flip=False,
            crop_padding=0,
            early_stopping_patience=None,
        )
        sanity.check_data_size(int(images))
    except ValueError as error:
        st.error(error_text(error))
        return
    name = t("{name} on random data").format(name=spec.name)
    _enqueue(store, spec, sanity, name, data_source="random")
