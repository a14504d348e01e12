"""Starting the app and finding a browser, for the browser tests and scripts/screenshots.py.

The server runs in its own process group, so ending the group ends it and everything it
started; training workers start their own sessions, so `kill_workers` ends those by pid.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from tests.paths import REPO_ROOT
from tests.processes import free_port, healthy

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SYSTEM_CHROMIUM = "/usr/bin/chromium"


def browser_executable() -> str | None:
    """The system Chromium, else Playwright's own browser, else None."""
    if Path(SYSTEM_CHROMIUM).is_file():
        return SYSTEM_CHROMIUM
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            bundled = playwright.chromium.executable_path
    except Exception:  # no playwright package, or no driver: no browser either
        return None
    return bundled if bundled and Path(bundled).is_file() else None


@contextlib.contextmanager
def streamlit_app(
    env: Mapping[str, str | None] | None = None,
    timeout: float = 60,
    options: Sequence[str] = (),
    log: Path | None = None,
) -> Iterator[str]:
    """`streamlit run app.py` on a free port, in its own process group; yields its URL.

    Args:
        env: variables set over this process's environment (e.g. ALEXNET_RUNS_DIR);
            None removes one (e.g. CIFAR10_PATH, so the shipped sample is used).
        timeout: seconds to wait for the server's health check.
        options: more command-line options for `streamlit run` (e.g. a config setting).
        log: a file for the server's output (None: it is dropped).
    """
    port = free_port()
    full_env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", **(env or {})}
    full_env = {k: v for k, v in full_env.items() if v is not None}
    output = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            *options,
        ],
        cwd=REPO_ROOT,
        stdout=output,
        stderr=subprocess.STDOUT,
        env=full_env,
        start_new_session=True,  # one group: teardown ends the server and all it started
    )
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + timeout
        while not healthy(url):
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"streamlit run app.py did not start within {timeout:.0f} s")
            time.sleep(0.5)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        if log:
            output.close()


def settle(page, timeout_ms: int = 90_000, pause_ms: int = 500) -> None:
    """Wait until the script run triggered by the last action has finished."""
    page.wait_for_timeout(pause_ms)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms
    )


def go_to(page, name: str, timeout_ms: int = 90_000) -> None:
    """Follow the sidebar link to a page, as a user does (the session carries over)."""
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=name).click()
    page.get_by_role("heading", level=1).first.wait_for()
    settle(page, timeout_ms)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds the processes have used so far (gone ones count 0)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def pids_with(marker: str) -> list[int]:
    """Processes whose command line holds `marker` (e.g. a server's port option)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            if marker in command.decode(errors="replace"):
                found.append(int(entry.name))
    return found


def server_pid(url: str) -> int:
    """The process of the `streamlit_app` server at `url`."""
    (pid,) = pids_with(f"--server.port {url.rsplit(':', 1)[1]} ")
    return pid


def no_exception(page) -> None:
    """No Streamlit exception box on the page."""
    assert page.locator('[data-testid="stException"]').count() == 0
