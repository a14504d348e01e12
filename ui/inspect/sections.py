"""The Inspect page's sections: filters, feature maps, Grad-CAM and the evaluation."""

from __future__ import annotations

from typing import Any

import numpy as np
import streamlit as st

from alexnet.analysis.evaluation import images_in_cell
from alexnet.charts import inspection as charts
from alexnet.store.model_files import ModelFile
from ui.figures import show_figure
from ui.i18n import N_, message_text, t, translated_choice
from ui.image_picker import ChosenImage, class_name, enlarge, thumbnail
from ui.inspect import computations
from ui.model_picker import probabilities
from ui.words import class_label

FILTERS_TEXT = N_(
    "Each square is one filter of the first convolution layer, drawn as a tiny RGB image. "
    "A filter is a pattern the layer looks for everywhere in the image: edges at some "
    "angle, color blobs, stripes. Training shaped them; before training they are noise."
)
MAPS_TEXT = N_(
    "A feature map is a layer's output for this image: one small picture per channel, bright "
    "where that channel's pattern was found. Early layers respond to edges and colors; deeper "
    "layers are smaller and respond to larger, more abstract parts."
)
CAM_TEXT = N_(
    "Grad-CAM colors the image by how much each place raised the score of a class (red: "
    "much, blue: not at all). It uses the gradients of the class score with respect to the "
    "last convolution block's feature maps, so it shows where the evidence lies."
)
EVALUATION_TEXT = N_(
    "The confusion matrix counts, for every true class (row), what the model predicted "
    "(column); the diagonal holds the right answers. Click a cell to see its images."
)
PREDICTED = -1  # the Grad-CAM class choice "the predicted class"
MISTAKES_SHOWN = 12
CELL_IMAGES_SHOWN = 24


