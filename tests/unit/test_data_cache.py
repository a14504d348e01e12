"""The decoded-data cache: decode once, memory-map after, rebuild when stale, never fail."""

from __future__ import annotations

import os

import numpy as np
import pytest

from alexnet.data import load_cifar10, read_cifar10
from alexnet.data.decoded_cache import CACHE_ENV_VAR, read_cached
from tests.cifar_files import official_files, write_archive, write_folder


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV_VAR, str(folder))
    return folder


class CountingReader:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, path):
        self.calls += 1
        return read_cifar10(path)


def entries(cache) -> list:
    """The cached data sets (not the lock files beside them)."""
    return [path for path in cache.iterdir() if not path.name.startswith(".")]


def assert_same_data(got, expected) -> None:
    for name in ("x_train", "y_train", "x_test", "y_test"):
        np.testing.assert_array_equal(getattr(got, name), getattr(expected, name))
    assert got.class_names == expected.class_names
    assert got.description == expected.description


def test_a_second_load_maps_the_cached_arrays_without_decoding_again(tmp_path, cache):
    archive = write_archive(tmp_path / "cifar-10-python.tar.gz", official_files(per_batch=20))
    read = CountingReader()
    first = read_cached(archive, read)
    second = read_cached(archive, read)
    assert read.calls == 1
    assert_same_data(second, read_cifar10(archive))
    assert isinstance(second.x_train, np.memmap) and isinstance(second.x_test, np.memmap)
    assert not second.x_train.flags.writeable  # nothing can change the cache through it
    assert isinstance(first.x_train, np.memmap)  # the first load maps what it just wrote
    assert len(entries(cache)) == 1


def test_a_changed_source_is_decoded_again(tmp_path, cache):
    archive = tmp_path / "cifar-10-python.tar.gz"
    write_archive(archive, official_files(per_batch=20))
    read = CountingReader()
    read_cached(archive, read)
    write_archive(archive, official_files(per_batch=30))
    stat = archive.stat()
    os.utime(archive, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    again = read_cached(archive, read)
    assert read.calls == 2
    assert len(again.x_train) == 150
    assert len(entries(cache)) == 1  # the stale entry was replaced, not kept beside


def test_an_extracted_folder_is_cached_like_an_archive(tmp_path, cache):
    folder = write_folder(tmp_path, official_files(per_batch=20)).parent
    read = CountingReader()
    read_cached(folder, read)
    mapped = read_cached(folder, read)
    assert read.calls == 1
    assert_same_data(mapped, read_cifar10(folder))


def test_a_damaged_entry_is_decoded_again(tmp_path, cache):
    archive = write_archive(tmp_path / "c.tar.gz", official_files(per_batch=20))
    read = CountingReader()
    read_cached(archive, read)
    (entry,) = entries(cache)
    (entry / "x_train.npy").write_bytes(b"\x93NUMPY half a file")
    again = read_cached(archive, read)
    assert read.calls == 2
    assert_same_data(again, read_cifar10(archive))


def test_a_cache_that_cannot_be_written_gives_the_decoded_arrays(tmp_path, monkeypatch):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV_VAR, str(blocker / "cache"))
    archive = write_archive(tmp_path / "c.tar.gz", official_files(per_batch=20))
    data = read_cached(archive, read_cifar10)
    assert not isinstance(data.x_train, np.memmap)
    assert_same_data(data, read_cifar10(archive))


def test_a_missing_source_still_says_what_to_give(tmp_path, cache):
    with pytest.raises(ValueError, match="does not exist; give the path of cifar-10-python"):
        load_cifar10(tmp_path / "nowhere.tar.gz", memory_map=True)
    assert not cache.exists()


def test_load_cifar10_memory_map_keeps_the_source_and_its_description(tmp_path, cache):
    archive = write_archive(tmp_path / "c.tar.gz", official_files(per_batch=20))
    mapped = load_cifar10(archive, memory_map=True)
    plain = load_cifar10(archive)
    assert mapped.source == plain.source == "path"
    assert_same_data(mapped, plain)
    assert isinstance(mapped.x_train, np.memmap) and not isinstance(plain.x_train, np.memmap)
    # Read back from the cache, the description still renders in a page's language.
    assert mapped.description.render(lambda text: f"<{text}>").startswith("<<CIFAR-10 archive")


def test_two_loads_at_once_decode_once_and_both_get_the_mapped_arrays(tmp_path, cache):
    import threading
    import time

    archive = write_archive(tmp_path / "c.tar.gz", official_files(per_batch=20))

    class SlowReader(CountingReader):
        def __call__(self, path):
            time.sleep(0.5)  # long enough for the second load to arrive while this one decodes
            return super().__call__(path)

    read, results = SlowReader(), []
    threads = [
        threading.Thread(target=lambda: results.append(read_cached(archive, read)))
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert read.calls == 1
    assert all(isinstance(r.x_train, np.memmap) for r in results) and len(results) == 2
    assert_same_data(results[1], results[0])
