"""Running `python -m alexnet` for real, in a subprocess, as a user's terminal does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from tests.paths import REPO_ROOT
from tests.waiting import wait_for


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


class RunningCommand:
    """`python -m alexnet [--runs-dir RUNS] ARGS...` started and left running, as in a terminal.

    Its output is read line by line as it comes, so a test can wait for a line, then press
    Ctrl+C (`interrupt`), then wait for the command to end (`finish`).
    """

    def __init__(self, *args: str, runs: Path | None = None) -> None:
        command = [sys.executable, "-m", "alexnet"]
        if runs is not None:
            command += ["--runs-dir", str(runs)]
        env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
        self.process = subprocess.Popen(
            [*command, *args], cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
        )  # fmt: skip
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        streams = ((self.process.stdout, self.stdout), (self.process.stderr, self.stderr))
        self._readers = [
            threading.Thread(target=self._read, args=stream, daemon=True) for stream in streams
        ]
        for reader in self._readers:
            reader.start()

    @staticmethod
    def _read(stream, lines: list[str]) -> None:
        for line in stream:
            lines.append(line)

    def wait_for_line(self, text: str, seconds: float = 120) -> str:
        """The first stdout line holding `text`, once it has been printed."""

        def found() -> str | None:
            if self.process.poll() is not None and not any(text in s for s in self.stdout):
                self.finish(timeout=10)  # ended without it: say what it printed instead
                raise AssertionError(f"ended without {text!r}: {self.stdout} {self.stderr}")
            return next((line for line in self.stdout if text in line), None)

        wait_for(found, seconds, f"{text!r} on stdout", every=0.1)
        return str(found())

    def interrupt(self) -> None:
        """Ctrl+C in its terminal."""
        self.process.send_signal(signal.SIGINT)

    def finish(self, timeout: float = 300) -> subprocess.CompletedProcess:
        """Wait for the command to end; its exit code and all it printed (no traceback)."""
        try:
            self.process.wait(timeout=timeout)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
        for reader in self._readers:
            reader.join(timeout=10)
        out, err = "".join(self.stdout), "".join(self.stderr)
        assert "Traceback" not in out + err, out + err
        return subprocess.CompletedProcess(self.process.args, self.process.returncode, out, err)


def run_cli_at_a_terminal(
    *args: str, runs: Path | None = None, typed: str = "", timeout: float = 120
) -> subprocess.CompletedProcess:
    """`run_cli` with a terminal (a pseudo-terminal) as stdin, on which `typed` is typed.

    For commands that ask before they act (`delete` without --yes) and refuse to ask a pipe.
    """
    import pty

    command = [sys.executable, "-m", "alexnet"]
    if runs is not None:
        command += ["--runs-dir", str(runs)]
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    keyboard, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [*command, *args], cwd=REPO_ROOT, env=env, stdin=terminal,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        os.close(terminal)
        terminal = -1
        os.write(keyboard, typed.encode())
        out, err = process.communicate(timeout=timeout)
    finally:
        if terminal >= 0:
            os.close(terminal)
        os.close(keyboard)
    assert "Traceback" not in out + err, out + err
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)
