"""The Build page's settings: preset and upload, model-wide settings, conv and dense blocks."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from alexnet.config.presets import PRESETS
from alexnet.config.spec import (
    ACTIVATIONS,
    BATCH_NORM_PLACEMENTS,
    MAX_CONV_BLOCKS,
    MAX_DENSE_BLOCKS,
)
from ui.build import state as bs
from ui.build.state import key
from ui.i18n import N_, t, translated_choice

PRESET_LABELS = {
    "cifar10_alexnet": N_("CIFAR-10 AlexNet (32×32 images, 10 classes)"),
    "cifar10_alexnet_bn": N_("CIFAR-10 AlexNet + BatchNorm"),
    "imagenet_alexnet": N_("ImageNet AlexNet (227×227 images, 1000 classes)"),
}
PLACEMENT_LABELS = {
    bs.MODEL_DEFAULT: N_("model setting"),
    "none": N_("none"),
    "before_activation": N_("before activation (as in the tutorial)"),
    "after_activation": N_("after activation"),
}
ACTIVATION_DEFAULT = N_("model setting")
_CONV_TEXT = N_(
    "Output size of a convolution or pooling: `floor((n - k + 2p) / s) + 1`, where n is the "
    "input side, k the kernel size, p the padding on each side and s the strides. "
    "'valid' means p = 0, so the map shrinks; 'same' pads so that the output side is ceil(n / s)."
)
_PARAMS_TEXT = N_(
    "Parameters of a Conv2D: `(k * k * c_in + 1) * filters` - one weight for every kernel "
    "position and input channel, plus one bias, for each filter. A Dense layer has "
    "`(inputs + 1) * units`."
)
_BN_TEXT = N_(
    "Batch normalization rescales each channel to zero mean and unit variance over the "
    "mini-batch, then applies a learned scale and shift (2 trainable numbers per channel). "
    "It also keeps a moving mean and variance for prediction (2 non-trainable numbers). "
    "It usually makes training faster and less sensitive to the learning rate."
)


# Labels are looked up when the widget is drawn, so format_func does not read the session
# later (AppTest calls it outside the script run).
def _placement_labels() -> Callable[[str], str]:
    return {value: t(label) for value, label in PLACEMENT_LABELS.items()}.__getitem__


def _activation_labels() -> Callable[[str], str]:
    return {bs.MODEL_DEFAULT: t(ACTIVATION_DEFAULT), **{a: a for a in ACTIVATIONS}}.__getitem__


def render_source() -> None:
    """Preset choice and spec upload."""
    st.selectbox(
        t("Start from a preset"),
        options=list(PRESETS),
        format_func={k: t(label) for k, label in PRESET_LABELS.items()}.__getitem__,
        key=translated_choice(bs.PRESET_KEY),
        placeholder=t("Choose a preset"),
        on_change=bs.on_preset_chosen,
    )
    with st.expander(t("Load a spec from a JSON file")):
        st.file_uploader(
            t("Spec JSON (as downloaded from this page)"),
            type=["json"],
            key=bs.UPLOAD_KEY,
            on_change=bs.on_upload,
        )
    note = bs.upload_note()
    if note is not None and note[0] == "error":
        st.error(t("This file could not be loaded: {error}").format(error=note[1].render(t)))
    elif note is not None:
        filled = "; ".join(f"{place} {field} = {value}" for place, field, value in note[1])
        st.info(
            t("The file left these settings out, so they take their defaults: {filled}.").format(
                filled=filled
            ),
            icon=":material/info:",
        )


def render_model_settings() -> None:
    """Input shape, classes, model-wide activation and batch normalization."""
    st.subheader(t("Model"))
    st.text_input(t("Name"), key=key("name"), max_chars=80)
    cols = st.columns(4, vertical_alignment="bottom")  # a wrapped label keeps boxes in line
    cols[0].number_input(t("Input height"), step=1, key=key("height"))
    cols[1].number_input(t("Input width"), step=1, key=key("width"))
    cols[2].number_input(t("Channels"), step=1, key=key("channels"))
    cols[3].number_input(t("Classes"), step=1, key=key("num_classes"))
    _problem("model")
    cols = st.columns(2)
    cols[0].selectbox(t("Activation"), ACTIVATIONS, key=key("activation"))
    cols[1].selectbox(
        t("Batch normalization"),
        BATCH_NORM_PLACEMENTS,
        format_func=_placement_labels(),
        key=translated_choice(key("batch_norm")),
        on_change=bs.on_model_batch_norm_changed,
        help=t("Applies to every block; changing it clears the per-block settings."),
    )
    st.caption(t(_BN_TEXT))
    st.checkbox(
        t("Rescale pixels from 0-255 to 0-1 inside the model"),
        key=key("rescale"),
    )


def _conv_title(i: int) -> str:
    ss = st.session_state
    k = ss[key("conv", i, "kernel_size")]
    title = t("conv{n}: {filters} filters, {k}×{k}, strides {s}, {padding}").format(
        n=i + 1,
        filters=ss[key("conv", i, "filters")],
        k=k,
        s=ss[key("conv", i, "strides")],
        padding=ss[key("conv", i, "padding")],
    )
    if ss[key("conv", i, "pool")]:
        title += " + " + t("max-pool {p}×{p}/{s}").format(
            p=ss[key("conv", i, "pool_size")], s=ss[key("conv", i, "pool_strides")]
        )
    return title


def _conv_block(i: int) -> None:
    with st.expander(_conv_title(i)):
        cols = st.columns(4)
        cols[0].number_input(t("filters"), step=1, key=key("conv", i, "filters"))
        cols[1].number_input(t("kernel_size"), step=1, key=key("conv", i, "kernel_size"))
        cols[2].number_input(t("strides"), step=1, key=key("conv", i, "strides"))
        cols[3].selectbox(t("padding"), ("valid", "same"), key=key("conv", i, "padding"))
        cols = st.columns([2, 1, 1])
        pool = cols[0].checkbox(t("max-pool after it"), key=key("conv", i, "pool"))
        cols[1].number_input(
            t("pool_size"), step=1, key=key("conv", i, "pool_size"), disabled=not pool
        )
        cols[2].number_input(
            t("pool_strides"), step=1, key=key("conv", i, "pool_strides"), disabled=not pool
        )
        _overrides("conv", i, removable=bs.conv_count() > 1, on_remove=bs.remove_conv_block)
        if bs.conv_count() == 1:
            st.caption(t("A network needs at least one conv block, so the last one stays."))
    _problem(f"conv{i + 1}")  # outside the expander: seen even when it is closed


def _overrides(kind: str, i: int, removable: bool, on_remove) -> None:
    cols = st.columns([4, 3, 3], vertical_alignment="bottom")
    cols[0].selectbox(
        t("batch normalization"),
        (bs.MODEL_DEFAULT, *BATCH_NORM_PLACEMENTS),
        format_func=_placement_labels(),
        key=translated_choice(key(kind, i, "batch_norm")),
    )
    cols[1].selectbox(
        t("activation"),
        (bs.MODEL_DEFAULT, *ACTIVATIONS),
        format_func=_activation_labels(),
        key=translated_choice(key(kind, i, "activation")),
    )
    cols[2].button(
        t("Remove"),
        key=key(kind, i, "remove"),
        on_click=on_remove,
        args=(i,),
        disabled=not removable,
        icon=":material/delete:",
        help=None if removable else t("A network needs at least one conv block."),
    )


def _problem(place: str) -> None:
    """The message of a setting out of range at `place` ("model", "conv2", ...), if any."""
    problem = bs.problems().get(place)
    if problem is not None:
        st.error(problem.render(t), icon=":material/error:")


def render_conv_blocks() -> None:
    """One expander per conv block, and a button to add one."""
    st.subheader(t("Convolution blocks"))
    st.caption(t(_CONV_TEXT))
    st.caption(t(_PARAMS_TEXT))
    for i in range(bs.conv_count()):
        _conv_block(i)
    st.button(
        t("Add a conv block"),
        on_click=bs.add_conv_block,
        icon=":material/add:",
        disabled=bs.conv_count() >= MAX_CONV_BLOCKS,
        key=key("add_conv"),
    )


def render_dense_blocks() -> None:
    """One expander per hidden dense block, and a button to add one."""
    st.subheader(t("Dense blocks"))
    st.caption(t("Hidden Dense layers after Flatten; the softmax layer over the classes follows."))
    ss = st.session_state
    for i in range(bs.dense_count()):
        title = t("fc{n}: {units} units, dropout {rate}").format(
            n=i + 1, units=ss[key("dense", i, "units")], rate=ss[key("dense", i, "dropout_rate")]
        )
        with st.expander(title):
            cols = st.columns(2)
            cols[0].number_input(t("units"), step=1, key=key("dense", i, "units"))
            cols[1].number_input(
                t("dropout_rate"), step=0.05, format="%.2f", key=key("dense", i, "dropout_rate")
            )
            _overrides("dense", i, removable=True, on_remove=bs.remove_dense_block)
        _problem(f"fc{i + 1}")
    st.button(
        t("Add a dense block"),
        on_click=bs.add_dense_block,
        icon=":material/add:",
        disabled=bs.dense_count() >= MAX_DENSE_BLOCKS,
        key=key("add_dense"),
    )
