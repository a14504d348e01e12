"""Predict: a trained model's guesses for a test image, an upload, or a random batch."""

from __future__ import annotations

import streamlit as st

from ui.entry import ensure_entrypoint
from ui.i18n import t
from ui.image_picker import choose_image
from ui.model_picker import (
    KERAS_AFTER_SECONDS,
    choose_model,
    class_names,
    first_model,
    input_shape,
    start_loading,
)
from ui.predict import prediction

ensure_entrypoint()
st.title(t("Predict"))
st.caption(
    t(
        "Pick a model, then click a test image or upload your own photo: the model names the "
        "five classes it finds most likely."
    )
)
choice = choose_model("predict", load=False)  # Keras loads at the end: see below
if choice is None:
    st.stop()
mode = st.segmented_control(
    t("Mode"),
    ["one", "batch"],
    format_func=lambda m: t("One image") if m == "one" else t("Random batch of 20"),
    default="one",
    key="predict.mode",
)
shape = input_shape(choice)
image = None if mode == "batch" or shape is None else choose_image("predict", shape)
model = first_model(choice) if shape is not None else None
if model is None:
    st.stop()
names = class_names(model, choice)
if mode == "batch":
    prediction.render_random_batch(choice, model, names, "predict")
elif image is not None:
    prediction.render_prediction(choice, model, names, image)
# The first answer came from NumPy where the model's layers allow; Keras (and TensorFlow) loads
# for Inspect and the next clicks once the browser has drawn this page.
start_loading(choice, delay=KERAS_AFTER_SECONDS)
