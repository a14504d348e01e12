"""Helpers shared by the benchmarks: data, the matmul ceiling, medians, timing epochs."""

from __future__ import annotations

import os
import pickle
import statistics
import sys
import tarfile
import time
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

# The full CIFAR-10: $CIFAR10_PATH, else the archive beside the checkout where a machine has it.
SHARED_CIFAR10 = Path(
    os.environ.get("CIFAR10_PATH")
    or REPO_ROOT.parent / "shared" / "data" / "cifar-10-python.tar.gz"
)


def _read_archive(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    # The official python layout: data_batch_1..5 and test_batch, each a pickled dict
    # with b"data" (N, 3072) uint8 in channel-major order and b"labels".
    parts: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    with tarfile.open(path) as tar:
        for member in tar.getmembers():
            name = Path(member.name).name
            if name.startswith("data_batch_") or name == "test_batch":
                batch = pickle.load(tar.extractfile(member), encoding="bytes")
                x = np.asarray(batch[b"data"], np.uint8).reshape(-1, 3, 32, 32)
                parts[name] = (x.transpose(0, 2, 3, 1), np.asarray(batch[b"labels"], np.int64))
    train = [parts[f"data_batch_{i}"] for i in range(1, 6)]
    x_train = np.ascontiguousarray(np.concatenate([p[0] for p in train]))
    y_train = np.concatenate([p[1] for p in train])
    x_test, y_test = parts["test_batch"]
    return x_train, y_train, np.ascontiguousarray(x_test), y_test


def load_cifar10(random: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x_train, y_train, x_test, y_test) uint8/int64: the full CIFAR-10, or random data."""
    if random or not SHARED_CIFAR10.exists():
        rng = np.random.default_rng(0)
        return (
            rng.integers(0, 256, (50_000, 32, 32, 3), dtype=np.uint8),
            rng.integers(0, 10, 50_000),
            rng.integers(0, 256, (10_000, 32, 32, 3), dtype=np.uint8),
            rng.integers(0, 10, 10_000),
        )
    try:
        from alexnet.data import load_cifar10 as project_loader

        data = project_loader(SHARED_CIFAR10)
        return data.x_train, data.y_train, data.x_test, data.y_test
    except ImportError:
        return _read_archive(SHARED_CIFAR10)


def matmul_gflops(size: int = 4096, repeats: int = 3) -> float:
    """The float32 compute ceiling: best of `repeats` timed size x size matmuls, in GFLOP/s."""
    import tensorflow as tf

    a = tf.random.uniform((size, size))
    b = tf.random.uniform((size, size))
    (a @ b).numpy()  # warm-up: thread pools and oneDNN kernels
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        (a @ b).numpy()
        best = min(best, time.perf_counter() - start)
    return 2 * size**3 / best / 1e9


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def wait_for_runs(store, run_ids: tuple[str, ...], timeout: float = 1800) -> None:
    """Until the runs (worker processes) have ended; exits unless every one finished."""
    from alexnet.store.run_store import ACTIVE_STATES

    deadline = time.monotonic() + timeout
    while any(store.get(r).state in ACTIVE_STATES for r in run_ids):
        if time.monotonic() > deadline:
            sys.exit(f"the runs {run_ids} did not finish within {timeout:.0f} s")
        time.sleep(0.2)
    for run_id in run_ids:
        info = store.get(run_id)
        if info.state != "finished":
            sys.exit(f"run {run_id} ended {info.state}: {info.status.get('error')}")


def machine() -> str:
    """The machine in words: CPU model, cores, TensorFlow, GPUs (no host name, no paths)."""
    import tensorflow as tf

    from alexnet.config.machine import cpu_model  # after REPO_ROOT is on sys.path

    return (
        f"{cpu_model()}, {os.cpu_count()} cores, TensorFlow {tf.__version__}, "
        f"GPUs: {len(tf.config.list_physical_devices('GPU'))}"
    )


def split_data(
    random: bool, train_size: int, validation_split: float, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x_train, y_train, x_val, y_val): the first `train_size` images, a seeded hold-out.

    Mirrors what the project's trainer does with `train_size` and `validation_split`, so
    a tutorial-style fit can see exactly the images a worker run sees.
    """
    x, y, _, _ = load_cifar10(random)
    x, y = x[:train_size], y[:train_size]
    try:
        from alexnet.data import split_validation
    except ImportError:
        order = np.random.default_rng(seed).permutation(len(x))
        cut = round(len(x) * validation_split)
        return x[order[cut:]], y[order[cut:]], x[order[:cut]], y[order[:cut]]
    return split_validation(x, y, validation_split, seed=seed)


def run_child(script: Path, arguments: list[str], timeout: float = 3600) -> dict:
    """Run a benchmark arm in a fresh process (no state shared between arms); its last JSON line."""
    import json
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "TF_CPP_MIN_LOG_LEVEL": "2"}
    result = subprocess.run(
        [sys.executable, str(script), *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"{script.name} {' '.join(arguments)} failed:\n{result.stderr[-3000:]}")
    return json.loads(lines[-1])


def add_fit_arguments(parser, *, images: int, rounds: int, spec: str) -> None:
    """The flags every `fit`-throughput benchmark takes (defaults differ per benchmark)."""
    parser.add_argument("--images", type=int, default=images, help="per measurement")
    parser.add_argument("--rounds", type=int, default=rounds)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--spec", default=spec)
    parser.add_argument("--random", action="store_true", help="random images, not CIFAR-10")


def alternate_fits(arms: dict, images: int, rounds: int) -> tuple[dict[str, list[float]], float]:
    """Train each arm on `images` images per round, A B A B ..., after a warm-up round.

    Args:
        arms: name -> (compiled model, repeating dataset, batch size).
        images: images per arm per round (whole batches, at least one).
        rounds: measured rounds (round 0, which traces every function, is not counted).

    Returns:
        (name -> images/s of each measured round, the median matmul ceiling measured before
        the first round and after each one).
    """
    rates: dict[str, list[float]] = {name: [] for name in arms}
    ceilings = [matmul_gflops()]
    for round_ in range(rounds + 1):
        for name, (model, data, batch_size) in arms.items():
            steps = max(1, images // batch_size)
            start = time.perf_counter()
            model.fit(data, epochs=1, steps_per_epoch=steps, shuffle=False, verbose=0)
            if round_:
                rates[name].append(steps * batch_size / (time.perf_counter() - start))
        ceilings.append(matmul_gflops())
    return rates, median(ceilings)
