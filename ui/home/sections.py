"""The Home page's sections. No TensorFlow: the architecture picture comes from the
pure-Python layer table, the data source from file checks, the runs from small JSON files."""

from __future__ import annotations

import streamlit as st

from alexnet.charts.architecture import layer_volume_svg
from alexnet.config.presets import PRESET_PARAMS, PRESETS
from alexnet.data.status import data_status
from alexnet.network.layer_table import layer_table
from alexnet.store.overview import summaries
from alexnet.store.run_store import RunStore
from ui.i18n import N_, message_text, t, translated_choice
from ui.links import page_link
from ui.pictures import show_svg
from ui.state import font_scale
from ui.words import state_label

VARIANTS = {
    "imagenet_alexnet": N_(
        "The original: 227×227 colour images, 1,000 classes, 62 million parameters."
    ),
    "cifar10_alexnet": N_(
        "The same five-conv, three-dense design scaled to CIFAR-10's 32×32 images and "
        "10 classes: trains on a laptop."
    ),
    "cifar10_alexnet_bn": N_(
        "The CIFAR-10 AlexNet with batch normalization after every convolution: "
        "usually learns faster."
    ),
}
STEPS = (
    ("pages/build.py", N_("Build"), ":material/construction:",
     N_("pick a variant and see every layer's shape, parameters and cost.")),
    ("pages/train.py", N_("Train"), ":material/model_training:",
     N_("train it on CIFAR-10 and watch loss and accuracy move live.")),
    ("pages/compare.py", N_("Compare"), ":material/compare_arrows:",
     N_("run batch normalization against none in one click, or overlay any runs.")),
    ("pages/predict.py", N_("Predict"), ":material/image_search:",
     N_("show a trained model test images or your own photos.")),
    ("pages/inspect.py", N_("Inspect"), ":material/visibility:",
     N_("look inside: filters, feature maps, Grad-CAM, confusion matrix.")),
    ("pages/runs.py", N_("Runs"), ":material/history:",
     N_("rename, tag, download or delete your runs.")),
)  # fmt: skip


def render_variants() -> None:
    """The tutorial's three networks, one line each."""
    st.subheader(t("The tutorial's three variants"))
    for preset_id, text in VARIANTS.items():
        st.markdown(
            f"**{PRESETS[preset_id].name}** · {PRESET_PARAMS[preset_id]:,} {t('parameters')}  \n"
            + t(text)
        )


def render_architecture() -> None:
    """A chosen variant's layers as boxes."""
    st.subheader(t("The architecture"))
    preset_id = st.segmented_control(
        t("Variant"),
        list(PRESETS),
        default="cifar10_alexnet",
        format_func=lambda p: PRESETS[p].name,
        key=translated_choice("home.variant"),
    )
    spec = PRESETS[preset_id or "cifar10_alexnet"]
    show_svg(
        layer_volume_svg(
            layer_table(spec), spec.input_shape, t("input"), font_scale(), t("{count:,} values")
        )
    )
    st.caption(
        t("Each box is a layer's output: taller for a larger feature map, wider for more channels.")
    )


def render_data() -> None:
    """Which CIFAR-10 the app trains on."""
    st.subheader(t("Data"))
    data = data_status()
    if data.problem:
        st.error(message_text(data.problem), icon=":material/error:")
    elif data.full:
        st.markdown(
            t(
                "The full CIFAR-10: {train:,} training and {test:,} test images, from {path}."
            ).format(train=data.train_images, test=data.test_images, path=f"`{data.path}`")
        )
    else:
        st.markdown(
            t(
                "The CIFAR-10 sample shipped with the app: {train:,} training and {test:,} test "
                "images (real CIFAR-10 images, 10 classes). For the full data set, set "
                "CIFAR10_PATH to cifar-10-python.tar.gz or let Keras download it once."
            ).format(train=data.train_images, test=data.test_images)
        )


def render_latest_runs() -> None:
    """How many runs there are, and the latest three."""
    st.subheader(t("Runs so far"))
    rows = summaries(RunStore())
    if not rows:
        st.markdown(t("No runs yet: train a model or start the batch normalization experiment."))
        return
    st.markdown(t("{count} runs. The latest:").format(count=len(rows)))
    for row in rows[:3]:
        best = "" if row.best_accuracy is None else f" · {row.best_accuracy:.1%}"
        st.markdown(f"- **{message_text(row.name)}** ({state_label(row.state)}{best})")
    page_link("pages/runs.py", t("All runs"), icon=":material/history:")


def render_steps() -> None:
    """The pages in the order a first visit takes them."""
    st.subheader(t("Start here"))
    for number, (page, title, icon, text) in enumerate(STEPS, start=1):
        cols = st.columns([1, 3])
        with cols[0]:
            page_link(page, f"{number}. {t(title)}", icon=icon)
        cols[1].markdown(t(text))