def render_filters(choice: ModelFile, model: Any) -> None:
    st.caption(t(FILTERS_TEXT))
    try:
        kernels = computations.filters(choice, model)
    except ValueError as error:
        st.info(str(error))
        return
    n, k = kernels.shape[:2]
    columns = min(16, n)
    figure = charts.filters_figure(kernels, columns=columns)
    rows = -(-n // columns)
    # Height from the grid's shape, so a few rows are not lost in an empty square figure.
    figure.update_layout(
        title=t("First-layer filters: {n} kernels of {k} x {k}").format(n=n, k=k),
        height=90 + rows * 900 // (columns + 1),
    )
    show_figure(figure, key="inspect.filters")


def render_feature_maps(choice: ModelFile, model: Any, image: ChosenImage) -> None:
    st.caption(t(MAPS_TEXT))
    maps = computations.feature_maps(choice, model, image.model_input, image.digest)
    if not maps:
        st.info(t("This model has no layers with feature maps."))
        return
    layers = list(maps)
    layer = st.select_slider(t("Layer"), options=layers, key="inspect.layer")
    h, w, c = maps[layer].shape
    st.markdown(
        t(
            "Layer {i} of {n}: **{layer}**, output {h} x {w} x {c} (height x width x channels)"
        ).format(i=layers.index(layer) + 1, n=len(layers), layer=layer, h=h, w=w, c=c)
    )
    words = {
        "title": t("{layer}: output {h} x {w} x {c}"),
        "first": t(" (first {shown} of {c} channels)"),
    }
    show_figure(charts.feature_maps_figure(maps[layer], layer, words=words), key="inspect.maps")


def render_grad_cam(choice: ModelFile, model: Any, names: list[str], image: ChosenImage) -> None:
    st.caption(t(CAM_TEXT))
    if image.model_input.shape[-1] != 3:
        st.info(t("Grad-CAM is drawn for color (3-channel) models only."))
        return
    target = st.selectbox(
        t("Explain the class"),
        [PREDICTED, *range(len(names))],
        format_func=lambda c: t("the predicted class") if c == PREDICTED else names[c],
        key=translated_choice("inspect.cam_class"),
    )
    try:
        heatmap, overlay, explained = computations.grad_cam(
            choice, model, image.model_input, image.digest, None if target == PREDICTED else target
        )
    except ValueError as error:
        st.info(str(error))
        return
    del heatmap
    probs = probabilities(choice, model, image.model_input[None], image.digest)[0]
    name = class_name(names, explained)
    figure = charts.grad_cam_figure(image.model_input, overlay, name)
    title = t("Where the model sees '{name}'").format(name=name)
    figure.update_layout(title=f"{title} ({probs[explained]:.0%})", height=420)
    for annotation, text in zip(
        figure.layout.annotations, (t("image"), t("Grad-CAM")), strict=False
    ):
        annotation.text = text
    show_figure(figure, key="inspect.cam")


def _image_grid(indices: np.ndarray, captions: list[str], columns: int = 8) -> None:
    for start in range(0, len(indices), columns):  # row by row, so every row lines up
        cols = st.columns(columns)
        for slot in range(start, min(start + columns, len(indices))):
            with cols[slot - start]:
                st.image(thumbnail(int(indices[slot])), width=96)
                st.caption(captions[slot])


def clicked_cell(event: Any) -> tuple[int, int] | None:
    """(true class, predicted class) of the confusion-matrix cell the user clicked, if any.

    Args:
        event: what `st.plotly_chart(..., on_select="rerun")` returned.
    """
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return None
    for point in points:
        data = point.get("customdata") if isinstance(point, dict) else None
        # The browser sends the marker's customdata as a list or as {"0": ..., "1": ...}.
        if isinstance(data, dict):
            data = [data[k] for k in sorted(data, key=lambda k: int(k))]
        if isinstance(data, list | tuple) and len(data) >= 2:
            try:
                return int(data[0]), int(data[1])
            except (TypeError, ValueError):
                continue
    return None


def render_evaluation(choice: ModelFile, model: Any, names: list[str]) -> None:
    with st.spinner(t("Evaluating the model on the test images...")):
        result, from_disk = computations.evaluation(choice, model, names)
    source = t("stored with the run") if from_disk else t("computed now")
    st.caption(f"{message_text(result.data_description)} ({source})")
    cols = st.columns(4)
    cols[0].metric(t("Accuracy"), f"{result.accuracy:.1%}")
    cols[1].metric(t("Top-5 accuracy"), f"{result.top5_accuracy:.1%}")
    cols[2].metric(t("Loss"), f"{result.loss:.3f}")
    cols[3].metric(t("Test images"), f"{result.num_examples:,}")
    st.caption(t(EVALUATION_TEXT))
    normalize = st.toggle(t("Color by fraction of each true class"), key="inspect.normalize")
    classes = [class_label(name) for name in result.class_names]  # stored ones are English
    matrix = charts.confusion_matrix_figure(result.confusion_matrix, classes, normalize)
    matrix.update_layout(
        height=560,
        title=t("Confusion matrix (rows: true class, columns: predicted)"),
        xaxis_title=t("predicted"),
        yaxis_title=t("true"),
    )
    matrix.data[0].colorbar.title.text = t("fraction") if normalize else t("images")
    event = show_figure(matrix, key="inspect.confusion", on_select="rerun", selection_mode="points")
    cell_clicked = clicked_cell(event)
    if cell_clicked is not None:
        true, pred = cell_clicked
        cell = images_in_cell(result, true, pred)
        st.markdown(
            t("**{n}** images of **{true}** predicted as **{pred}**").format(
                n=len(cell), true=class_name(names, true), pred=class_name(names, pred)
            )
        )
        shown = cell[:CELL_IMAGES_SHOWN]
        if len(cell) > len(shown):
            st.caption(t("The first {shown} are shown.").format(shown=len(shown)))
        _image_grid(shown, [t("test image {n}").format(n=int(i)) for i in shown])
    else:
        st.caption(t("Click a cell of the matrix to see its images."))
    bars = charts.per_class_figure(classes, result.precision, result.recall, result.support)
    bars.update_layout(title=t("Per-class precision and recall"))
    for trace, name in zip(bars.data, (t("precision"), t("recall (accuracy)")), strict=False):
        trace.name = name
    show_figure(bars, key="inspect.per_class")
    st.subheader(t("Most confident mistakes"))
    mistakes = result.mistakes[:MISTAKES_SHOWN]
    if not mistakes:
        st.success(t("No mistakes on these test images."))
        return
    captions = []
    for m in mistakes:
        top3 = ", ".join(f"{class_name(names, c)} {p:.0%}" for c, p in m.top3)
        captions.append(
            t("true: {true}; top 3: {top3}").format(true=class_name(names, m.true_label), top3=top3)
        )
    _image_grid(np.array([m.index for m in mistakes]), captions, columns=6)


def render_image_strip(image: ChosenImage, names: list[str]) -> None:
    """The chosen image, large, with its caption and (for a test image) its class."""
    pixels = image.model_input
    caption = image.caption
    if image.true_label is not None:
        caption = f"{caption}: {class_name(names, image.true_label)}"
    st.image(enlarge(pixels if pixels.shape[-1] == 3 else pixels[..., 0], 160), caption=caption)
