"""Read CIFAR-10 in the official "python version" layout, from a `.tar.gz` or a folder.

The layout is `cifar-10-batches-py/` with `data_batch_1` .. `data_batch_5`, `test_batch` and
`batches.meta`. Each batch is a pickle holding `b"data"`, a uint8 (N, 3072) array of the red,
green and blue 32x32 planes of each image, and `b"labels"`, N ints in 0..9. Batches are read one
at a time and copied straight into preallocated (N, 32, 32, 3) arrays, so loading the full set
needs little more memory than the 180 MB result. Every problem becomes a `ValueError` that names
the file and says what was expected.
"""

from __future__ import annotations

import os
import pickle
import tarfile
import zlib
from pathlib import Path
from typing import IO, Any

import numpy as np

from alexnet.config.checks import ConfigError
from alexnet.config.messages import Message
from alexnet.data.dataset import CLASS_NAMES, DESCRIBED, ImageData, count_phrase
from alexnet.data.safe_pickle import ForbiddenGlobalError, load_cifar_pickle

FOLDER_NAME = "cifar-10-batches-py"
TRAIN_BATCHES = tuple(f"data_batch_{i}" for i in range(1, 6))
TEST_BATCH = "test_batch"
META = "batches.meta"
ARCHIVE_LABEL = "CIFAR-10 archive {path}"
FOLDER_LABEL = "CIFAR-10 folder {path}"
NO_SUCH_PATH = (
    "CIFAR-10 path {path} does not exist; give the path of cifar-10-python.tar.gz or of the "
    "extracted {folder} folder."
)
IMAGES_PER_BATCH = 10_000  # the official batch size; other sizes are read too (small test sets)
_IMAGE_BYTES = 32 * 32 * 3
_CIFAR100_NAMES = {"train", "test", "meta"}
_EXPECTED = f"{', '.join(TRAIN_BATCHES)}, {TEST_BATCH}"


class _Assembler:
    """Collects batches into one array in batch order, copying each as it arrives.

    Official batches have 10,000 images, so batch k goes straight into rows
    (k-1)*10,000 .. k*10,000 of an array allocated once. Batches of another size (small
    hand-made sets) are kept aside and joined at the end, which costs a copy but only there.
    """

    def __init__(self, num_batches: int) -> None:
        self.num_batches = num_batches
        self.x: np.ndarray | None = None
        self.y = np.zeros(num_batches * IMAGES_PER_BATCH, dtype=np.int64)
        self.regular: set[int] = set()
        self.irregular: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def add(self, slot: int, data: np.ndarray, labels: np.ndarray) -> None:
        images = data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)  # CHW planes -> HWC
        if len(images) == IMAGES_PER_BATCH:
            if self.x is None:
                self.x = np.empty((self.num_batches * IMAGES_PER_BATCH, 32, 32, 3), np.uint8)
            rows = slice(slot * IMAGES_PER_BATCH, (slot + 1) * IMAGES_PER_BATCH)
            self.x[rows] = images
            self.y[rows] = labels
            self.regular.add(slot)
        else:
            self.irregular[slot] = (np.ascontiguousarray(images), labels)

    def finish(self) -> tuple[np.ndarray, np.ndarray]:
        if not self.irregular and self.x is not None:
            return self.x, self.y
        xs, ys = [], []
        for slot in range(self.num_batches):
            if slot in self.irregular:
                xs.append(self.irregular[slot][0])
                ys.append(self.irregular[slot][1])
            else:
                rows = slice(slot * IMAGES_PER_BATCH, (slot + 1) * IMAGES_PER_BATCH)
                xs.append(self.x[rows])  # type: ignore[index]
                ys.append(self.y[rows])
        return np.concatenate(xs), np.concatenate(ys)


