"""Fixtures shared by every test scope."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from alexnet.store.run_store import RunStore
from tests.paths import REPO_ROOT
from tests.workers import kill_workers

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # keep TensorFlow's start-up chatter out of logs

# The full CIFAR-10 beside the checkout, where a machine has it (see README: "Data").
SHARED_CIFAR10 = REPO_ROOT.parent / "shared" / "data" / "cifar-10-python.tar.gz"


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture
def shared_cifar10() -> Path:
    if not SHARED_CIFAR10.exists():
        pytest.skip(f"the full CIFAR-10 archive is not at {SHARED_CIFAR10}")
    return SHARED_CIFAR10


@pytest.fixture(scope="session")
def trained_runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A runs folder holding one real run of a tiny network, trained once per session.

    Many tests read it (Predict, Inspect, shipping, the browser); none may change it: a test
    that damages or continues a run works on a copy (`shutil.copytree`).
    """
    from tests.app.trained_run import train_tiny_run

    root = tmp_path_factory.mktemp("trained_runs")
    train_tiny_run(root)
    return root


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty home folder: no Keras cache, no $KERAS_HOME or $CIFAR10_PATH to find data in."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.delenv("KERAS_HOME", raising=False)
    monkeypatch.delenv("CIFAR10_PATH", raising=False)
    return folder


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RunStore]:
    """An empty run store in a temporary folder; workers its runs started are ended after."""
    runs = RunStore(tmp_path / "runs")
    yield runs
    kill_workers(runs.root)


@pytest.fixture
def runs_dir(store: RunStore, monkeypatch: pytest.MonkeyPatch) -> Path:
    """That store's folder as the app's runs folder ($ALEXNET_RUNS_DIR), for page tests."""
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(store.root))
    return store.root


@contextlib.contextmanager
def environment(name: str, value: str | None) -> Iterator[None]:
    """Set (None: remove) an environment variable, seen by child processes too; then restore."""
    previous = os.environ.get(name)
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = previous


@contextlib.contextmanager
def no_shipped_models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Point the app at an empty shipped-models folder, so page tests see only their own runs.

    Through os.environ, so app servers started by fixtures see it too. The app and e2e
    packages use it for all their tests (a package-wide fixture, undone after them); tests of
    the shipped models set $ALEXNET_PRETRAINED_DIR themselves.
    """
    from alexnet.store.shipped import ENV_VAR

    with environment(ENV_VAR, str(tmp_path_factory.mktemp("no_shipped_models"))):
        yield


# What a user's shell may hold that would change what the code under test finds.
USER_ENVIRONMENT = (
    "CIFAR10_PATH", "KERAS_HOME", "ALEXNET_RUNS_DIR", "ALEXNET_PRETRAINED_DIR",
    "ALEXNET_DATA_CACHE", "TF_CONFIG",
)  # fmt: skip


@pytest.fixture(scope="session", autouse=True)
def nothing_from_the_users_environment(tmp_path_factory: pytest.TempPathFactory):
    """The suite passes whatever the user's environment holds.

    Each variable of `USER_ENVIRONMENT` is removed, and Keras' folder and the runs folder
    point at empty folders of this session, so neither a Keras cache, a downloaded
    CIFAR-10 nor the runs in the checkout's runs/ leak into a test. Tests that want one set
    it themselves. `tests/integration/test_hermetic.py` proves it.
    """
    with contextlib.ExitStack() as stack:
        for name in USER_ENVIRONMENT:
            stack.enter_context(environment(name, None))
        stack.enter_context(environment("KERAS_HOME", str(tmp_path_factory.mktemp("keras"))))
        runs = tmp_path_factory.mktemp("runs")
        stack.enter_context(environment("ALEXNET_RUNS_DIR", str(runs)))
        yield


@pytest.fixture(scope="session", autouse=True)
def data_cache_in_a_temporary_folder(
    tmp_path_factory: pytest.TempPathFactory, nothing_from_the_users_environment
):
    """Decoded data sets go to a folder of this test session, not the user's Keras folder.

    Through os.environ, so workers and app servers the tests start use it too.
    """
    from alexnet.data.decoded_cache import CACHE_ENV_VAR

    with environment(CACHE_ENV_VAR, str(tmp_path_factory.mktemp("data_cache"))):
        yield
