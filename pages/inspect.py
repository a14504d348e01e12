"""Inspect: what a trained model learned (filters, feature maps, Grad-CAM) and where it errs."""

from __future__ import annotations

import streamlit as st

from ui.entry import ensure_entrypoint
from ui.i18n import t
from ui.image_picker import choose_image
from ui.inspect import sections
from ui.model_picker import choose_model, class_names, input_shape, loaded_model

ensure_entrypoint()
st.title(t("Inspect"))
st.caption(
    t(
        "Look inside a trained model: the patterns its first layer learned, what every layer "
        "makes of one image, where it looks, and which classes it mixes up."
    )
)
choice = choose_model("inspect")  # it loads in the background while the images are drawn
if choice is None:
    st.stop()
shape = input_shape(choice)
if shape is None:
    st.stop()
chooser, chosen = st.columns([4, 1], gap="large")
with chooser:
    image = choose_image("inspect", shape)
model = loaded_model(choice)
if model is None:
    st.stop()
names = class_names(model, choice)
if image is not None:
    with chosen:
        sections.render_image_strip(image, names)

filters_tab, maps_tab, cam_tab, evaluation_tab = st.tabs(
    [t("Filters"), t("Feature maps"), t("Grad-CAM"), t("Evaluation")]
)
with filters_tab:
    sections.render_filters(choice, model)
with maps_tab:
    if image is None:
        st.info(t("Choose an image above to see its feature maps."))
    else:
        sections.render_feature_maps(choice, model, image)
with cam_tab:
    if image is None:
        st.info(t("Choose an image above to see Grad-CAM."))
    else:
        sections.render_grad_cam(choice, model, names, image)
with evaluation_tab:
    sections.render_evaluation(choice, model, names)
