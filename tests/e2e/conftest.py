"""Fixtures every browser test shares: one Chromium per file and the screenshots folder.

Browser: Debian's or Ubuntu's Chromium (/usr/bin/chromium, or `chromium` on PATH), else
Playwright's own browser. Where there is none the tests skip with the reason, unless
`ALEXNET_REQUIRE_BROWSER=1` (CI sets it): then they fail, so a broken set-up cannot pass.
Screenshots go to `$ALEXNET_SCREENSHOTS`, else `test-artifacts/` in the repository (git-ignored).
Starting the app and cleaning up after it: `tests/e2e/app_server.py`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from alexnet.store.run_store import RunStore
from tests.conftest import no_shipped_models
from tests.e2e.app_server import CHROMIUM_ARGS, browser_executable, streamlit_app
from tests.paths import REPO_ROOT
from tests.workers import kill_workers


def require_browser() -> str:
    """The browser to drive; skips (or fails where CI demands one) when there is none."""
    executable = browser_executable()
    if executable is None:
        reason = (
            "no Chromium: install Debian's `chromium` package or run "
            "`python -m playwright install chromium`"
        )
        if os.environ.get("ALEXNET_REQUIRE_BROWSER", "") not in ("", "0"):
            pytest.fail(f"{reason} (ALEXNET_REQUIRE_BROWSER=1 demands a browser)")
        pytest.skip(reason)
    return executable


@pytest.fixture(scope="module")
def browser_path() -> str:
    """The Chromium to launch, for tests that start their own (see `require_browser`)."""
    return require_browser()


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test file."""
    executable = require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def trained_run(server_runs_dir: Path) -> str:
    """A finished run of a tiny network in the server's runs folder, trained for this test."""
    import subprocess
    import sys

    from alexnet.config.run_config import run_config
    from tests.app.trained_run import TINY_CONFIG
    from tests.specs import TINY

    store = RunStore(server_runs_dir)
    run_id = store.create(run_config(TINY, TINY_CONFIG), name="tiny trained for this test")
    # A worker process of its own, as the app starts them: the run's pid is not this one's.
    command = [sys.executable, "-m", "alexnet", "worker", run_id, "--runs-dir", str(store.root)]
    subprocess.run(command, cwd=REPO_ROOT, check=True, capture_output=True, timeout=300)
    assert store.read_status(run_id)["state"] == "finished", store.read_status(run_id)
    return run_id


@pytest.fixture
def screenshots() -> Path:
    """The folder screenshots go to: $ALEXNET_SCREENSHOTS, else test-artifacts/."""
    folder = Path(os.environ.get("ALEXNET_SCREENSHOTS") or REPO_ROOT / "test-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="package", autouse=True)
def _no_shipped_models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    # The browser tests check pages against the runs they make, not the shipped models.
    with no_shipped_models(tmp_path_factory):
        yield


@pytest.fixture(scope="module")
def server_runs_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An empty runs folder for one test file; its workers are ended afterwards."""
    root = tmp_path_factory.mktemp("runs")
    yield root
    kill_workers(root)  # leave no worker behind, whatever the test did


@pytest.fixture(scope="module")
def server(server_runs_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a free port, on that runs folder and the shipped sample (no CIFAR-10 cache)."""
    env = {"ALEXNET_RUNS_DIR": str(server_runs_dir), "CIFAR10_PATH": None}
    env["KERAS_HOME"] = str(tmp_path_factory.mktemp("keras"))
    with streamlit_app(env) as url:
        yield url
