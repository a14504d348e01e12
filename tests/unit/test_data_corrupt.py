"""Bad CIFAR-10 input gets a ValueError that names the file and says what was expected."""

from __future__ import annotations

import io
import pickle
import re
import tarfile
from pathlib import Path

import numpy as np
import pytest

from alexnet import data
from alexnet.data.safe_pickle import load_cifar_pickle
from tests.cifar_files import (
    archive_bytes,
    batch_dict,
    official_files,
    write_archive,
    write_folder,
)


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return official_files(per_batch=20, test_size=20)


def test_path_that_does_not_exist_is_named_in_the_error(tmp_path):
    missing = tmp_path / "cifar-10-python.tar.gz"
    with pytest.raises(ValueError, match=re.escape(f"{missing} does not exist")):
        data.load_cifar10(missing)


def test_truncated_archive_is_reported_as_truncated_or_corrupt(tmp_path, files):
    whole = archive_bytes(files)
    path = tmp_path / "cut.tar.gz"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ValueError, match="truncated or corrupt") as error:
        data.load_cifar10(path)
    assert str(path) in str(error.value)


def test_file_that_is_not_an_archive_is_rejected(tmp_path):
    path = tmp_path / "cifar-10-python.tar.gz"
    path.write_bytes(np.random.default_rng(0).bytes(5000))
    with pytest.raises(ValueError, match=re.escape(f"{path} is not a readable .tar.gz")):
        data.load_cifar10(path)


def test_cifar100_archive_is_recognised_and_cifar10_is_asked_for(tmp_path):
    batch = {
        b"data": np.zeros((4, 3072), np.uint8),
        b"fine_labels": [0, 1, 2, 3],
        b"coarse_labels": [0, 0, 1, 1],
    }
    blob = pickle.dumps(batch, protocol=4)
    meta = pickle.dumps({b"fine_label_names": [b"apple"] * 100}, protocol=4)
    path = write_archive(
        tmp_path / "cifar-100-python.tar.gz",
        {"train": blob, "test": blob, "meta": meta},
        top="cifar-100-python",
    )
    with pytest.raises(ValueError, match="CIFAR-100 layout") as error:
        data.load_cifar10(path)
    assert str(path) in str(error.value) and "data_batch_1" in str(error.value)


def test_cifar100_batch_renamed_into_a_cifar10_layout_is_still_caught(tmp_path, files):
    cifar100 = {b"data": np.zeros((4, 3072), np.uint8), b"fine_labels": [0, 1, 2, 3]}
    broken = {**files, "data_batch_2": pickle.dumps(cifar100, protocol=4)}
    folder = write_folder(tmp_path, broken)
    with pytest.raises(ValueError, match="data_batch_2 is a CIFAR-100 batch"):
        data.load_cifar10(folder)


def test_folder_missing_a_batch_names_the_missing_file(tmp_path, files):
    folder = write_folder(tmp_path, {k: v for k, v in files.items() if k != "data_batch_4"})
    with pytest.raises(ValueError, match="missing: data_batch_4") as error:
        data.load_cifar10(folder)
    assert str(folder) in str(error.value)


def test_archive_missing_the_test_batch_names_it(tmp_path, files):
    path = write_archive(
        tmp_path / "c.tar.gz", {k: v for k, v in files.items() if k != "test_batch"}
    )
    with pytest.raises(ValueError, match="missing: test_batch"):
        data.load_cifar10(path)


def test_batch_with_wrong_image_size_names_the_file_and_the_expected_shape(tmp_path, files):
    images = np.zeros((20, 3 * 28 * 28), np.uint8)  # 28x28 images: not CIFAR-10
    bad = {b"data": images, b"labels": [0] * 20}
    folder = write_folder(tmp_path, {**files, "data_batch_3": pickle.dumps(bad, protocol=4)})
    with pytest.raises(ValueError, match=r"data_batch_3: b'data' has shape \(20, 2352\)") as err:
        data.load_cifar10(folder)
    assert "(N, 3072)" in str(err.value)


def test_batch_with_more_labels_than_images_is_rejected(tmp_path, files):
    sample = data.load_sample()
    bad = batch_dict(sample.x_train[:5], sample.y_train[:6])
    bad[b"labels"] = [int(v) for v in sample.y_train[:6]]
    folder = write_folder(tmp_path, {**files, "test_batch": pickle.dumps(bad, protocol=4)})
    with pytest.raises(ValueError, match="test_batch: b'data' holds 5 images but b'labels' has 6"):
        data.load_cifar10(folder)


