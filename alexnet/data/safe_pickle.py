"""Read a CIFAR batch pickle without executing anything it names.

A pickle can call any importable function, so `pickle.load` on a file from a USB stick or the
internet can run arbitrary code. The official CIFAR-10 batches (pickled by Python 2's cPickle)
hold plain dicts, lists, ints and byte strings, plus one NumPy array per batch, which a pickle
spells as calls to exactly three globals: `numpy.core.multiarray._reconstruct`, `numpy.ndarray`
and `numpy.dtype`. This unpickler maps those three names to inert stand-ins that only record
their arguments, and refuses every other global. After loading, each recorded array is turned
into a real array with `np.frombuffer`, and only if it is a plain uint8 array whose byte count
matches its shape. No NumPy (or other) callable ever runs on the file's arguments.
"""

from __future__ import annotations

import io
import pickle
from typing import IO, Any

import numpy as np

# NumPy 2 pickles name the module `numpy._core.multiarray`; NumPy 1 and the official files use
# `numpy.core.multiarray`. Both mean the same function.
_RECONSTRUCT = {
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
}


class ForbiddenGlobalError(pickle.UnpicklingError):
    """The pickle names a function or class outside the CIFAR format; nothing was called."""


class _NdarrayType:
    """Stands for `numpy.ndarray` when it is passed as the subtype to `_reconstruct`."""


class _DtypeRecord:
    """Stands for `numpy.dtype(code, align, copy)`; keeps only the type code."""

    def __init__(self, code: object, align: object = False, copy: object = False) -> None:
        if isinstance(code, bytes):
            code = code.decode("ascii", "replace")
        self.code = code

    def __setstate__(self, state: object) -> None:
        # (version, byte order, subarray, names, fields, elsize, alignment, flags): only the
        # byte order could matter, and for one-byte types it is "|" (not applicable).
        self.state = state


class _ArrayRecord:
    """Stands for `_reconstruct(ndarray, (0,), b"b")`; keeps the state set by BUILD."""

    def __init__(self, subtype: object, shape: object, dtype_code: object) -> None:
        if subtype is not _NdarrayType:
            raise pickle.UnpicklingError("only plain numpy.ndarray objects are allowed")
        self.shape: object = None
        self.dtype: object = None
        self.fortran_order: object = False
        self.raw: object = b""

    def __setstate__(self, state: object) -> None:
        if not isinstance(state, tuple) or len(state) not in (4, 5):
            raise pickle.UnpicklingError("array state is not (version, shape, dtype, order, data)")
        self.shape, self.dtype, self.fortran_order, self.raw = state[-4:]

    def to_array(self) -> np.ndarray:
        """Build the real array from the recorded state, accepting only plain uint8 data."""
        shape = self.shape
        if not isinstance(shape, tuple) or not all(
            isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in shape
        ):
            raise pickle.UnpicklingError(f"array shape {shape!r} is not a tuple of sizes")
        code = getattr(self.dtype, "code", None)
        if code not in ("u1", "uint8", "B"):
            raise pickle.UnpicklingError(f"array has dtype {code!r}; expected uint8 ('u1')")
        raw = self.raw
        if isinstance(raw, str):  # a Python 2 str read with encoding="latin1"
            raw = raw.encode("latin1")
        if not isinstance(raw, (bytes, bytearray)):
            raise pickle.UnpicklingError("array data is not a byte string")
        expected = int(np.prod(shape, dtype=np.int64))
        if len(raw) != expected:
            raise pickle.UnpicklingError(
                f"array data has {len(raw):,} bytes but shape {shape} needs {expected:,}"
            )
        order = "F" if self.fortran_order else "C"
        return np.frombuffer(raw, dtype=np.uint8).reshape(shape, order=order)


class _CifarUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _RECONSTRUCT:
            return _ArrayRecord
        if (module, name) == ("numpy", "ndarray"):
            return _NdarrayType
        if (module, name) == ("numpy", "dtype"):
            return _DtypeRecord
        raise ForbiddenGlobalError(
            f"it refers to {module}.{name}, which is not part of the CIFAR format "
            "(only dicts, lists, numbers, strings and uint8 NumPy arrays are allowed)"
        )


def _materialize(value: Any) -> Any:
    # Replace array records with arrays, walking the containers the official format uses.
    if isinstance(value, _ArrayRecord):
        return value.to_array()
    if isinstance(value, dict):
        return {k: _materialize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_materialize(v) for v in value]
    if isinstance(value, (_DtypeRecord, type)):
        raise pickle.UnpicklingError("a NumPy dtype or type appears outside an array")
    return value


def load_cifar_pickle(file: IO[bytes] | bytes) -> Any:
    """Unpickle one CIFAR batch or meta file safely.

    Byte strings stay `bytes` (the official files were written by Python 2, so keys such as
    `b"data"` and `b"labels"` are bytes, as with `pickle.load(f, encoding="bytes")`).

    Args:
        file: an open binary file positioned at the start of the pickle, or its bytes.

    Raises:
        ForbiddenGlobalError: the file refers to a function or class outside the CIFAR format.
        pickle.UnpicklingError: the file is not a valid CIFAR pickle.
        EOFError: the file ends early.
    """
    stream = io.BytesIO(file) if isinstance(file, (bytes, bytearray)) else file
    return _materialize(_CifarUnpickler(stream, encoding="bytes").load())
