"""The Train page's settings: the network to train and the training config.

Widgets start at the tutorial's defaults (`TUTORIAL_DEFAULTS`); two buttons set them all to
the tutorial's recipe or the faster one (`RECOMMENDED`). The widgets' bounds are loose on
purpose: `TrainConfig` checks the values and its `ValueError` says what to change.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from alexnet.config.presets import PRESETS
from alexnet.config.spec import ModelSpec
from alexnet.config.training import OPTIMIZERS, RECIPES, SCHEDULES, TUTORIAL_DEFAULTS, TrainConfig
from alexnet.training import cpu_features
from ui.i18n import N_, t, translated_choice
from ui.state import current_spec

NETWORK_KEY = "train.network"
FROM_BUILD = "build"
_PREFIX = "train.config."
# TrainConfig fields with a widget here; the rest keep their defaults.
FIELDS = (
    "optimizer", "learning_rate", "schedule", "batch_size", "epochs", "weight_decay",
    "label_smoothing", "flip", "crop_padding", "validation_split", "early_stopping_patience",
    "seed", "log_every_steps", "mixed_precision", "bn_recalibration_images",
    "inside_records_per_epoch",
)  # fmt: skip
TRAIN_SIZE_KEY = _PREFIX + "train_size"  # 0 = all images
STRATIFIED_KEY = _PREFIX + "stratified"
SCHEDULE_LABELS = {
    "constant": N_("constant"), "step": N_("step decay"), "cosine": N_("cosine decay"),
    "one_cycle": N_("one cycle"),
}  # fmt: skip


def _key(field: str) -> str:
    return _PREFIX + field


def _widget_value(config: TrainConfig, field: str) -> Any:
    value = getattr(config, field)
    if field == "early_stopping_patience":  # the widget's 0 means off
        return value or 0
    if isinstance(value, float):
        return float(value)
    return value


def apply_recipe(name: str) -> None:
    """Set every config widget to a recipe's value (a button callback).

    Args:
        name: a key of `alexnet.config.training.RECIPES` ("tutorial", "recommended", "fast").
    """
    recipe = RECIPES[name]
    for field in FIELDS:
        st.session_state[_key(field)] = _widget_value(recipe, field)


def _defaults() -> None:
    for field in FIELDS:
        st.session_state.setdefault(_key(field), _widget_value(TUTORIAL_DEFAULTS, field))
    st.session_state.setdefault(TRAIN_SIZE_KEY, 0)
    st.session_state.setdefault(STRATIFIED_KEY, False)


def render_network() -> ModelSpec:
    """The network to train: the one from the Build page, or a preset."""
    built = current_spec()
    options = [FROM_BUILD, *PRESETS]
    choice = st.selectbox(
        t("Network"),
        options,
        format_func=lambda key: (
            t("From the Build page: {name}").format(name=built.name)
            if key == FROM_BUILD
            else PRESETS[key].name
        ),
        key=translated_choice(NETWORK_KEY),
        help=t("Change the network on the Build page, or pick one of the tutorial's three."),
    )
    spec = built if choice == FROM_BUILD else PRESETS[choice]
    h, w, c = spec.input_shape
    st.caption(
        t("Input {h}x{w}x{c}, {classes} classes").format(h=h, w=w, c=c, classes=spec.num_classes)
    )
    return spec


def _explain(text: str) -> None:
    st.caption(text)


RECIPE_BUTTONS = (  # the recipes by their command-line names (`--recipe`), and a label each
    ("tutorial", N_("Tutorial")),
    ("recommended", N_("Recommended")),
    ("fast", N_("Fast")),
)


def _recipe_buttons() -> None:
    for column, (name, label) in zip(st.columns(3), RECIPE_BUTTONS, strict=True):
        column.button(
            t(label),
            on_click=apply_recipe,
            args=(name,),
            key=f"train.recipe.{name}",
            type="primary" if name == "fast" else "secondary",
            width="stretch",
        )
    _explain(
        t(
            "The tutorial recipe reproduces the tutorial (Adam, batches of 32, 5 epochs). The "
            "recommended one uses batches of 128 (fewer, larger steps keep the processor busy), "
            "a learning rate that warms up and then decays (one-cycle), and random flips and "
            "crops so the network cannot memorize the photos, for 15 epochs. The fast one is "
            "the same fitted to 10 epochs, with stronger weight decay and smaller crops, on all "
            "the training images (no validation curve): within a lesson. The command line names "
            "them the same: --recipe tutorial, recommended or fast."
        )
    )


def _epochs_and_batches() -> None:
    a, b = st.columns(2)
    a.number_input(t("Epochs"), min_value=0, max_value=100_000, step=1, key=_key("epochs"))
    b.number_input(t("Batch size"), min_value=0, max_value=100_000, step=16, key=_key("batch_size"))
    _explain(
        t(
            "An epoch is one pass over every training image. A batch is the group of images "
            "the network sees before it updates its weights once: bigger batches mean fewer, "
            "steadier updates per epoch."
        )
    )


def _steps() -> None:
    a, b = st.columns(2)
    a.number_input(
        t("Learning rate"),
        min_value=0.0,
        max_value=100.0,
        step=0.0005,
        format="%.4f",
        key=_key("learning_rate"),
    )
    b.selectbox(t("Optimizer"), OPTIMIZERS, key=translated_choice(_key("optimizer")))
    _explain(
        t(
            "The learning rate is the size of each weight update. Too small and learning "
            "crawls; too large and the loss jumps around or becomes NaN."
        )
    )


def _images() -> None:
    a, b = st.columns(2)
    a.number_input(
        t("Training images (0 = all)"),
        min_value=0,
        step=500,
        key=TRAIN_SIZE_KEY,
        help=t("Train on fewer images for a quick experiment."),
    )
    b.number_input(
        t("Validation split"),
        min_value=0.0,
        max_value=1.0,
        step=0.05,
        format="%.2f",
        key=_key("validation_split"),
        help=t(
            "The share of the training images held out to measure accuracy on images "
            "the network has not trained on."
        ),
    )


def _regularization() -> None:
    a, b = st.columns(2)
    a.selectbox(
        t("Learning-rate schedule"),
        SCHEDULES,
        format_func=lambda s: t(SCHEDULE_LABELS.get(s, s)),
        key=translated_choice(_key("schedule")),
    )
    b.number_input(
        t("Weight decay"),
        min_value=0.0,
        max_value=1.0,
        step=0.0001,
        format="%.4f",
        key=_key("weight_decay"),
    )
    a.number_input(
        t("Label smoothing"),
        min_value=0.0,
        max_value=1.0,
        step=0.05,
        format="%.2f",
        key=_key("label_smoothing"),
    )
    b.number_input(
        t("Crop padding (pixels, 0 = off)"), min_value=0, max_value=64, key=_key("crop_padding")
    )
    a.number_input(
        t("Early stopping patience (epochs, 0 = off)"),
        min_value=0,
        key=_key("early_stopping_patience"),
    )
    b.number_input(t("Seed"), min_value=0, max_value=2**31 - 1, key=_key("seed"))
    a.number_input(
        t("Log every N batches"), min_value=1, max_value=100_000, key=_key("log_every_steps")
    )
    b.checkbox(t("Random horizontal flips"), key=_key("flip"))
    # Full width: in a half column its label is cut short.
    st.checkbox(t("Stratified subset (equal per class)"), key=STRATIFIED_KEY)


def _recalibration() -> None:
    st.number_input(
        t("Batch-norm recalibration images (0 = off)"),
        min_value=0,
        step=256,
        key=_key("bn_recalibration_images"),
        help=t(
            "Before each validation and checkpoint, batch normalization's moving mean "
            "and variance are recomputed from this many training images with the "
            "current weights. Off, a short run is judged with averages that lag far "
            "behind the weights (what plain Keras reports)."
        ),
    )


def _inside() -> None:
    st.number_input(
        t("Look inside: records per epoch (0 = off)"),
        min_value=0,
        max_value=100,
        step=1,
        key=_key("inside_records_per_epoch"),
        help=t(
            "Records, this many times an epoch and before the first step, what each layer's "
            "activation receives, the gradients and the loss along the gradient, on a fixed "
            "batch of 32 training images. Compare draws them; each record costs about three "
            "training steps of 32 images."
        ),
    )


def render_config() -> TrainConfig:
    """The training-config widgets, section by section.

    Returns:
        The config the widgets describe.

    Raises:
        ValueError: from `TrainConfig`, naming the setting and what to change.
    """
    _defaults()
    st.subheader(t("Training"))
    _recipe_buttons()
    _epochs_and_batches()
    _steps()
    _images()
    with st.expander(t("More settings")):
        _regularization()
        _recalibration()
        _inside()
        _mixed_precision()
    return config_from_widgets()


def _mixed_precision() -> None:
    available = cpu_features.mixed_precision_available()
    if not available:
        st.session_state[_key("mixed_precision")] = False
    st.checkbox(
        t("Mixed precision (16-bit arithmetic)"),
        key=_key("mixed_precision"),
        disabled=not available,
        help=t(
            "Computes in 16 bits (bfloat16 on a processor that has it, float16 on a GPU) "
            "and keeps the weights in 32 bits: about 1.4x faster on a processor with "
            "bfloat16, for a few tenths of a point of accuracy. Off reproduces the "
            "tutorial exactly."
        ),
    )
    if not available:
        _explain(
            t(
                "Mixed precision needs a GPU or a processor with bfloat16 arithmetic (AVX512_BF16 "
                "or AMX); this one has neither, so it would make training slower."
            )
        )


def config_from_widgets() -> TrainConfig:
    """The `TrainConfig` of the current widget values (ValueError where one is wrong)."""
    _defaults()
    values = {field: st.session_state[_key(field)] for field in FIELDS}
    values["early_stopping_patience"] = values["early_stopping_patience"] or None
    train_size = int(st.session_state[TRAIN_SIZE_KEY])
    return TrainConfig(
        **values,
        train_size=train_size or None,
        stratified=bool(st.session_state[STRATIFIED_KEY]),
    )
