"""The genuine CIFAR-10 sample shipped with the project: always available, even offline.

It is a seeded, stratified subset of the real data set (250 training and 100 test images per
class), stored losslessly as two PNG sheets of 32x32 tiles plus `labels.json`; see
`sample/README.md` for its provenance and `scripts/make_sample.py` for how it is made.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np

from alexnet.config.messages import Message
from alexnet.data.dataset import CLASS_NAMES, ImageData, count_phrase

SAMPLE_DIR = Path(__file__).resolve().parent / "sample"
SAMPLE_DESCRIPTION = "Shipped CIFAR-10 sample (a stratified subset of the real data): {counts}"
TILE = 32  # pixels per side of one CIFAR-10 image


def sheet_from_images(images: np.ndarray, columns: int) -> np.ndarray:
    """Lay (N, 32, 32, 3) images out row by row as one (rows*32, columns*32, 3) picture.

    Args:
        images: uint8 images, shape (N, 32, 32, 3).
        columns: images per row; the last row is padded with black tiles.
    """
    rows = -(-len(images) // columns)
    padded = np.zeros((rows * columns, TILE, TILE, 3), dtype=np.uint8)
    padded[: len(images)] = images
    return (
        padded.reshape(rows, columns, TILE, TILE, 3)
        .transpose(0, 2, 1, 3, 4)
        .reshape(rows * TILE, columns * TILE, 3)
    )


def images_from_sheet(sheet: np.ndarray, count: int) -> np.ndarray:
    """Cut the first `count` 32x32 tiles, row by row, out of a sheet made by `sheet_from_images`.

    Args:
        sheet: uint8 picture, shape (rows*32, columns*32, 3).
        count: number of images on the sheet.
    """
    rows, columns = sheet.shape[0] // TILE, sheet.shape[1] // TILE
    tiles = sheet.reshape(rows, TILE, columns, TILE, 3).transpose(0, 2, 1, 3, 4)
    return np.ascontiguousarray(tiles.reshape(rows * columns, TILE, TILE, 3)[:count])


def _read_split(folder: Path, name: str, labels: list[int]) -> tuple[np.ndarray, np.ndarray]:
    from PIL import Image  # Pillow is only needed here

    file = folder / f"{name}.png"
    with Image.open(file) as picture:
        sheet = np.asarray(picture.convert("RGB"), dtype=np.uint8)
    x = images_from_sheet(sheet, len(labels))
    if len(x) != len(labels):
        raise ValueError(f"{file} holds {len(x)} images but labels.json lists {len(labels)}.")
    x.flags.writeable = False  # shared by every caller of the cached loader
    y = np.asarray(labels, dtype=np.int64)
    y.flags.writeable = False
    return x, y


@functools.lru_cache(maxsize=1)
def load_sample() -> ImageData:
    """The CIFAR-10 sample shipped in `alexnet/data/sample/` (source "sample").

    The arrays are read-only and shared between callers; `take_subset` and `split_validation`
    return new arrays.
    """
    meta = json.loads((SAMPLE_DIR / "labels.json").read_text())
    x_train, y_train = _read_split(SAMPLE_DIR, "train", meta["train"]["labels"])
    x_test, y_test = _read_split(SAMPLE_DIR, "test", meta["test"]["labels"])
    counts = count_phrase(len(x_train), len(x_test))
    return ImageData(
        x_train=x_train,
        y_train=y_train,
        x_test=x_test,
        y_test=y_test,
        class_names=CLASS_NAMES,
        source="sample",
        description=Message(SAMPLE_DESCRIPTION, counts=counts),
    )
