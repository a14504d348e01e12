"""What this machine's processor can compute fast, read without importing TensorFlow.

The Train page asks before it offers mixed precision; importing TensorFlow there would cost
seconds on every page load.
"""

from __future__ import annotations

import functools
import glob
import shutil

from alexnet.config.machine import read_cpuinfo


def cpu_computes_bfloat16(cpuinfo: str | None = None) -> bool:
    """Whether this CPU has native bfloat16 arithmetic (x86 AVX512_BF16 or AMX-BF16).

    Args:
        cpuinfo: the text of /proc/cpuinfo; None reads this machine's (False where there is
            none, e.g. on macOS or Windows).
    """
    if cpuinfo is None:
        cpuinfo = read_cpuinfo()
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "flags":
            return bool({"avx512_bf16", "amx_bf16"} & set(value.split()))
    return False


def nvidia_gpu_present() -> bool:
    """Whether an NVIDIA GPU looks installed (its device files or `nvidia-smi`).

    A hint only: whether TensorFlow can use it is known once a worker starts (and a run
    asking for mixed precision without a usable GPU or bfloat16 CPU fails saying so).
    """
    return bool(glob.glob("/dev/nvidia[0-9]*")) or shutil.which("nvidia-smi") is not None


@functools.cache  # the hardware does not change while the app runs; pages rerun often
def mixed_precision_available() -> bool:
    """Whether mixed precision can pay off here: a native-bfloat16 CPU or an NVIDIA GPU."""
    return cpu_computes_bfloat16() or nvidia_gpu_present()
