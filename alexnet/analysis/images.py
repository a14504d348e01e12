"""Opening user images safely and fitting them to a network's input.

Any format Pillow reads, in any mode (grayscale, RGBA, palette, CMYK, 16-bit, an animated
GIF's first frame). Huge images are refused from the header, before any pixels are decoded.
To fit the model, the image is center-cropped to the model's aspect ratio and then resized:
the object stays the size the network saw in training (CIFAR-10 photos fill their frame),
where padding would shrink it and add borders it never saw.
"""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from alexnet.config.checks import ConfigError
from alexnet.config.messages import Message

MAX_IMAGE_PIXELS = 64_000_000  # a 64-megapixel photo is ~200 MB as RGB in memory
MAX_IMAGE_BYTES = 20 * 1024**2  # as the app's upload limit (.streamlit/config.toml)
NO_SUCH_IMAGE = "There is no image file {path}."
A_FOLDER = "{path} is a folder, not an image file."
UNREADABLE = "The image file {path} cannot be read ({reason})."
TOO_LARGE = "{path} is {size:,} bytes; an image may be at most {limit:,} bytes (20 MB)."
IN_FILE = "{path}: {problem}"
TOO_MANY_PIXELS = (
    "The image is {width} x {height} pixels, more than the {limit} megapixel limit; use a "
    "smaller image."
)
EMPTY = "The file is empty; expected an image (PNG, JPEG, GIF, BMP, WebP...)."
FAR_TOO_LARGE = "The image is far too large to decode; use a smaller image."
NOT_AN_IMAGE = (
    "The file is not an image Pillow can read; expected PNG, JPEG, GIF, BMP, WebP or TIFF."
)
UNDECODABLE = "The image could not be decoded; the file may be truncated or damaged."


def read_image_file(path: str | os.PathLike[str]) -> Image.Image:
    """An image file decoded as an upload is on the Predict page, within the same limits.

    Raises:
        ValueError: for a missing, unreadable, too large or undecodable file (one line).
    """
    file = Path(path).expanduser()
    try:
        if file.is_dir():
            raise ConfigError(A_FOLDER, path=str(file))
        size = file.stat().st_size
        if size > MAX_IMAGE_BYTES:
            raise ConfigError(TOO_LARGE, path=str(file), size=size, limit=MAX_IMAGE_BYTES)
        data = file.read_bytes()
    except FileNotFoundError:
        raise ConfigError(NO_SUCH_IMAGE, path=str(file)) from None
    except OSError as error:
        raise ConfigError(UNREADABLE, path=str(file), reason=error.strerror or error) from None
    try:
        return open_image(data)
    except ConfigError as error:
        raise ConfigError(
            IN_FILE, path=str(file), problem=Message(error.template, **error.values)
        ) from None


def _check_pixels(size: tuple[int, int]) -> None:
    width, height = size
    if width * height > MAX_IMAGE_PIXELS:
        raise ConfigError(
            TOO_MANY_PIXELS, width=width, height=height, limit=MAX_IMAGE_PIXELS // 1_000_000
        )


def open_image(data: bytes) -> Image.Image:
    """Decode image bytes (an upload), refusing non-images, truncated files and huge images.

    Args:
        data: the file's content.

    Returns:
        The decoded PIL image (first frame loaded).
    """
    if not data:
        raise ConfigError(EMPTY)
    try:
        with warnings.catch_warnings():
            # Our own limit below is stricter than Pillow's warning.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise ConfigError(FAR_TOO_LARGE) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ConfigError(NOT_AN_IMAGE) from None
    _check_pixels(image.size)  # from the header, before any pixel is decoded
    try:
        image.load()
    except Exception:  # Pillow's decoders raise OSError, SyntaxError, struct.error...
        raise ConfigError(UNDECODABLE) from None
    return image


def _to_8bit(image: Image.Image) -> Image.Image:
    """16/32-bit integer and float images -> 8-bit grayscale."""
    values = np.asarray(image, dtype=np.float64)
    if image.mode.startswith("I;16") or (image.mode == "I" and values.max(initial=0) > 255):
        values = values / 257.0  # 65535 -> 255
    elif image.mode == "F" and values.max(initial=0) <= 1.0:
        values = values * 255.0  # floats in [0, 1]
    return Image.fromarray(np.clip(np.rint(values), 0, 255).astype(np.uint8))


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode.startswith("I") or image.mode == "F":
        image = _to_8bit(image)
    if image.mode == "P":
        image = image.convert("RGBA")  # keeps a palette's transparency
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        # Transparent parts become white, as a browser shows them on a white page.
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")


def _center_crop(image: Image.Image, aspect: float) -> Image.Image:
    # Crop before resizing (not resize(box=...)): the filter must not pull in cropped-off pixels.
    w, h = image.size
    if w / h > aspect:
        new_w = max(1, round(h * aspect))
        left = (w - new_w) // 2
        return image.crop((left, 0, left + new_w, h))
    new_h = max(1, round(w / aspect))
    top = (h - new_h) // 2
    return image.crop((0, top, w, top + new_h))


def prepare_image(pil_image: Image.Image, input_shape: tuple[int, ...]) -> np.ndarray:
    """Turn any PIL image into the uint8 array a model takes.

    Args:
        pil_image: the image; an animated image's first frame is used.
        input_shape: (height, width, channels) of the model, e.g. `model_input_shape(model)`;
            channels is 1 (grayscale), 3 (RGB) or 4 (RGBA).

    Returns:
        uint8 (height, width, channels): center-cropped to the model's aspect ratio, then
        resized with a Lanczos filter.
    """
    if not isinstance(pil_image, Image.Image):
        raise ValueError(f"Expected a PIL image, got {type(pil_image).__name__}.")
    if len(input_shape) != 3 or not all(isinstance(s, int) and s > 0 for s in input_shape):
        raise ValueError(f"input_shape must be (height, width, channels), got {input_shape!r}.")
    height, width, channels = input_shape
    if channels not in (1, 3, 4):
        raise ValueError(f"Models with {channels} input channels are not supported; use 1, 3 or 4.")
    _check_pixels(pil_image.size)
    if getattr(pil_image, "is_animated", False):
        pil_image.seek(0)
    rgb = _to_rgb(pil_image)
    fitted = _center_crop(rgb, width / height).resize(
        (width, height), Image.Resampling.LANCZOS, reducing_gap=3.0
    )
    mode = {1: "L", 3: "RGB", 4: "RGBA"}[channels]
    array = np.asarray(fitted.convert(mode), dtype=np.uint8)
    return np.ascontiguousarray(array.reshape(height, width, channels))
