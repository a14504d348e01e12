"""Every CIFAR-10 source `load_cifar10` knows, in its order of preference."""

from __future__ import annotations

import numpy as np
import pytest

from alexnet import data
from alexnet.data import cifar10
from tests.cifar_files import official_files, write_archive, write_folder


@pytest.fixture
def files() -> dict[str, bytes]:
    return official_files(per_batch=100, test_size=200)


def _expected_first_images(n_train: int = 500, n_test: int = 200):
    sample = data.load_sample()
    return sample.x_train[:n_train], sample.y_train[:n_train], sample.x_test[:n_test]


def test_shipped_sample_is_stratified_uint8_cifar10():
    sample = data.load_sample()
    assert sample.source == "sample"
    assert sample.x_train.shape == (2500, 32, 32, 3) and sample.x_train.dtype == np.uint8
    assert sample.x_test.shape == (1000, 32, 32, 3) and sample.y_test.dtype == np.int64
    assert np.bincount(sample.y_train).tolist() == [250] * 10
    assert np.bincount(sample.y_test).tolist() == [100] * 10
    assert sample.class_names == data.CLASS_NAMES
    assert "2,500 training and 1,000 test images" in sample.description
    # Real photos, not noise: neighbouring pixels are strongly correlated.
    x = sample.x_train.astype(np.float32)
    assert np.corrcoef(x[:, :, :-1].ravel(), x[:, :, 1:].ravel())[0, 1] > 0.8


def test_shipped_sample_arrays_are_read_only_so_callers_cannot_corrupt_the_cache():
    sample = data.load_sample()
    with pytest.raises(ValueError):
        sample.x_train[0, 0, 0, 0] = 1


def test_without_any_local_copy_load_cifar10_falls_back_to_the_sample(home):
    loaded = data.load_cifar10()
    assert loaded.source == "sample"
    assert len(loaded.x_train) == 2500


def test_empty_path_string_means_no_path_was_given(home):
    assert data.load_cifar10("  ").source == "sample"


def test_official_layout_folder_given_as_path_is_read_in_batch_order(tmp_path, home, files):
    folder = write_folder(tmp_path, files)
    loaded = data.load_cifar10(folder)
    x_train, y_train, x_test = _expected_first_images()
    assert loaded.source == "path"
    np.testing.assert_array_equal(loaded.x_train, x_train)
    np.testing.assert_array_equal(loaded.y_train, y_train)
    np.testing.assert_array_equal(loaded.x_test, x_test)
    assert loaded.description == f"CIFAR-10 folder {folder}: 500 training and 200 test images"


def test_folder_holding_cifar_10_batches_py_is_accepted_too(tmp_path, home, files):
    write_folder(tmp_path, files)
    assert len(data.load_cifar10(tmp_path).x_train) == 500


@pytest.mark.parametrize("per_batch_slot", [100, 10_000], ids=["preallocated", "joined"])
def test_official_layout_archive_given_as_path_matches_the_folder(
    tmp_path, home, files, monkeypatch, per_batch_slot
):
    # The loader writes official-size batches straight into a preallocated array and joins
    # other sizes at the end; setting the official size to 100 sends these files down the
    # preallocated path.
    monkeypatch.setattr(cifar10, "IMAGES_PER_BATCH", per_batch_slot)
    # Store the batches out of order, as the official archive does.
    shuffled = {name: files[name] for name in reversed(list(files))}
    archive = write_archive(tmp_path / "cifar-10-python.tar.gz", shuffled)
    loaded = data.load_cifar10(str(archive))
    x_train, y_train, x_test = _expected_first_images()
    np.testing.assert_array_equal(loaded.x_train, x_train)
    np.testing.assert_array_equal(loaded.y_train, y_train)
    np.testing.assert_array_equal(loaded.x_test, x_test)
    assert loaded.description.startswith(f"CIFAR-10 archive {archive}: 500 training")


def test_cifar10_path_environment_variable_is_used_when_no_path_is_given(
    tmp_path, home, files, monkeypatch
):
    archive = write_archive(tmp_path / "c10.tar.gz", files)
    monkeypatch.setenv("CIFAR10_PATH", str(archive))
    loaded = data.load_cifar10()
    assert loaded.source == "path" and str(archive) in loaded.description


def test_explicit_path_wins_over_the_environment_variable(tmp_path, home, files, monkeypatch):
    monkeypatch.setenv("CIFAR10_PATH", str(tmp_path / "nowhere"))
    folder = write_folder(tmp_path, files)
    assert data.load_cifar10(folder).source == "path"


@pytest.mark.parametrize(
    "relative",
    ["datasets/cifar-10-batches-py-target", "datasets"],
    ids=["keras3", "keras2"],
)
def test_keras_cache_under_home_is_found_without_downloading(home, files, relative):
    write_folder(home / ".keras" / relative, files)
    loaded = data.load_cifar10()
    assert loaded.source == "keras_cache"
    assert str(home / ".keras") in loaded.description
    assert len(loaded.x_train) == 500


def test_keras_cache_honours_keras_home(tmp_path, home, files, monkeypatch):
    keras_home = tmp_path / "elsewhere"
    monkeypatch.setenv("KERAS_HOME", str(keras_home))
    write_folder(home / ".keras" / "datasets", {})  # an empty default cache is ignored
    write_folder(keras_home / "datasets" / "cifar-10-batches-py-target", files)
    loaded = data.load_cifar10()
    assert loaded.source == "keras_cache" and str(keras_home) in loaded.description


def test_environment_variable_wins_over_the_keras_cache(tmp_path, home, files, monkeypatch):
    write_folder(home / ".keras" / "datasets", files)
    folder = write_folder(tmp_path / "usb", files)
    monkeypatch.setenv("CIFAR10_PATH", str(folder))
    assert data.load_cifar10().source == "path"


def test_half_extracted_keras_cache_falls_back_to_the_sample_and_says_why(home, files):
    partial = {k: v for k, v in files.items() if k != "data_batch_3"}
    folder = write_folder(home / ".keras" / "datasets", partial)
    loaded = data.load_cifar10()
    assert loaded.source == "sample"
    assert str(folder) in loaded.description and "data_batch_3" in loaded.description


def test_image_data_refuses_float_images():
    with pytest.raises(ValueError, match="uint8"):
        data.ImageData(
            x_train=np.zeros((2, 32, 32, 3), np.float32),
            y_train=np.zeros(2, np.int64),
            x_test=np.zeros((1, 32, 32, 3), np.uint8),
            y_test=np.zeros(1, np.int64),
            class_names=data.CLASS_NAMES,
            source="path",
            description="",
        )


def test_image_data_refuses_labels_outside_the_class_names():
    with pytest.raises(ValueError, match=r"labels must lie in 0\.\.9"):
        data.ImageData(
            x_train=np.zeros((2, 32, 32, 3), np.uint8),
            y_train=np.array([0, 10], np.int64),
            x_test=np.zeros((1, 32, 32, 3), np.uint8),
            y_test=np.zeros(1, np.int64),
            class_names=data.CLASS_NAMES,
            source="path",
            description="",
        )