def _decode_batch(obj: Any, where: str) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(obj, dict):
        raise ValueError(
            f"{where} holds a {type(obj).__name__}, expected a CIFAR-10 batch: a dict with "
            "b'data' and b'labels'."
        )
    if b"fine_labels" in obj or b"coarse_labels" in obj:
        raise ValueError(
            f"{where} is a CIFAR-100 batch (it has fine_labels/coarse_labels); this loader "
            "needs CIFAR-10 (cifar-10-python.tar.gz)."
        )
    if b"data" not in obj or b"labels" not in obj:
        keys = ", ".join(repr(k) for k in list(obj)[:6])
        raise ValueError(f"{where} has keys {keys}; expected b'data' and b'labels'.")
    data, labels = obj[b"data"], obj[b"labels"]
    if not isinstance(data, np.ndarray) or data.ndim != 2 or data.shape[1] != _IMAGE_BYTES:
        shape = getattr(data, "shape", type(data).__name__)
        raise ValueError(
            f"{where}: b'data' has shape {shape}, expected a uint8 array of shape "
            f"(N, {_IMAGE_BYTES}) (N images of 32x32 pixels x 3 colour planes)."
        )
    if not isinstance(labels, list) or not all(
        type(v) is int and 0 <= v < len(CLASS_NAMES) for v in labels
    ):
        raise ValueError(f"{where}: b'labels' must be a list of ints in 0..9.")
    if len(labels) != len(data):
        raise ValueError(
            f"{where}: b'data' holds {len(data):,} images but b'labels' has {len(labels):,} "
            "labels; expected one label per image."
        )
    return data, np.asarray(labels, dtype=np.int64)


def _read_pickle(stream: IO[bytes], where: str) -> Any:
    try:
        return load_cifar_pickle(stream)
    except ForbiddenGlobalError as err:
        raise ValueError(
            f"{where} was not loaded: {err}. Official CIFAR-10 batches never do this; the file "
            "is not CIFAR-10 or was tampered with. Get a fresh copy of cifar-10-python.tar.gz."
        ) from err
    except (pickle.UnpicklingError, EOFError) as err:
        raise ValueError(
            f"{where} is not a readable CIFAR-10 batch ({err or 'it ends early'}); the file is "
            "corrupt or truncated. Get a fresh copy of cifar-10-python.tar.gz."
        ) from err
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, MemoryError) as err:
        raise ValueError(
            f"{where} is not a CIFAR-10 batch ({type(err).__name__}: {err}); the file is corrupt."
        ) from err


def _check_meta(obj: Any, where: str) -> None:
    if not isinstance(obj, dict):
        raise ValueError(f"{where} holds a {type(obj).__name__}, expected a dict.")
    names = obj.get(b"label_names")
    if b"fine_label_names" in obj:
        raise ValueError(f"{where} is CIFAR-100's meta file; this loader needs CIFAR-10.")
    decoded = tuple(n.decode() if isinstance(n, bytes) else n for n in names or ())
    if decoded != CLASS_NAMES:
        raise ValueError(f"{where} lists classes {decoded!r}; expected CIFAR-10's {CLASS_NAMES!r}.")


def _missing_message(where: str, found: set[str]) -> str:
    if found & _CIFAR100_NAMES and not found & set(TRAIN_BATCHES):
        return (
            f"{where} has the CIFAR-100 layout ({', '.join(sorted(found & _CIFAR100_NAMES))}); "
            f"this loader needs CIFAR-10, whose {FOLDER_NAME}/ holds {_EXPECTED}."
        )
    return f"{where} is not the CIFAR-10 python layout: expected {_EXPECTED}"


def _image_data(train: _Assembler, test: _Assembler, label: Message) -> ImageData:
    x_train, y_train = train.finish()
    x_test, y_test = test.finish()
    return ImageData(
        x_train=x_train,
        y_train=y_train,
        x_test=x_test,
        y_test=y_test,
        class_names=CLASS_NAMES,
        source="path",
        description=Message(DESCRIBED, label=label, counts=count_phrase(len(x_train), len(x_test))),
    )


