"""What tests need from the operating system: a pid that names no process, and a free port."""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.request


def dead_pid() -> int:
    """The pid of a process that has ended and been reaped: it names no process now."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("localhost", 0))
        return sock.getsockname()[1]


def healthy(url: str) -> bool:
    """Whether the Streamlit server at `url` answers its health check."""
    try:
        urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
    except OSError:
        return False
    return True
