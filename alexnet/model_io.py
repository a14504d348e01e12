"""Loading saved models and user images safely.

Models: only Keras' native `.keras` format, loaded with `safe_mode=True` so a file cannot
run code (no Lambda layers with pickled functions). The file is checked first (extension,
zip archive, the entries Keras writes, their sizes) so a wrong or broken file gets a plain
message instead of a Keras traceback.

Images: any format Pillow reads, in any mode (grayscale, RGBA, palette, CMYK, 16-bit, an
animated GIF's first frame). Huge images are refused from the header, before any pixels
are decoded. To fit the model, the image is center-cropped to the model's aspect ratio and
then resized: the object stays the size the network saw in training (CIFAR-10 photos fill
their frame), where padding would shrink it and add borders it never saw.
"""

from __future__ import annotations

import io
import os
import tempfile
import warnings
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_PIXELS = 64_000_000  # a 64-megapixel photo is ~200 MB as RGB in memory
MAX_CONFIG_BYTES = 16 * 1024**2  # a model config is text; ImageNet AlexNet's is ~10 KB
MAX_MODEL_BYTES = 2 * 1024**3  # uncompressed; ImageNet AlexNet's weights are ~250 MB
_KERAS_ENTRIES = ("config.json", "model.weights.h5")
_EXPECTED = "a Keras model saved with model.save('name.keras')"


def _check_keras_file(path: Path) -> None:
    if not path.is_file():
        raise ValueError(f"No model file at {path}; expected {_EXPECTED}.")
    if path.suffix.lower() != ".keras":
        hint = " Load it in Keras and save it again as .keras." if path.suffix else ""
        raise ValueError(
            f"{path.name} is not a .keras file (extension {path.suffix or 'none'!r}); "
            f"expected {_EXPECTED}.{hint}"
        )
    if not zipfile.is_zipfile(path):
        raise ValueError(
            f"{path.name} is not a valid .keras file: a .keras file is a zip archive, and this "
            f"one is not (it may be truncated or a different format). Expected {_EXPECTED}."
        )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = {info.filename: info for info in archive.infolist()}
            bad = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise ValueError(
            f"{path.name} is a damaged zip archive ({error}); expected {_EXPECTED}."
        ) from None
    missing = [name for name in _KERAS_ENTRIES if name not in infos]
    if missing:
        raise ValueError(
            f"{path.name} is a zip archive but not a Keras model: it lacks "
            f"{' and '.join(missing)}. Expected {_EXPECTED}."
        )
    if bad is not None:
        raise ValueError(f"{path.name} is damaged: entry {bad} fails its checksum.")
    if infos["config.json"].file_size > MAX_CONFIG_BYTES:
        raise ValueError(f"{path.name}: its config.json is too large to be a model config.")
    total = sum(info.file_size for info in infos.values())
    if total > MAX_MODEL_BYTES:
        raise ValueError(
            f"{path.name} unpacks to {total / 1024**3:.1f} GB, more than the "
            f"{MAX_MODEL_BYTES / 1024**3:.0f} GB limit for a model."
        )


def load_model(path: str | os.PathLike[str]) -> Any:
    """Load a `.keras` model for inference, refusing anything else with a clear message.

    Args:
        path: the .keras file.

    Returns:
        The `keras.Model`, uncompiled (evaluation computes its own loss).

    Raises:
        ValueError: naming the file and what was expected, if it is not a loadable model.
    """
    path = Path(path)
    _check_keras_file(path)
    import keras

    try:
        model = keras.saving.load_model(path, safe_mode=True, compile=False)
    except Exception as error:  # Keras raises many kinds here; all mean "not loadable"
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ValueError(
            f"{path.name} could not be loaded as a Keras model ({reason[:300]}). Expected "
            f"{_EXPECTED}, using only built-in layers."
        ) from None
    if not isinstance(model, keras.Model):
        raise ValueError(f"{path.name} holds a {type(model).__name__}, not a Keras model.")
    return model


def load_model_bytes(data: bytes, filename: str = "upload.keras") -> Any:
    """Load a model from uploaded bytes (written to a temporary file, then `load_model`).

    Args:
        data: the file's content.
        filename: its name as uploaded; used for the extension check and messages.
    """
    name = Path(filename).name or "upload.keras"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(bytes(data))
        return load_model(path)


def model_input_shape(model: Any) -> tuple[int, int, int]:
    """(height, width, channels) the model takes.

    Args:
        model: a Keras model with one image input.
    """
    shape = model.input_shape
    if isinstance(shape, list):
        shape = shape[0] if len(shape) == 1 else None
    if shape is None or len(shape) != 4 or any(s is None for s in shape[1:]):
        raise ValueError(
            f"Model {model.name!r} has input shape {model.input_shape}; expected one image "
            "input of fixed size (batch, height, width, channels)."
        )
    return int(shape[1]), int(shape[2]), int(shape[3])


def _check_pixels(size: tuple[int, int]) -> None:
    width, height = size
    if width * height > MAX_IMAGE_PIXELS:
        raise ValueError(
            f"The image is {width} x {height} pixels, more than the "
            f"{MAX_IMAGE_PIXELS // 1_000_000} megapixel limit; use a smaller image."
        )


def open_image(data: bytes) -> Image.Image:
    """Decode image bytes (an upload), refusing non-images, truncated files and huge images.

    Args:
        data: the file's content.

    Returns:
        The decoded PIL image (first frame loaded).
    """
    if not data:
        raise ValueError("The file is empty; expected an image (PNG, JPEG, GIF, BMP, WebP...).")
    try:
        with warnings.catch_warnings():
            # Our own limit below is stricter than Pillow's warning.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise ValueError("The image is far too large to decode; use a smaller image.") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValueError(
            "The file is not an image Pillow can read; expected PNG, JPEG, GIF, BMP, WebP or TIFF."
        ) from None
    _check_pixels(image.size)  # from the header, before any pixel is decoded
    try:
        image.load()
    except Exception as error:  # Pillow's decoders raise OSError, SyntaxError, struct.error...
        raise ValueError(
            f"The image could not be decoded ({error}); the file may be truncated or damaged."
        ) from None
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
