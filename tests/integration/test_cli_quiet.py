"""The command line keeps TensorFlow's C++ start-up log off the terminal, but not real errors."""

from __future__ import annotations

import os
import subprocess
import sys

from alexnet.training.tf_quiet import _hidden
from tests.paths import REPO_ROOT


def test_start_up_info_warnings_and_cuinit_are_hidden_at_level_two_but_other_errors_are_not():
    assert _hidden("WARNING: All log messages before absl::InitializeLog() is called ...", 2)
    assert _hidden("I0000 00:00:17.75 1 port.cc:153] oneDNN custom operations are on.", 2)
    assert _hidden("E0000 00:00:17.75 1 cuda_platform.cc:52] failed call to cuInit: ...", 2)
    assert not _hidden("E0000 00:00:17.75 1 some_op.cc:9] out of memory", 2)
    assert not _hidden("Traceback (most recent call last):", 3)
    assert not _hidden("I0000 00:00:17.75 1 port.cc:153] oneDNN custom operations are on.", 0)


def test_a_cli_training_run_prints_no_tensorflow_start_up_lines(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    command = [
        sys.executable,
        "-m",
        "alexnet",
        "--runs-dir",
        str(tmp_path),
        "train",
        "--random-data",
        "--epochs",
        "1",
        "--train-size",
        "64",
        "--batch-size",
        "32",
        "--threads",
        "1",
    ]
    done = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "finished" in done.stdout
    for noise in ("oneDNN", "cuInit", "cudart_stub", "absl::InitializeLog"):
        assert noise not in done.stderr