def read_archive(path: Path) -> ImageData:
    """Read CIFAR-10 from the official `cifar-10-python.tar.gz` (or any tar with its layout).

    The archive is read in one pass as a stream; nothing is extracted to disk.

    Args:
        path: the archive file.
    """
    train, test = _Assembler(len(TRAIN_BATCHES)), _Assembler(1)
    wanted = {*TRAIN_BATCHES, TEST_BATCH, META}
    seen: set[str] = set()
    names: set[str] = set()
    try:
        with tarfile.open(path, "r|*") as tar:
            for member in tar:
                name = member.name.rsplit("/", 1)[-1]
                names.add(name)
                if name not in wanted or not member.isfile():
                    continue
                where = f"{member.name} inside {path}"
                if name in seen:
                    raise ValueError(f"{path} holds {name} twice; expected one copy of each batch.")
                seen.add(name)
                obj = _read_pickle(tar.extractfile(member), where)  # type: ignore[arg-type]
                if name == META:
                    _check_meta(obj, where)
                elif name == TEST_BATCH:
                    test.add(0, *_decode_batch(obj, where))
                else:
                    train.add(TRAIN_BATCHES.index(name), *_decode_batch(obj, where))
                del obj  # free this batch's 30 MB before the next one is read
    except (tarfile.TarError, EOFError, zlib.error, OSError) as err:
        raise ValueError(
            f"{path} is not a readable .tar.gz archive ({err}); it may be truncated or corrupt. "
            "Download cifar-10-python.tar.gz again or point to the extracted folder."
        ) from err
    missing = [n for n in (*TRAIN_BATCHES, TEST_BATCH) if n not in seen]
    if missing:
        raise ValueError(f"{_missing_message(str(path), names)}; missing: {', '.join(missing)}.")
    return _image_data(train, test, Message(ARCHIVE_LABEL, path=str(path)))


def _read_file(file: Path) -> Any:
    try:
        with open(file, "rb") as f:
            return _read_pickle(f, str(file))
    except OSError as err:  # unreadable (permissions, a folder of that name, a failing disk)
        raise ValueError(f"{file} could not be read ({err.strerror or err}).") from err


def read_folder(path: Path) -> ImageData:
    """Read CIFAR-10 from an extracted `cifar-10-batches-py` folder (or the folder holding it).

    Args:
        path: the folder with `data_batch_1` .. `data_batch_5` and `test_batch`.
    """
    if not (path / TEST_BATCH).exists() and (path / FOLDER_NAME).is_dir():
        path = path / FOLDER_NAME
    try:
        names = {p.name for p in path.iterdir()}
    except OSError as err:
        raise ValueError(f"CIFAR-10 folder {path} could not be read ({err.strerror}).") from err
    missing = [n for n in (*TRAIN_BATCHES, TEST_BATCH) if n not in names]
    if missing:
        raise ValueError(f"{_missing_message(str(path), names)}; missing: {', '.join(missing)}.")
    if META in names:
        _check_meta(_read_file(path / META), str(path / META))
    train, test = _Assembler(len(TRAIN_BATCHES)), _Assembler(1)
    for name in (*TRAIN_BATCHES, TEST_BATCH):
        batch = _decode_batch(_read_file(path / name), str(path / name))
        if name == TEST_BATCH:
            test.add(0, *batch)
        else:
            train.add(TRAIN_BATCHES.index(name), *batch)
        del batch  # free this batch's 30 MB before the next one is read
    return _image_data(train, test, Message(FOLDER_LABEL, path=str(path)))


def read_cifar10(path: str | os.PathLike) -> ImageData:
    """Read CIFAR-10 from an archive or folder path; the source is reported as "path".

    Args:
        path: `cifar-10-python.tar.gz`, an extracted `cifar-10-batches-py` folder, or the
            folder that contains `cifar-10-batches-py`.
    """
    p = Path(path).expanduser()
    if not p.exists():
        raise ConfigError(NO_SUCH_PATH, path=str(p), folder=FOLDER_NAME)
    return read_folder(p) if p.is_dir() else read_archive(p)
