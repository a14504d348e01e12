"""The machine a run is configured on, as its config records it: no paths, no user names."""

from __future__ import annotations

import os
import platform


def read_cpuinfo() -> str:
    """The text of /proc/cpuinfo ("" where there is none, e.g. on macOS or Windows)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as file:
            return file.read()
    except OSError:
        return ""


def cpu_model(cpuinfo: str | None = None) -> str:
    """The processor's model name (Linux: /proc/cpuinfo), else what `platform` knows.

    Args:
        cpuinfo: the text of /proc/cpuinfo; None reads this machine's.
    """
    if cpuinfo is None:
        cpuinfo = read_cpuinfo()
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "model name" and value.strip():
            return value.strip()
    return platform.processor() or platform.machine() or "unknown processor"


def machine_record() -> dict[str, object]:
    """The host's name (shown as where an imported run came from), system, processor, cores."""
    return {
        "node": platform.node(),
        "platform": platform.platform(),
        "cpu_model": cpu_model(),
        "cpu_count": os.cpu_count(),
    }
