"""The cold-page bench runs from start to end (its figures are not checked: they are timings)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.e2e.app_server import REPO_ROOT
from tests.e2e.conftest import require_browser

pytestmark = pytest.mark.slow


def test_the_cold_page_bench_measures_home_and_predict_on_fresh_servers():
    require_browser()
    result = subprocess.run(
        [sys.executable, "bench/bench_cold_pages.py", "--quick"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "round 0: Home" in result.stdout
    assert "medians: home" in result.stdout and "click" in result.stdout
