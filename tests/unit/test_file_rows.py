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
