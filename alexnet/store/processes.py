"""Facts about processes: is the one a status file names still the one that wrote it, and
how much memory this one has used at most.

A pid alone is not enough: after a reboot or a long time the number is reused by some
other process. So a worker records its pid together with its start time, and a run is
alive only while a process with that pid exists, has that start time, and is not a
zombie (a killed child that its parent has not reaped yet).
"""

from __future__ import annotations

import os
import sys


def peak_memory_mb() -> float | None:
    """This process' peak resident memory so far, in MiB, or None where it cannot be read."""
    try:
        import resource  # Unix only
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux and the BSDs report kilobytes, macOS bytes.
    return peak / 1024**2 if sys.platform == "darwin" else peak / 1024


def process_start_time(pid: int) -> float | None:
    """The process' start time as an opaque number, or None where it cannot be read.

    Args:
        pid: a process id.
    """
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            stat = f.read()
    except OSError:
        return None
    # The command name (field 2) may contain spaces and ")"; fields after the last ")" are fixed.
    fields = stat[stat.rfind(")") + 2 :].split()
    if fields and fields[0] in ("Z", "X"):
        return None  # a zombie or dead process is not running
    try:
        return float(fields[19])  # field 22 of the whole line: start time in clock ticks
    except (IndexError, ValueError):
        return None


def is_process_alive(pid: object, start_time: object = None) -> bool:
    """Whether `pid` runs and, when `start_time` is given, is the same process.

    Args:
        pid: the recorded process id.
        start_time: the recorded `process_start_time(pid)`, or None to check the pid only.
    """
    if isinstance(pid, bool) or not isinstance(pid, int) or pid <= 0:
        return False
    if os.path.exists("/proc/self/stat"):
        now = process_start_time(pid)
        if now is None:
            return False
        return start_time is None or now == start_time
    if os.name == "nt":
        return _windows_process_alive(pid)
    # No /proc (macOS): the pid alone is the best evidence. A dead child of this process
    # (a worker the app started) stays a zombie until reaped, so reap it first.
    try:
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except (ChildProcessError, OSError):
        pass  # not a child of this process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _windows_process_alive(pid: int) -> bool:
    # os.kill(pid, 0) would terminate the process on Windows; ask the kernel instead.
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    code = ctypes.c_ulong()
    try:
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
    finally:
        kernel32.CloseHandle(handle)
    return code.value == 259  # STILL_ACTIVE