def test_batch_of_float_pixels_is_rejected(tmp_path, files):
    bad = {b"data": np.zeros((20, 3072), np.float32), b"labels": [0] * 20}
    folder = write_folder(tmp_path, {**files, "data_batch_1": pickle.dumps(bad, protocol=4)})
    with pytest.raises(ValueError, match=r"data_batch_1 .*expected uint8"):
        data.load_cifar10(folder)


def test_truncated_batch_inside_a_folder_is_named(tmp_path, files):
    folder = write_folder(tmp_path, {**files, "data_batch_5": files["data_batch_5"][:1000]})
    with pytest.raises(ValueError, match="data_batch_5 is not a readable CIFAR-10 batch"):
        data.load_cifar10(folder)


def test_meta_file_with_other_class_names_is_rejected(tmp_path, files):
    meta = pickle.dumps({b"label_names": [b"cat", b"dog"]}, protocol=4)
    folder = write_folder(tmp_path, {**files, "batches.meta": meta})
    with pytest.raises(ValueError, match=r"batches\.meta lists classes"):
        data.load_cifar10(folder)


class _RunsCode:
    def __reduce__(self):
        # Unpickling this would call os.system("touch <marker>").
        import os

        return (os.system, (f"touch {self.marker}",))


def test_pickle_that_would_run_code_is_refused_without_running_it(tmp_path, files):
    payload = _RunsCode()
    payload.marker = tmp_path / "pwned"
    evil = pickle.dumps({b"data": payload, b"labels": []}, protocol=4)
    folder = write_folder(tmp_path, {**files, "data_batch_1": evil})
    with pytest.raises(ValueError, match=r"data_batch_1 was not loaded: it refers to (posix|os)\."):
        data.load_cifar10(folder)
    assert not payload.marker.exists()


def test_pickle_of_numpy_arrays_of_objects_is_refused():
    blob = pickle.dumps({b"data": np.array([print], dtype=object)}, protocol=4)
    with pytest.raises(pickle.UnpicklingError):
        load_cifar_pickle(blob)


def _binstring(raw: bytes) -> bytes:
    return b"T" + len(raw).to_bytes(4, "little") + raw


def _python2_batch(labels: list[int], shape: tuple[int, int], pixels: bytes) -> bytes:
    """A batch pickled as Python 2's cPickle wrote the official files: protocol 2, `str` keys
    and data (BINSTRING), and the array spelled as numpy.core.multiarray._reconstruct."""
    label_ops = b"".join(b"K" + bytes([v]) for v in labels)
    shape_ops = b"".join(b"M" + d.to_bytes(2, "little") for d in shape)
    return (
        b"\x80\x02}("
        + _binstring(b"labels")
        + b"]("
        + label_ops
        + b"e"
        + _binstring(b"data")
        + b"cnumpy.core.multiarray\n_reconstruct\n"
        + b"cnumpy\nndarray\nK\x00\x85"
        + _binstring(b"b")
        + b"\x87R(K\x01("
        + shape_ops
        + b"t"
        + b"cnumpy\ndtype\n"
        + _binstring(b"u1")
        + b"K\x00K\x01\x87R(K\x03"
        + _binstring(b"|")
        + b"NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb\x89"
        + _binstring(pixels)
        + b"tbu."
    )


def test_safe_reader_reads_python2_style_batches_like_pickle_with_bytes_encoding():
    blob = _python2_batch([1, 2], (2, 3), bytes(range(6)))
    expected = pickle.loads(blob, encoding="bytes")  # the standard reader, for comparison
    got = load_cifar_pickle(io.BytesIO(blob))
    assert got[b"labels"] == expected[b"labels"] == [1, 2]
    np.testing.assert_array_equal(got[b"data"], expected[b"data"])
    assert got[b"data"].dtype == np.uint8 and got[b"data"].shape == (2, 3)


def test_array_whose_bytes_do_not_match_its_shape_is_refused():
    blob = _python2_batch([1, 2], (2, 3), bytes(range(5)))
    with pytest.raises(pickle.UnpicklingError, match="has 5 bytes but shape \\(2, 3\\) needs 6"):
        load_cifar_pickle(blob)


def test_duplicate_batch_in_an_archive_is_rejected(tmp_path, files):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in [*files.items(), ("data_batch_1", files["data_batch_1"])]:
            info = tarfile.TarInfo(f"x/{name}")
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    path = Path(tmp_path / "dup.tar.gz")
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ValueError, match="data_batch_1 twice"):
        data.load_cifar10(path)
