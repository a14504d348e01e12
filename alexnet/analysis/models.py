"""Loading saved models safely.

Only Keras' native `.keras` format, loaded with `safe_mode=True` so a file cannot run code
(no Lambda layers with pickled functions). The file is checked first (extension, zip
archive, the entries Keras writes, their sizes) so a wrong or broken file gets a plain
message instead of a Keras traceback. Images: `alexnet.analysis.images`.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from alexnet.analysis.evaluation import class_names_for
from alexnet.data import CLASS_NAMES

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
    import keras  # TensorFlow only when a model is loaded: checking a file needs none

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


def model_class_names(model: Any, data_source: str | None = None) -> list[str]:
    """What each of a model's outputs means: CIFAR-10's classes, else "class N".

    A model trained on CIFAR-10 has at least its 10 classes (further outputs are "class 10",
    ...); one trained on random data, or with fewer outputs, has numbered classes only.

    Args:
        model: a Keras model ending in a softmax.
        data_source: what it was trained on ("sample", "cifar10", "random"), if known.
    """
    count = int(model.output_shape[-1])
    if data_source == "random" or count < len(CLASS_NAMES):
        return [f"class {i}" for i in range(count)]
    return class_names_for(CLASS_NAMES, count)
