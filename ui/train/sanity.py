"""The Train page's random-data sanity test: the tutorial's noise in, chance accuracy out."""

from __future__ import annotations

import streamlit as st

from alexnet.config.spec import ModelSpec
from alexnet.config.training import TrainConfig
from alexnet.data import RANDOM_TRAIN_SIZE, max_random_train_images
from alexnet.store.run_store import RunStore
from ui.i18n import error_text, t
from ui.train.start import queue_run

SANITY_SIZE_KEY = "train.sanity.images"
SANITY_EPOCHS_KEY = "train.sanity.epochs"
SANITY_BATCH_KEY = "train.sanity.batch_size"


def _explain(spec: ModelSpec) -> None:
    h, w, c = spec.input_shape
    st.caption(
        t(
            "Random {h}x{w}x{c} images with random labels over {n} classes: the network runs "
            "end to end, but nothing can be learned from noise, so test accuracy stays near "
            "chance, 1/{n} = {chance:.2%}."
        ).format(h=h, w=w, c=c, n=spec.num_classes, chance=1 / spec.num_classes)
    )


def _settings(spec: ModelSpec, largest: int) -> tuple[int, int, int]:
    """(images, epochs, batch size) from three number inputs."""
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
    h, w, c = spec.input_shape
    megabytes = int(images) * h * w * c / 1024**2  # uint8: one byte per value
    st.caption(
        t("About {mb:,.0f} MB of training images in memory; at most {largest:,} fit.").format(
            mb=megabytes, largest=largest
        )
    )
    return int(images), int(epochs), int(batch)


def sanity_config(base: TrainConfig, images: int, epochs: int, batch: int) -> TrainConfig:
    """`base`'s optimizer and learning rate on random images: no split, no augmentation.

    Logs often enough that even a short test draws a per-step curve (about 10 points).
    """
    steps = -(-images // batch)
    return base.replace(
        epochs=epochs,
        batch_size=batch,
        train_size=images,
        log_every_steps=max(1, min(base.log_every_steps, steps // 10)),
        validation_split=0.0,
        stratified=False,
        flip=False,
        crop_padding=0,
        early_stopping_patience=None,
    )


def render_sanity_test(store: RunStore, spec: ModelSpec, config: TrainConfig | None) -> None:
    """The tutorial's random-data test for any network.

    Args:
        spec: the network (its own input size and classes are used).
        config: the page's training config, whose optimizer and learning rate it keeps;
            None (a config error is shown above) uses the tutorial's.
    """
    _explain(spec)
    largest = max_random_train_images(spec.input_shape)
    if largest < 1:
        st.info(t("Not even one random image of this size fits in memory."))
        return
    images, epochs, batch = _settings(spec, largest)
    if not st.button(t("Start the sanity test"), icon=":material/casino:", key="train.sanity"):
        return
    try:
        sanity = sanity_config(config or TrainConfig(), images, epochs, batch)
    except ValueError as error:
        st.error(error_text(error))
        return
    name = t("{name} on random data").format(name=spec.name)
    queue_run(store, spec, sanity, name, data_source="random")
