"""Where data lives on disk: Keras' folder and the places CIFAR-10 is found or kept there."""

from __future__ import annotations

import os
from pathlib import Path

from alexnet.data.cifar10 import FOLDER_NAME


def keras_home() -> Path:
    """Keras' base folder: `$KERAS_HOME`, else `~/.keras` (`/tmp/.keras` if home is read-only)."""
    if "KERAS_HOME" in os.environ:
        return Path(os.environ["KERAS_HOME"]).expanduser()
    home = Path("~").expanduser()
    # Keras falls back to /tmp when the home folder cannot be written; so do we.
    return (home if os.access(home, os.W_OK) else Path("/tmp")) / ".keras"


def keras_cache_folders() -> list[Path]:
    """Where `keras.datasets.cifar10.load_data()` leaves the extracted batches.

    Keras 3 extracts to `datasets/cifar-10-batches-py-target/cifar-10-batches-py`; Keras 2 and
    `tf.keras` extracted to `datasets/cifar-10-batches-py`.
    """
    datasets = keras_home() / "datasets"
    return [datasets / "cifar-10-batches-py-target" / FOLDER_NAME, datasets / FOLDER_NAME]


def download_folder() -> Path:
    """Where a download requested through `load_cifar10(download=True)` is kept."""
    return keras_home() / "datasets"
