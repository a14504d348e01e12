"""`load_cifar10`: find CIFAR-10 wherever the user has it, falling back to the shipped sample.

Order of preference:
1. the path given (an argument, or the environment variable `CIFAR10_PATH`);
2. Keras' cache, the folder `keras.datasets.cifar10.load_data()` leaves (never downloads);
3. an archive this module downloaded and verified earlier, in the same cache folder;
4. a fresh, verified download, only when the caller asks for it;
5. the genuine CIFAR-10 sample shipped with the project, always available offline.
"""

from __future__ import annotations

import dataclasses
import os

from alexnet.config.messages import Message
from alexnet.data.cifar10 import read_cifar10
from alexnet.data.dataset import DESCRIBED, ImageData, count_phrase
from alexnet.data.decoded_cache import read_cached
from alexnet.data.download import (
    ARCHIVE_NAME,
    CIFAR10_SHA256,
    CIFAR10_URL,
    Progress,
    download_cifar10,
)
from alexnet.data.folders import download_folder, keras_cache_folders
from alexnet.data.sample import load_sample

ENV_VAR = "CIFAR10_PATH"
FROM_KERAS_CACHE = "CIFAR-10 from Keras' cache {folder}"
DOWNLOADED_TO = "CIFAR-10 downloaded to {archive}"


def _relabel(data: ImageData, source: str, label: Message) -> ImageData:
    counts = count_phrase(len(data.x_train), len(data.x_test))
    return dataclasses.replace(
        data, source=source, description=Message(DESCRIBED, label=label, counts=counts)
    )


def _read_mapped(path: str | os.PathLike) -> ImageData:
    return read_cached(path, read_cifar10)


def load_cifar10(
    path: str | os.PathLike | None = None,
    *,
    download: bool = False,
    progress: Progress | None = None,
    url: str = CIFAR10_URL,
    sha256: str = CIFAR10_SHA256,
    memory_map: bool = False,
) -> ImageData:
    """Load CIFAR-10 from the best source available (see the module docstring for the order).

    Args:
        path: `cifar-10-python.tar.gz`, an extracted `cifar-10-batches-py` folder, or the folder
            holding it. None (or ""): use `$CIFAR10_PATH`, then the caches, then the sample.
        download: download the official archive (about 163 MB) if no local copy is found.
        progress: optional callable(done_bytes, total_bytes, bytes_per_second) for the download.
        url: the download address (tests point it at a local server).
        sha256: the expected SHA-256 of the downloaded archive.
        memory_map: decode CIFAR-10 once into a cache and map it (see
            `alexnet.data.decoded_cache`): the images are read-only `np.memmap` arrays that
            stay in the OS file cache, not in this process. For training workers.

    Returns:
        The images as uint8 (N, 32, 32, 3) with int64 labels; `source` says where they came
        from ("path", "keras_cache", "download" or "sample") and `description` says it in words.

    Raises:
        ValueError: the given path (or `$CIFAR10_PATH`) is missing or not CIFAR-10, or a
            download's checksum is wrong.
        OSError: a requested download failed (its `.part` file is kept so a retry resumes).
    """
    if isinstance(path, str) and not path.strip():  # an empty text box means "not set"
        path = None
    if path is None and os.environ.get(ENV_VAR):
        path = os.environ[ENV_VAR]
    read = _read_mapped if memory_map else read_cifar10
    if path is not None:
        return read(path)

    skipped: list[str] = []
    for folder in keras_cache_folders():
        if folder.is_dir():
            try:
                data = read(folder)
            except ValueError as err:  # a half-extracted cache must not stop the app
                skipped.append(f"Keras' cache {folder} is unusable ({err})")
                continue
            return _relabel(data, "keras_cache", Message(FROM_KERAS_CACHE, folder=str(folder)))

    archive = download_folder() / ARCHIVE_NAME
    if download and not archive.exists():
        download_cifar10(download_folder(), url=url, sha256=sha256, progress=progress)
    if archive.exists():  # exists only after its checksum was verified
        return _relabel(read(archive), "download", Message(DOWNLOADED_TO, archive=str(archive)))

    sample = load_sample()
    if skipped:
        note = "; ".join(skipped)
        return dataclasses.replace(sample, description=f"{sample.description} ({note})")
    return sample
