"""Rows of a memory-mapped array read with `pread`, not through the mapping.

`memmap[idx]` maps every page it touches into the process, so after one shuffled epoch the
whole file counts as the process's resident memory. `pread` copies the rows into a new array
and leaves the mapping untouched: the process holds only the batch it asked for, and the
operating system keeps one copy of the file in its cache for every process reading it.
"""

from __future__ import annotations

import mmap
import os
from collections.abc import Callable

import numpy as np

RowReader = Callable[[np.ndarray], np.ndarray]


def _file_backed(x: np.ndarray) -> bool:
    """True for an array that is a whole mapped file region, as `np.load(mmap_mode=...)` gives.

    A slice of a memmap keeps its parent's `offset`, so only the array that owns the mapping
    (its `base` is the `mmap`) says truly where its rows are in the file.
    """
    return (
        isinstance(x, np.memmap)
        and isinstance(x.base, mmap.mmap)
        and x.filename is not None
        and x.flags.c_contiguous
        and x.ndim >= 1
    )


class _PreadRows:
    """`reader(idx)` is `x[idx]` for a file-backed `x`, read with one `pread` per run of rows."""

    def __init__(self, x: np.memmap) -> None:
        self._shape = x.shape[1:]
        self._dtype = x.dtype
        self._row_bytes = x.itemsize * int(np.prod(self._shape, dtype=np.int64))
        self._offset = int(x.offset)
        self._rows = len(x)
        self._path = x.filename
        # The file the array maps, to notice if its path is given to another file meanwhile.
        stat = os.stat(self._path)
        self._file_id = (stat.st_dev, stat.st_ino)

    def __call__(self, idx: np.ndarray) -> np.ndarray:
        idx = np.asarray(idx, dtype=np.int64).reshape(-1)
        if idx.size and (idx.min() < -self._rows or idx.max() >= self._rows):
            raise IndexError(f"row indices must lie in 0..{self._rows - 1}, got {idx.min()}..")
        idx = np.where(idx < 0, idx + self._rows, idx)
        out = np.empty((len(idx), *self._shape), dtype=self._dtype)
        if not idx.size:
            return out
        buffer = memoryview(out).cast("B")
        # Consecutive indices (a prediction's batches, a sorted subset) are one read each.
        breaks = np.flatnonzero(np.diff(idx) != 1) + 1
        starts = np.concatenate(([0], breaks)).tolist()
        ends = np.concatenate((breaks, [len(idx)])).tolist()
        first_rows = idx[starts].tolist()
        size = self._row_bytes
        # Opened per call, not kept: whoever holds a reader (a traced dataset may, for the
        # life of a server) holds no file descriptor.
        fd = os.open(self._path, os.O_RDONLY)
        try:
            stat = os.fstat(fd)
            if (stat.st_dev, stat.st_ino) != self._file_id:
                raise OSError(
                    f"{self._path} was replaced while in use (the data cache was rebuilt); "
                    "start the run again."
                )
            for start, end, row in zip(starts, ends, first_rows, strict=True):
                want = (end - start) * size
                got = os.preadv(fd, [buffer[start * size : end * size]], self._offset + row * size)
                if got != want:
                    raise OSError(
                        f"read {got} of {want} bytes at row {row} of {self._path}; the file was "
                        "shortened while in use. Start the run again to rebuild the data cache."
                    )
        finally:
            os.close(fd)
        return out


def row_reader(x: np.ndarray) -> RowReader:
    """A function `idx -> x[idx]` (a new array) that keeps a mapped file's pages out of memory.

    Args:
        x: any array; a whole memory-mapped file region is read with `pread` where the
            system has `os.preadv` (Linux, macOS, the BSDs), anything else by indexing.
    """
    if _file_backed(x) and hasattr(os, "preadv"):
        return _PreadRows(x)  # type: ignore[arg-type]
    return lambda idx: x[idx]
