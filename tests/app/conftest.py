"""Page tests see only the runs they make (no shipped models); one trained run is shared
(`trained_runs`, in tests/conftest.py)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import no_shipped_models


@pytest.fixture(scope="package", autouse=True)
def _no_shipped_models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with no_shipped_models(tmp_path_factory):
        yield


@pytest.fixture
def trained_runs_dir(trained_runs: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The folder of the trained run, as the app's runs folder ($ALEXNET_RUNS_DIR)."""
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(trained_runs))
    yield trained_runs
