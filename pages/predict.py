"""Predict: a trained model's guesses for a test image, an upload, or a random batch."""

from __future__ import annotations

import streamlit as st

from alexnet.analysis.models import model_input_shape
from ui.entry import ensure_entrypoint
from ui.i18n import t
from ui.image_picker import choose_image
from ui.model_picker import choose_model, class_names
from ui.predict import prediction

ensure_entrypoint()
st.title(t("Predict"))
st.caption(
    t(
        "Pick a model, then click a test image or upload your own photo: the model names the "
        "five classes it finds most likely."
    )
)
picked = choose_model("predict")
if picked is None:
    st.stop()
choice, model = picked
names = class_names(model, choice)
mode = st.segmented_control(
    t("Mode"),
    ["one", "batch"],
    format_func=lambda m: t("One image") if m == "one" else t("Random batch of 20"),
    default="one",
    key="predict.mode",
)
if mode == "batch":
    prediction.render_random_batch(choice, model, names, "predict")
else:
    image = choose_image("predict", model_input_shape(model))
    if image is not None:
        prediction.render_prediction(choice, model, names, image)
