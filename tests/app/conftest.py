"""Page tests see only the runs they make (no shipped models); one trained run is shared."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.trained_run import train_tiny_run
from tests.conftest import no_shipped_models


@pytest.fixture(scope="package", autouse=True)
def _no_shipped_models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with no_shipped_models(tmp_path_factory):
        yield


@pytest.fixture(scope="session")
def trained_runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A runs folder holding one real run of a tiny network, trained once per session."""
    root = tmp_path_factory.mktemp("runs")
    train_tiny_run(root)
    return root


@pytest.fixture
def trained_runs_dir(trained_runs: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The folder of the trained run, as the app's runs folder ($ALEXNET_RUNS_DIR)."""
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(trained_runs))
    yield trained_runs
