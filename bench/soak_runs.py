"""Soak: many short runs started, stopped, resumed and deleted through the app's code paths.

Each cycle does what a student clicking through the Train and Runs pages does, with the same
calls the pages make: `alexnet.jobs.run_queue.enqueue` (Start), `RunStore.request_stop` (Stop),
`alexnet.jobs.run_queue.resume_run` (Resume), `RunStore.request_stop` again, and `RunStore.delete`
(Delete) once the run has stopped. Every worker is a real process training a tiny network
on the shipped sample. At the end it checks what must hold after any number of cycles:
- leaked processes: worker processes still alive (by recorded pid + start time, and any
  process whose command line names the soak's runs directory);
- orphan files: anything left in the runs directory besides the queue's own two files;
- runs lost: a cycle whose run vanished, failed, or could not be stopped, resumed or deleted.

Run:  python bench/soak_runs.py [--cycles 50] [--runs-dir DIR]
Not a test (and not in CI): it takes about ten minutes on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import common  # noqa: F401 (puts the repository on sys.path)

from alexnet.config.spec import ConvBlock, DenseBlock, ModelSpec
from alexnet.config.training import TrainConfig
from alexnet.jobs.run_queue import enqueue, resume_run
from alexnet.store.processes import is_process_alive
from alexnet.store.run_store import RunStore

SPEC = ModelSpec(
    name="soak",
    conv_blocks=(ConvBlock(filters=8, kernel_size=3, pool=True),) * 2,
    dense_blocks=(DenseBlock(units=16),),
)
CONFIG = TrainConfig(train_size=256, batch_size=32, epochs=3, log_every_steps=1)
QUEUE_FILES = {"queue.json", ".queue.lock"}
ENDED = ("stopped", "finished", "failed", "interrupted")


def _wait(condition, timeout: float = 120.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _state(store: RunStore, run_id: str) -> str:
    return store.read_status(run_id).get("state", "?")


def _processes_naming(text: str) -> list[int]:
    """Pids of live (non-zombie) processes whose command line contains `text`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in command and is_process_alive(int(entry.name)):
            found.append(int(entry.name))
    return found


def cycle(store: RunStore, index: int, workers: list[tuple[int, float]]) -> str | None:
    """One start/stop/resume/stop/delete cycle; returns a problem, or None when all held."""
    run_id = enqueue(store, SPEC, CONFIG, data_source="sample", name=f"soak {index}")
    status = store.read_status(run_id)
    if status.get("state") != "running":
        return f"{run_id}: {status.get('state')} right after Start, expected running"
    workers.append((status["pid"], status["pid_start"]))
    if not _wait(lambda: store.read_metrics(run_id, "step") or _state(store, run_id) in ENDED):
        return f"{run_id}: no training step within 120 s"
    store.request_stop(run_id)
    if not _wait(lambda: _state(store, run_id) in ENDED):
        return f"{run_id}: Stop did not end the run within 120 s"
    if _state(store, run_id) != "stopped":
        return f"{run_id}: ended {_state(store, run_id)} after Stop: {store.read_status(run_id)}"
    resume_run(store, run_id)
    status = store.read_status(run_id)
    workers.append((status["pid"], status["pid_start"]))
    steps = len(store.read_metrics(run_id, "step"))
    grew = _wait(
        lambda: len(store.read_metrics(run_id, "step")) > steps or _state(store, run_id) in ENDED
    )
    if not grew:
        return f"{run_id}: Resume trained no step within 120 s"
    store.request_stop(run_id)
    if not _wait(lambda: _state(store, run_id) in ENDED):
        return f"{run_id}: the second Stop did not end the run within 120 s"
    if _state(store, run_id) not in ("stopped", "finished"):
        return f"{run_id}: ended {_state(store, run_id)} after resume: {store.read_status(run_id)}"
    if not store.checkpoint(run_id).is_file():
        return f"{run_id}: no checkpoint after a stop"
    store.delete(run_id)
    if store.exists(run_id) or store.run_dir(run_id).exists():
        return f"{run_id}: still on disk after Delete"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=50)
    parser.add_argument("--runs-dir", type=Path, default=None)
    args = parser.parse_args()
    scratch = None if args.runs_dir else Path(tempfile.mkdtemp(prefix="alexnet-soak-"))
    root = args.runs_dir or scratch / "runs"
    store = RunStore(root)
    workers: list[tuple[int, float]] = []
    problems: list[str] = []
    times: list[float] = []
    started = time.perf_counter()
    for index in range(args.cycles):
        t0 = time.perf_counter()
        try:
            problem = cycle(store, index, workers)
        except Exception as error:  # a cycle that raises is a lost run, not the end of the soak
            problem = f"cycle {index}: {type(error).__name__}: {error}"
        times.append(time.perf_counter() - t0)
        if problem:
            problems.append(problem)
        print(f"cycle {index + 1}/{args.cycles}: {times[-1]:.1f} s {problem or 'ok'}", flush=True)
    wall = time.perf_counter() - started

    _wait(lambda: not any(is_process_alive(p, s) for p, s in workers), 30)  # exits in flight
    leaked = sorted(
        {p for p, s in workers if is_process_alive(p, s)} | set(_processes_naming(str(root)))
    )
    leftovers = sorted(
        str(p.relative_to(root)) for p in root.rglob("*") if p.name not in QUEUE_FILES
    )
    figures = {
        "cycles": args.cycles,
        "workers_started": len(workers),
        "leaked_processes": len(leaked),
        "orphan_files": len(leftovers),
        "runs_lost": len(problems),
        "runs_left_in_store": len(store.list()),
        "wall_seconds": round(wall, 1),
        "cycle_seconds_median": round(sorted(times)[len(times) // 2], 1),
        "cycle_seconds_max": round(max(times), 1),
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
    }
    print(json.dumps(figures, indent=2))
    for line in problems + [f"leaked pid {p}" for p in leaked] + leftovers[:20]:
        print(" ", line)
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)  # counted above; leave nothing in /tmp
    sys.exit(1 if problems or leaked or leftovers else 0)


if __name__ == "__main__":
    main()
