"""Polling until something has happened: a worker's metrics, a page's chart, a stop."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_for(check: Callable[[], object], seconds: float, what: str, every: float = 0.5) -> None:
    """Call `check` every `every` seconds until it returns something true.

    Raises:
        AssertionError: naming `what`, when `seconds` pass first.
    """
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {seconds:.0f} s waiting for {what}")
        time.sleep(every)
