"""The suite passes whatever the user's environment holds (tests/conftest.py clears it).

A copy of the project runs some of its most environment-sensitive tests with everything a
user may have set up: $CIFAR10_PATH naming a CIFAR-10, a Keras folder with a cached
CIFAR-10, $ALEXNET_RUNS_DIR and the checkout's own runs/ folder each holding a run, shipped
models elsewhere, and a TF_CONFIG. They must pass as in a bare environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from alexnet.config.presets import CIFAR10_ALEXNET
from alexnet.config.run_config import run_config
from alexnet.config.training import TUTORIAL_DEFAULTS
from alexnet.store.run_store import RunStore
from tests.cifar_files import official_files, write_archive, write_folder
from tests.paths import REPO_ROOT

COPIED = ("alexnet", "ui", "pages", "tests", "app.py", "pyproject.toml", ".streamlit")
SENSITIVE = (
    "tests/app/test_home_page.py",
    "tests/unit/test_data_sources.py",
    "tests/unit/test_runs.py",
    "tests/app/test_train_page.py::test_download_shows_its_progress_and_then_the_downloaded_data",
    "tests/app/test_compare_page.py::test_without_runs_the_page_offers_the_experiment",
    "tests/app/test_train_page.py::test_a_failed_download_says_why_and_the_sample_stays_in_use",
    "tests/app/test_compare_page.py"
    "::test_a_second_tab_pressing_start_after_the_first_is_told_it_could_not_start",
)


@pytest.mark.slow
def test_tests_pass_with_every_users_setting_in_place(tmp_path):
    project = tmp_path / "project"
    for name in COPIED:
        source = REPO_ROOT / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(source, project / name, ignore=ignore)
        else:
            shutil.copy2(source, project / name)
    files = official_files(per_batch=20, test_size=20)
    archive = write_archive(tmp_path / "cifar-10-python.tar.gz", files)
    keras_home = tmp_path / "keras"
    write_folder(keras_home / "datasets", files)  # Keras 2's cache: datasets/cifar-10-batches-py
    for runs in (tmp_path / "user-runs", project / "runs"):
        RunStore(runs).create(run_config(CIFAR10_ALEXNET, TUTORIAL_DEFAULTS), name="a user's run")
    env = {
        **os.environ,
        "CIFAR10_PATH": str(archive),
        "KERAS_HOME": str(keras_home),
        "ALEXNET_RUNS_DIR": str(tmp_path / "user-runs"),
        "ALEXNET_PRETRAINED_DIR": str(tmp_path / "elsewhere"),
        "TF_CONFIG": '{"cluster": {"worker": ["localhost:1"]}, "task": {"type": "worker"}}',
    }
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SENSITIVE],
        cwd=project, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and " failed" not in result.stdout
