"""Running `python -m alexnet` for real, in a subprocess, as a user's terminal does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.paths import REPO_ROOT


def run_cli(
    *args: str,
    runs: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess:
    """`python -m alexnet [--runs-dir RUNS] ARGS...` from the repository root.

    Asserts what every command owes its user whatever happens: no Python traceback.
    """
    command = [sys.executable, "-m", "alexnet"]
    if runs is not None:
        command += ["--runs-dir", str(runs)]
    full_env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", **(env or {})}
    result = subprocess.run(
        [*command, *args], cwd=REPO_ROOT, env=full_env, input=stdin, capture_output=True,
        text=True, timeout=timeout,
    )  # fmt: skip
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


def one_line_error(result: subprocess.CompletedProcess) -> str:
    """The single stderr line of a refused command (exit code 2), checked to be just that."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]
