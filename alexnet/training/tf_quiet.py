"""Import TensorFlow without its C++ start-up log on the terminal (command line only).

TensorFlow 2.21 writes its start-up lines (oneDNN, cudart_stub, cuInit on a machine without
a GPU) through absl before absl reads any setting, so `TF_CPP_MIN_LOG_LEVEL` alone does not
hide them. Here the process's stderr is caught while TensorFlow loads and written back
without the lines that level hides: level 1 drops info lines, 2 also warnings and the
harmless "failed call to cuInit" of a CPU-only machine, 3 every C++ log line. Anything else
(a Python traceback, a real error) is written back unchanged.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile

_HEADER = "WARNING: All log messages before absl::InitializeLog() is called"
_LINE = re.compile(r"^([IWE])\d{4} ")


def _hidden(line: str, level: int) -> bool:
    if line.startswith(_HEADER):
        return level >= 1
    match = _LINE.match(line)
    if match is None:
        return False
    severity = match.group(1)
    return (
        level >= 3
        or (severity == "I" and level >= 1)
        or (severity == "W" and level >= 2)
        or (severity == "E" and level >= 2 and "cuInit" in line)
    )


def import_tensorflow_quietly() -> None:
    """Import TensorFlow now, filtering its start-up log by `$TF_CPP_MIN_LOG_LEVEL`."""
    try:
        level = int(os.environ.get("TF_CPP_MIN_LOG_LEVEL", "0"))
    except ValueError:
        level = 0
    if "tensorflow" in sys.modules or level <= 0:
        return
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as caught:
        os.dup2(caught.fileno(), 2)
        try:
            import tensorflow

            # Looks for GPUs now (cuInit), so that line is caught too; it does not start the
            # runtime, so thread settings can still be made afterwards.
            tensorflow.config.list_physical_devices()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            caught.seek(0)
            text = caught.read().decode("utf-8", "replace")
            kept = [line for line in text.splitlines(keepends=True) if not _hidden(line, level)]
            sys.stderr.write("".join(kept))
            sys.stderr.flush()
