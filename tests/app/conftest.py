"""Page tests see only the runs they make: no shipped models."""

import pytest


@pytest.fixture(scope="session", autouse=True)
def _no_shipped_models(without_shipped_models) -> None:
    return None
