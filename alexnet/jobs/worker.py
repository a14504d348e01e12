"""Worker processes: one per training run, started and left alone.

`start_worker` launches `python -m alexnet worker <run_id> --runs-dir <root>` in a process
group of its own (so a Streamlit restart or Ctrl+C in the app's terminal does not take it
down) and returns at once with its pid. The worker (`execute`) records its pid and the
process' start time in status.json, trains with `alexnet.training.fit.train_run`, and writes the
final state. SIGTERM asks it to stop like the Stop button does: it finishes the current
batch, saves a checkpoint and exits as 'stopped'. A worker that dies without a word
(SIGKILL, power loss) is noticed by the next `RunStore.read_status`: its run reads
'interrupted' and `resume` continues it from its last checkpoint.

This module does not import TensorFlow; `execute` does, in the worker process.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alexnet.config.checks import ConfigError
from alexnet.config.messages import Message
from alexnet.store.names import message_fields
from alexnet.store.processes import peak_memory_mb, process_start_time
from alexnet.store.run_store import RunStore

REPO_ROOT = Path(__file__).resolve().parents[2]
RESUMABLE_STATES = ("stopped", "interrupted", "failed")
QUIT_AT_ONCE = (
    "Quit at once with a second Ctrl+C, in the middle of a batch; resume it to continue from "
    "its last checkpoint."
)


# Keras 3 imports these at start-up when they are installed, for what a training process never
# does: pandas (and pyarrow with it) to accept DataFrames, IPython to notice a notebook. Leaving
# them out saves memory in every worker (docs/benchmarks.md).
UNUSED_IN_TRAINING = ("pandas", "IPython")


def leave_out_unused_modules() -> None:
    """Make importing UNUSED_IN_TRAINING fail in this process, so Keras goes without them.

    For a process that only trains; call it before TensorFlow is imported. A module already
    imported stays (a `None` in `sys.modules` is how Python marks a module as unavailable).
    """
    for name in UNUSED_IN_TRAINING:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]


def worker_command(store: RunStore, run_id: str, threads: int | None = None) -> list[str]:
    """The command line of a worker process for a run."""
    command = [sys.executable, "-m", "alexnet", "worker", run_id, "--runs-dir", str(store.root)]
    if threads:
        command += ["--threads", str(threads)]
    return command


def start_worker(store: RunStore, run_id: str, *, threads: int | None = None) -> int:
    """Start a worker for a queued run in its own process group; returns its pid at once.

    Args:
        run_id: a run in state 'queued'.
        threads: TensorFlow intra-op threads (a pair gets half the cores each); None = all.
    """
    store.run_dir(run_id)  # refuses a bad id before anything starts
    env = dict(os.environ)
    # `python -m alexnet` must find this package even when the caller runs from elsewhere.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH")) if p)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    with open(store.path(run_id, "worker.log"), "ab") as log:
        process = subprocess.Popen(
            worker_command(store, run_id, threads),
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # POSIX: its own session and process group
            creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0),  # Windows
        )
    # Whoever starts a worker reaps it when it ends, or it lingers as a zombie process for as
    # long as the starter runs (the app server runs for days); a daemon thread waits on it.
    threading.Thread(target=process.wait, name=f"reap-{run_id}", daemon=True).start()
    # Claim the slot now (the worker re-writes the same pid once it is up), unless the
    # worker already got further and wrote a later state.
    store.write_status(
        run_id,
        expect=("queued",),
        state="running",
        pid=process.pid,
        pid_start=process_start_time(process.pid),
        started_at=time.time(),
        threads=threads,
        error=None,
    )
    return process.pid


def _reason(error: BaseException) -> str:
    """Why a run failed: a setting that cannot work in its own words (a `Message`, for a page
    to translate), any other error named by its kind."""
    if isinstance(error, ConfigError):
        return error.as_message()
    return (
        str(error) if isinstance(error, ValueError) else f"{type(error).__name__}: {error}"
    ).strip()


def execute(
    store: RunStore,
    run_id: str,
    *,
    threads: int | None = None,
    progress: Callable[[dict[str, Any]], None] | None = None,
) -> str:
    """Train a run in this process (the body of `python -m alexnet worker` and `train`).

    Args:
        run_id: the run to train or resume.
        threads: intra-op threads to limit TensorFlow to (set before it starts).
        progress: optional callable receiving each epoch's metrics record.

    Returns:
        The final state: 'finished', 'stopped' or 'failed'.
    """
    pid = os.getpid()
    status = store.write_status(
        run_id,
        expect=("queued", "running"),
        state="running",
        pid=pid,
        pid_start=process_start_time(pid),
        started_at=time.time(),
        threads=threads,
        error=None,
    )
    if status.get("pid") != pid:  # stopped (or taken by another worker) before this one began
        return str(status.get("state"))
    previous = _on_sigterm(lambda *_: store.stop_file(run_id).touch())
    error_text = None
    quit_at_once = False
    try:
        if threads:
            _limit_threads(threads)
        from alexnet.training.fit import train_run  # TensorFlow: only in the worker process

        state = train_run(store, run_id, progress=progress)
    except KeyboardInterrupt:  # a second Ctrl+C at a terminal: quit now, resumable
        state, error_text, quit_at_once = "interrupted", Message(QUIT_AT_ONCE), True
    except BaseException as error:  # any end must leave a readable status
        # The details go to the run's worker.log (a background worker's output already does),
        # never to a user's terminal: the status and the command line say the reason.
        with contextlib.suppress(OSError), open(store.path(run_id, "worker.log"), "a") as log:
            traceback.print_exc(file=log)
        state, error_text = "failed", _reason(error)
    finally:
        if previous is not None:
            _on_sigterm(previous)
        store.stop_file(run_id).unlink(missing_ok=True)
    # Last: once a run reads as ended, its folder may be deleted, so nothing may follow.
    store.write_status(
        run_id, state=state, ended_at=time.time(), **message_fields("error", error_text),
        peak_memory_mb=peak_memory_mb(),
    )  # fmt: skip
    if quit_at_once:
        raise KeyboardInterrupt  # the command line exits 130, as a program quit by Ctrl+C does
    return state


def _on_sigterm(handler: Any) -> Any:
    # SIGTERM = Stop: the trainer sees the stop file at the end of the current batch. Only
    # the main thread may set handlers; elsewhere (a caller's thread) Stop still works.
    try:
        return signal.signal(signal.SIGTERM, handler)
    except ValueError:
        return None


def _limit_threads(threads: int) -> None:
    from alexnet.training.devices import configure_threads  # TensorFlow, as train_run

    try:
        configure_threads(threads, threads)
    except ValueError as error:  # TensorFlow already runs in this process: a hint, not a must
        print(f"warning: thread limit not applied ({error})", file=sys.stderr)


def prepare_resume(store: RunStore, run_id: str) -> None:
    """Put a stopped, interrupted or failed run back in the queue to continue.

    Raises:
        ValueError: if the run is queued, running or finished.
    """
    state = store.read_status(run_id).get("state")
    if state not in RESUMABLE_STATES:
        raise ValueError(
            f"run {run_id} is {state}; only a stopped, interrupted or failed run can be resumed."
        )
    store.stop_file(run_id).unlink(missing_ok=True)
    store.write_status(
        run_id, state="queued", queued_at=time.time(), pid=None, error=None, ended_at=None
    )


def terminate(store: RunStore, run_id: str) -> bool:
    """Send SIGTERM to a run's live worker (a clean stop); False when there is none."""
    status = store.read_status(run_id)
    if status.get("state") not in ("running", "stopping"):
        return False
    if os.name == "nt":  # SIGTERM would kill it outright there; the stop file is clean
        store.request_stop(run_id)
        return True
    try:
        os.kill(int(status["pid"]), signal.SIGTERM)
    except (ProcessLookupError, KeyError, TypeError, ValueError):
        return False
    return True
