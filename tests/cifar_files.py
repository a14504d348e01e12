"""Write small CIFAR-10 files in the official python layout, from the shipped sample.

The official batches are dicts with byte-string keys (they were pickled by Python 2); pickle
protocol 4 writes `bytes` keys and NumPy arrays the same way, so `pickle.load(f,
encoding="bytes")` and the project's safe reader see what they would see in the real files.
"""

from __future__ import annotations

import io
import pickle
import tarfile
from pathlib import Path

import numpy as np

from alexnet.data import CLASS_NAMES, load_sample

TRAIN_BATCHES = tuple(f"data_batch_{i}" for i in range(1, 6))


def batch_dict(images: np.ndarray, labels: np.ndarray, name: str = "batch") -> dict:
    """One batch as the official files hold it: CHW planes flattened to (N, 3072) uint8."""
    planes = np.ascontiguousarray(images.transpose(0, 3, 1, 2)).reshape(len(images), -1)
    return {
        b"batch_label": name.encode(),
        b"labels": [int(v) for v in labels],
        b"data": planes,
        b"filenames": [f"img_{i}.png".encode() for i in range(len(images))],
    }


def meta_dict() -> dict:
    return {
        b"num_cases_per_batch": 10000,
        b"label_names": [n.encode() for n in CLASS_NAMES],
        b"num_vis": 3072,
    }


def official_files(per_batch: int = 100, test_size: int = 200) -> dict[str, bytes]:
    """File name -> pickled bytes of a small CIFAR-10 made from the first sample images."""
    sample = load_sample()
    files = {"batches.meta": pickle.dumps(meta_dict(), protocol=4)}
    for k, name in enumerate(TRAIN_BATCHES):
        rows = slice(k * per_batch, (k + 1) * per_batch)
        files[name] = pickle.dumps(
            batch_dict(sample.x_train[rows], sample.y_train[rows], name), protocol=4
        )
    files["test_batch"] = pickle.dumps(
        batch_dict(sample.x_test[:test_size], sample.y_test[:test_size]), protocol=4
    )
    return files


def write_folder(folder: Path, files: dict[str, bytes]) -> Path:
    """Write `files` into folder/cifar-10-batches-py and return that folder."""
    target = folder / "cifar-10-batches-py"
    target.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (target / name).write_bytes(content)
    return target


def archive_bytes(files: dict[str, bytes], top: str = "cifar-10-batches-py") -> bytes:
    """A .tar.gz holding `files` under `top/`, like the official archive."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in files.items():
            info = tarfile.TarInfo(f"{top}/{name}")
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def write_archive(path: Path, files: dict[str, bytes], top: str = "cifar-10-batches-py") -> Path:
    path.write_bytes(archive_bytes(files, top))
    return path
