"""Time and peak memory to load the full CIFAR-10 with `alexnet.data.read_cifar10`.

Two cases: straight from `cifar-10-python.tar.gz` (streamed, nothing extracted) and from an
extracted `cifar-10-batches-py` folder (extracted once to a temporary folder first). Each
repetition runs in a fresh Python process so its peak resident memory (ru_maxrss) is its own;
the figures are medians. "Load peak" is the peak minus the process's memory just before the load
(Python, NumPy and the package already imported); the loaded arrays themselves are 184 MB.

Run:  python bench/bench_data_load.py [ARCHIVE] [--repeats 3]
Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_CIFAR10 = REPO_ROOT.parent / "shared" / "data" / "cifar-10-python.tar.gz"

# Runs in the child process: import, note memory, load, note time and peak memory.
_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from alexnet.data import read_cifar10
scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
start = time.perf_counter()
data = read_cifar10({path!r})
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
size = sum(a.nbytes for a in (data.x_train, data.y_train, data.x_test, data.y_test))
print(json.dumps({{"seconds": seconds, "before": before, "peak": peak, "size": size,
                   "train": len(data.x_train), "test": len(data.x_test)}}))
"""


def _measure(path: Path) -> dict[str, float]:
    code = _CHILD.format(root=str(REPO_ROOT), path=str(path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("archive", nargs="?", type=Path, default=SHARED_CIFAR10)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if not args.archive.exists():
        sys.exit(f"no archive at {args.archive}; give the path of cifar-10-python.tar.gz")

    mb = 1e6
    print(f"archive: {args.archive} ({args.archive.stat().st_size / mb:.1f} MB)")
    print(f"python {sys.version.split()[0]}, {args.repeats} runs per case, medians\n")
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(args.archive) as tar:
            tar.extractall(tmp, filter="data")
        folder = next(Path(tmp).rglob("test_batch")).parent
        cases = {".tar.gz archive": args.archive, "extracted folder": folder}
        header = f"{'source':<18}{'time s':>8}{'peak MB':>9}{'load peak MB':>14}{'arrays MB':>11}"
        print(header)
        print("-" * len(header))
        for name, path in cases.items():
            runs = [_measure(path) for _ in range(args.repeats)]
            seconds = statistics.median(r["seconds"] for r in runs)
            peak = statistics.median(r["peak"] for r in runs)
            load_peak = statistics.median(r["peak"] - r["before"] for r in runs)
            size = runs[0]["size"]
            print(
                f"{name:<18}{seconds:>8.2f}{peak / mb:>9.0f}{load_peak / mb:>14.0f}"
                f"{size / mb:>11.0f}"
            )
        print(f"\nimages: {runs[0]['train']:,} training, {runs[0]['test']:,} test")


if __name__ == "__main__":
    main()
