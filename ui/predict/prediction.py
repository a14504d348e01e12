"""The Predict page's parts: one image with its top-5, and a random batch of test images."""

from __future__ import annotations

from typing import Any

import numpy as np
import streamlit as st

from alexnet.charts.top_k import top_k_svg
from alexnet.store.model_files import ModelFile
from ui.i18n import t
from ui.image_picker import ChosenImage, class_name, enlarge, fit_to_model, test_images, thumbnail
from ui.model_picker import probabilities
from ui.pictures import show_svg
from ui.state import font_scale

BATCH_SIZE = 20  # images in the random-batch mode: four rows of five
BATCH_COLUMNS = 5


def verdict(names: list[str], predicted: int, true_label: int | None) -> tuple[str, str]:
    """("right" / "wrong" / "unknown", a sentence saying so).

    Args:
        names: class names.
        predicted: the predicted class.
        true_label: the true class, None if unknown.
    """
    guess = class_name(names, predicted)
    if true_label is None:
        return "unknown", t(
            "The model says: {guess}. (The true class of an upload is unknown.)"
        ).format(guess=guess)
    if predicted == true_label:
        return "right", t("Right: {guess} is the true class.").format(guess=guess)
    return "wrong", t("Wrong: the model says {guess}; the true class is {true}.").format(
        guess=guess, true=class_name(names, true_label)
    )


def render_prediction(choice: ModelFile, model: Any, names: list[str], image: ChosenImage) -> None:
    """The image as given beside the model's input, the top-5 bars and right/wrong."""
    probs = probabilities(choice, model, image.model_input[None], image.digest)[0]
    predicted = int(np.argmax(probs))
    left, right = st.columns([2, 3], gap="large")
    with left:
        cols = st.columns(2)
        width, height = image.original_size
        original = t("original: {name}, {w} x {h} pixels").format(
            name=image.caption, w=width, h=height
        )
        cols[0].image(enlarge(image.original, 192), caption=original, width="stretch")
        h, w = image.model_input.shape[:2]
        pixels = (
            image.model_input if image.model_input.shape[-1] != 1 else image.model_input[..., 0]
        )
        resized = t("model input: {w} x {h} pixels").format(w=w, h=h)
        cols[1].image(enlarge(pixels, 192), caption=resized, width="stretch")
        kind, sentence = verdict(names, predicted, image.true_label)
        {"right": st.success, "wrong": st.error, "unknown": st.info}[kind](
            sentence,
            icon={"right": ":material/check_circle:", "wrong": ":material/cancel:"}.get(
                kind, ":material/help:"
            ),
        )
    with right:
        true = (
            image.true_label
            if image.true_label is not None and image.true_label < len(names)
            else None
        )
        k = min(5, len(names))
        title = t("Top {k} predictions").format(k=k)
        if true is not None:
            title += " " + t("(true class: {name})").format(name=class_name(names, true))
        show_svg(
            top_k_svg(probs, names, k=k, true_label=true, title=title, font_scale=font_scale())
        )
        st.caption(
            t(
                "The bars are the softmax output: how sure the model is of each class. "
                "Green marks the true class, red a wrong first guess."
            )
        )


def render_random_batch(choice: ModelFile, model: Any, names: list[str], key: str) -> None:
    """`BATCH_SIZE` random test images with the model's guesses, right and wrong marked."""
    images = test_images()
    seed_key = f"{key}.batch_seed"
    st.session_state.setdefault(seed_key, 0)
    if st.button(t("New random batch"), key=f"{key}.new_batch", icon=":material/casino:"):
        st.session_state[seed_key] += 1
    seed = st.session_state[seed_key]
    count = min(BATCH_SIZE, len(images.y))
    indices = np.random.default_rng(1000 + seed).choice(len(images.y), count, replace=False)
    shape = tuple(int(s) for s in model.input_shape[1:])
    x = np.stack([fit_to_model(images.x[i], shape) for i in indices])
    probs = probabilities(choice, model, x, f"batch:{seed}:{len(images.y)}")
    right = probs.argmax(axis=1) == images.y[indices]
    st.metric(t("Right in this batch"), f"{int(right.sum())} / {count}")
    for start in range(0, count, BATCH_COLUMNS):  # row by row, so every row lines up
        columns = st.columns(BATCH_COLUMNS)
        for slot in range(start, min(start + BATCH_COLUMNS, count)):
            with columns[slot - start]:
                _batch_cell(names, int(indices[slot]), probs[slot], int(images.y[indices[slot]]))


def _batch_cell(names: list[str], index: int, probs: np.ndarray, true_label: int) -> None:
    st.image(thumbnail(index), width=96)
    predicted = int(np.argmax(probs))
    guess = f"**{class_name(names, predicted)}** {probs[predicted]:.0%}"
    if predicted == true_label:
        st.markdown(f":green[:material/check_circle: {guess}]")
    else:
        true = t("true: {name}").format(name=class_name(names, true_label))
        st.markdown(f":red[:material/cancel: {guess}]  \n{true}")
