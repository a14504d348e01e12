"""Test images to click, and uploads: how Predict and Inspect get an image.

The test set is the full CIFAR-10 test set where one is found (`$CIFAR10_PATH`, Keras' cache,
an earlier download), else the shipped sample. Its arrays are read-only and shared, so they
are cached as a resource (one copy per server); the enlarged thumbnails shown in the gallery
are cached as data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np
import streamlit as st

from alexnet.analysis.images import open_image, prepare_image
from alexnet.data import CLASS_NAMES, load_cifar10, load_sample
from ui.i18n import error_text, message_text, t, translated_choice
from ui.words import class_label

ALL_CLASSES = -1  # the gallery's class filter "all classes"
GALLERY_SIZE = 12  # images per gallery page: two rows of six
THUMBNAIL = 96  # pixels per side on screen (a 32x32 image enlarged 3x, sharp)
MAX_SHOWN = 512  # longest side of an uploaded image as shown on the page
UPLOAD_TYPES = ["png", "jpg", "jpeg", "gif", "bmp", "webp", "tif", "tiff"]


@dataclass(frozen=True)
class GalleryImages:
    """The test images the pages draw from."""

    x: np.ndarray  # (N, 32, 32, 3) uint8, read-only
    y: np.ndarray  # (N,) int64 labels
    class_names: tuple[str, ...]
    description: str  # where the images come from, in words
    problem: BaseException | None = None  # why the full CIFAR-10 could not be read


@dataclass(frozen=True)
class ChosenImage:
    """An image ready for the model, with what is known about it."""

    model_input: np.ndarray  # uint8 (height, width, channels) at the model's input size
    original: np.ndarray  # uint8 RGB as it was given (a test image or the upload)
    true_label: int | None  # known for test images, None for uploads
    caption: str  # e.g. "test image 17" or the upload's file name
    digest: str  # identifies the pixels (a cache key)
    original_size: tuple[int, int] = (32, 32)  # (width, height) in pixels as given


@st.cache_resource(show_spinner=False)
def test_images() -> GalleryImages:
    """The test set (full CIFAR-10 where available, else the shipped sample), loaded once.

    Full CIFAR-10 is memory-mapped from the decoded cache: no decoding after the first time,
    and the images stay in the file cache instead of the server's memory. A CIFAR-10 that
    cannot be read (a wrong `$CIFAR10_PATH`) leaves the sample, with the reason kept.
    """
    try:
        data, problem = load_cifar10(memory_map=True), None
    except (ValueError, OSError) as error:  # e.g. $CIFAR10_PATH names a missing file
        data, problem = load_sample(), error
    return GalleryImages(
        data.x_test, data.y_test, tuple(data.class_names), data.description, problem
    )


def _digest(array: np.ndarray) -> str:
    return hashlib.sha1(np.ascontiguousarray(array).tobytes()).hexdigest()[:16]


@st.cache_data(max_entries=2000, show_spinner=False)
def thumbnail(index: int, size: int = THUMBNAIL) -> np.ndarray:
    """A test image enlarged by whole pixels (nearest neighbour) so the browser shows it sharp."""
    image = test_images().x[index]
    factor = max(1, size // image.shape[0])
    return np.repeat(np.repeat(image, factor, axis=0), factor, axis=1)


def enlarge(image: np.ndarray, size: int = THUMBNAIL) -> np.ndarray:
    """Any small uint8 image enlarged by whole pixels to about `size` (for display only)."""
    image = np.asarray(image)
    factor = max(1, size // max(image.shape[:2]))
    return np.repeat(np.repeat(image, factor, axis=0), factor, axis=1)


def fit_to_model(image: np.ndarray, input_shape: tuple[int, int, int]) -> np.ndarray:
    """A uint8 RGB image as the model's input (resized only where the sizes differ).

    Args:
        image: (H, W, 3) uint8.
        input_shape: the model's (height, width, channels).
    """
    if tuple(image.shape) == tuple(input_shape):
        return image
    from PIL import Image

    return prepare_image(Image.fromarray(np.asarray(image, dtype=np.uint8)), input_shape)


def test_image(index: int, input_shape: tuple[int, int, int]) -> ChosenImage:
    """Test image `index` as a `ChosenImage` for a model with `input_shape`."""
    images = test_images()
    original = np.array(images.x[index])  # its own pixels, not a view of the mapped file
    return ChosenImage(
        model_input=fit_to_model(original, input_shape),
        original=original,
        true_label=int(images.y[index]),
        caption=t("test image {n}").format(n=index),
        digest=f"test:{index}",
        original_size=(original.shape[1], original.shape[0]),
    )


def image_from_upload(data: bytes, name: str, input_shape: tuple[int, int, int]) -> ChosenImage:
    """An uploaded file (any format, size and mode Pillow reads) as a `ChosenImage`.

    Args:
        data: the file's bytes.
        name: the file name, shown as the caption.
        input_shape: the model's (height, width, channels).

    Raises:
        ValueError: if the bytes are not a readable image (the message says why).
    """
    picture = open_image(data)
    model_input = prepare_image(picture, input_shape)
    # Shown beside the model's input; a large photo is scaled down (aspect kept) for the page.
    scale = min(1.0, MAX_SHOWN / max(picture.width, picture.height))
    shown = (max(1, round(picture.height * scale)), max(1, round(picture.width * scale)), 3)
    original = prepare_image(picture, shown)
    digest = "upload:" + _digest(model_input)
    return ChosenImage(model_input, original, None, name, digest, (picture.width, picture.height))


def render_gallery(key: str, per_page: int = GALLERY_SIZE) -> int | None:
    """A grid of test images, each with a button; returns the index of the chosen image.

    Args:
        key: widget key prefix (one gallery per page).
        per_page: images shown at once.
    """
    images = test_images()
    chosen_key, page_key = f"{key}.chosen", f"{key}.page"
    ss = st.session_state
    ss.setdefault(page_key, 0)
    top = st.columns([3, 1], vertical_alignment="bottom")
    label = top[0].selectbox(
        t("Show test images of"),
        [ALL_CLASSES, *range(len(images.class_names))],
        format_func=lambda c: (
            t("all classes") if c == ALL_CLASSES else class_label(images.class_names[c])
        ),
        key=translated_choice(f"{key}.class"),
    )
    if top[1].button(t("Other images"), key=f"{key}.more", icon=":material/shuffle:"):
        ss[page_key] += 1
    pool = np.arange(len(images.y)) if label == ALL_CLASSES else np.flatnonzero(images.y == label)
    # A seeded shuffle: the same "page" shows the same images on every rerun.
    order = np.random.default_rng(ss[page_key]).permutation(pool)[:per_page]
    columns = st.columns(min(6, per_page))
    for slot, index in enumerate(order):
        with columns[slot % len(columns)]:
            st.image(thumbnail(int(index)), width=THUMBNAIL)
            name = class_label(images.class_names[int(images.y[index])])
            if st.button(name, key=f"{key}.pick.{index}", width="stretch"):
                ss[chosen_key] = int(index)
    chosen = ss.get(chosen_key)
    if chosen is None or not 0 <= chosen < len(images.y):
        chosen = int(order[0])  # something to show before the first click
    return chosen


def choose_image(key: str, input_shape: tuple[int, int, int]) -> ChosenImage | None:
    """Gallery or upload; returns the image for the model, or None (with a message) if none.

    Args:
        key: widget key prefix of the page.
        input_shape: the model's (height, width, channels).
    """
    source = st.segmented_control(
        t("Image"),
        ["gallery", "upload"],
        format_func=lambda s: t("Test images") if s == "gallery" else t("Upload your own"),
        default="gallery",
        key=f"{key}.source",
    )
    if source == "upload":
        uploaded = st.file_uploader(
            t("An image file (PNG, JPEG, ...; any size): it is cropped to a square and resized"),
            type=UPLOAD_TYPES,
            key=f"{key}.upload",
        )
        if uploaded is None:
            st.info(t("Upload an image to see what the model makes of it."))
            return None
        try:
            return image_from_upload(uploaded.getvalue(), uploaded.name, input_shape)
        except ValueError as error:
            st.error(t("This file could not be used: {error}").format(error=error_text(error)))
            return None
    with st.expander(t("Test images: click one"), expanded=True):
        gallery = test_images()
        if gallery.problem is not None:
            st.warning(
                t("{problem} The gallery shows the shipped sample's test images.").format(
                    problem=error_text(gallery.problem)
                )
            )
        st.caption(message_text(gallery.description))
        index = render_gallery(key)
    return test_image(index, input_shape)


def class_name(names: list[str] | tuple[str, ...], index: Any) -> str:
    """The name of class `index`, or "class N" when the list is shorter."""
    i = int(index)
    return names[i] if 0 <= i < len(names) else t("class {n}").format(n=i)


__all__ = ["CLASS_NAMES", "ChosenImage", "GalleryImages", "choose_image", "test_images"]
