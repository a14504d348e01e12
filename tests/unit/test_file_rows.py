"""Reading rows of a memory-mapped file with pread: the same rows, none of the pages."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from alexnet.data.file_rows import row_reader


@pytest.fixture
def mapped(tmp_path) -> tuple[np.ndarray, np.memmap]:
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(3000, 32, 32, 3), dtype=np.uint8)
    np.save(tmp_path / "images.npy", images)
    return images, np.load(tmp_path / "images.npy", mmap_mode="r")


@pytest.mark.parametrize(
    "idx",
    [
        [5, 900, 3, 2999, 0],  # shuffled
        list(range(100, 356)),  # consecutive: one read
        [7, 8, 9, 20, 21, 1, 2],  # runs of consecutive rows
        [4, 4, 4],  # repeated
        [-1, -3000],  # from the end
        [],
    ],
)
def test_rows_read_from_the_file_equal_indexing(mapped, idx):
    images, memmap = mapped
    got = row_reader(memmap)(np.array(idx, dtype=np.int64))
    assert got.dtype == np.uint8 and got.shape == (len(idx), 32, 32, 3)
    np.testing.assert_array_equal(got, images[np.array(idx, dtype=np.int64)])
    assert not isinstance(got, np.memmap)


def test_an_index_past_the_end_is_an_index_error(mapped):
    _, memmap = mapped
    with pytest.raises(IndexError, match=r"0\.\.2999"):
        row_reader(memmap)(np.array([3000]))


def test_a_slice_of_a_memmap_is_read_by_indexing_and_still_right(mapped):
    images, memmap = mapped
    part = memmap[1000:]  # keeps its parent's offset, so pread would read the wrong rows
    np.testing.assert_array_equal(row_reader(part)(np.array([0, 5])), images[[1000, 1005]])


def test_arrays_in_memory_are_indexed(mapped):
    images, _ = mapped
    np.testing.assert_array_equal(row_reader(images)(np.array([2, 1])), images[[2, 1]])


def _resident_kb(path) -> int:
    """Resident kilobytes of this process's mappings of `path` (/proc/self/smaps)."""
    total, inside = 0, False
    with open("/proc/self/smaps") as smaps:
        for line in smaps:
            if "-" in line.split(" ", 1)[0] and len(line.split()) >= 5:
                inside = line.rstrip().endswith(str(path))
            elif inside and line.startswith("Rss:"):
                total += int(line.split()[1])
    return total


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/smaps")
def test_reading_every_row_leaves_the_file_out_of_resident_memory(mapped):
    _, memmap = mapped
    read = row_reader(memmap)
    order = np.random.default_rng(1).permutation(len(memmap))
    for batch in np.array_split(order, 24):
        read(batch)
    assert _resident_kb(memmap.filename) == 0
    memmap[order]  # the mapping itself: every page becomes resident (so the check can fail)
    assert _resident_kb(memmap.filename) > 0.9 * memmap.nbytes / 1024


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts /proc/self/fd")
def test_readers_kept_alive_hold_no_open_files(mapped):
    import os

    _, memmap = mapped
    before = len(os.listdir("/proc/self/fd"))
    readers = [row_reader(memmap) for _ in range(20)]  # as traced datasets may keep them
    for read in readers:
        read(np.array([1, 2, 3]))
    assert len(os.listdir("/proc/self/fd")) == before


def test_a_file_replaced_under_a_reader_is_an_error_not_other_images(mapped, tmp_path):
    images, memmap = mapped
    read = row_reader(memmap)
    np.save(tmp_path / "other.npy", images[::-1].copy())
    (tmp_path / "other.npy").replace(memmap.filename)  # a rebuilt cache under the same name
    with pytest.raises(OSError, match="was replaced while in use"):
        read(np.array([0]))


def test_a_file_shortened_under_a_reader_is_an_error(mapped):
    _, memmap = mapped
    read = row_reader(memmap)
    with open(memmap.filename, "r+b") as file:
        file.truncate(memmap.offset + 100 * 32 * 32 * 3)  # 100 of 3,000 rows left
    np.testing.assert_array_equal(read(np.array([5])).shape, (1, 32, 32, 3))
    with pytest.raises(OSError, match="shortened while in use"):
        read(np.array([2500]))
