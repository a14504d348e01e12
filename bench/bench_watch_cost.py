"""What watching a run costs the run: training speed with a browser tab on the page and without.

    python bench/bench_watch_cost.py [--rounds 2] [--pages train,compare] [--epochs 1]

One `streamlit run app.py` server; the same training alternates unwatched and watched by a
headless-Chromium tab (A B C A B C):

- compare: the Compare page's default batch-normalization experiment on the shipped sample.
  Unwatched, it starts from the command line (`experiment bn`) with no tab open. Watched,
  as a user runs it: a tab already open on Compare clicks "Start" and draws the pair live
  until it ends. Opened, it starts from the command line and a new tab opens Compare 3 s
  into the run: the cost of loading a page in the middle of a 30-second pair.
- train: 1 epoch of the recommended recipe on all of CIFAR-10 (the shipped sample when the
  archive is not beside the checkout), from the command line; opened, a new tab opens the
  Train page 3 s into the run and watches it.

For each run it prints the training speed (images/s: the median epoch of a run, the mean of
the pair for compare) and the CPU seconds per minute of training that the server and the
browser used, then the medians and each arm's ratio to unwatched. Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO_ROOT, SHARED_CIFAR10, machine

from tests.e2e.app_server import (
    CHROMIUM_ARGS,
    browser_executable,
    cpu_seconds,
    pids_with,
    server_pid,
    streamlit_app,
)

START = "Start: batch normalization vs none"  # the Compare page's button


def training(page: str, runs: Path, epochs: int) -> list[str]:
    """The command line that trains what `page` shows."""
    base = [sys.executable, "-m", "alexnet", "--runs-dir", str(runs)]
    if page == "compare":
        return [*base, "experiment", "bn", "--sample"]
    data = ["--data-path", str(SHARED_CIFAR10)] if SHARED_CIFAR10.exists() else ["--sample"]
    return [*base, "train", "--preset", "cifar10_alexnet", "--recipe", "recommended",
            "--epochs", str(epochs), *data]  # fmt: skip


# Compare's pair is started from its page when watched, as a user does; the Train page's run
# from the command line (its page's form has many settings), opened in a tab 3 s in.
ARMS = {"compare": ("unwatched", "watched", "opened"), "train": ("unwatched", "opened")}


def speed(runs: Path, before: set[str]) -> float:
    """Images/s of the runs made since `before`: each run's median epoch, their mean."""
    speeds = []
    for folder in runs.iterdir():
        if folder.name in before or not (folder / "metrics.jsonl").is_file():
            continue
        lines = (folder / "metrics.jsonl").read_text().splitlines()
        epochs = [json.loads(x) for x in lines if '"kind": "epoch"' in x]
        speeds.append(statistics.median(e["images_per_second"] for e in epochs))
    return statistics.mean(speeds)


def browser_cpu(profile: str) -> dict[int, float]:
    """CPU seconds so far of each process of the browser that uses `profile`."""
    return {pid: cpu_seconds([pid]) for pid in pids_with(profile)}


def used_since(before: dict[int, float], profile: str) -> float:
    """CPU seconds the browser used since `before` (a closed tab's process counts until then)."""
    return sum(now - before.get(pid, 0.0) for pid, now in browser_cpu(profile).items())


def _settled_tab(browser, url: str, page_name: str):
    """A tab on `page_name`, loaded and idle: its Start button drawn."""
    tab = browser.new_page()
    tab.set_viewport_size({"width": 1400, "height": 1000})
    tab.goto(f"{url}/{page_name}")
    tab.get_by_role("button", name=START).wait_for(timeout=120_000)
    tab.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )
    return tab


def _wait_for_new_runs(runs: Path, before: set[str], count: int) -> None:
    """Until `count` runs made since `before` exist and none is queued or training."""
    from alexnet.store.run_store import ACTIVE_STATES

    deadline = time.monotonic() + 1800
    while time.monotonic() < deadline:
        states = [
            json.loads((folder / "status.json").read_text()).get("state")
            for folder in runs.iterdir()
            if folder.name not in before and (folder / "status.json").is_file()
        ] if runs.is_dir() else []  # fmt: skip
        if len(states) >= count and not any(s in ACTIVE_STATES for s in states):
            return
        time.sleep(0.2)
    sys.exit("the page's experiment did not finish within 30 minutes")


def one_run(page_name: str, arm: str, url: str, server: int, runs: Path, args, browser):
    """One training in arm "unwatched", "watched" (compare: started by the page's button
    in a tab open before) or "opened" (a tab opens 3 s into a command-line run)."""
    before = {p.name for p in runs.iterdir()} if runs.is_dir() else set()
    tab = _settled_tab(browser, url, page_name) if arm == "watched" else None
    browser_start = browser_cpu(args.profile)
    server_start = cpu_seconds([server])
    start = time.monotonic()
    if arm == "watched":
        tab.get_by_role("button", name=START).click()
        _wait_for_new_runs(runs, before, count=2)
    else:
        env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
        process = subprocess.Popen(
            training(page_name, runs, args.epochs), cwd=REPO_ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        if arm == "opened":
            time.sleep(3)  # the run exists: the page opens on it and polls
            tab = browser.new_page()
            tab.set_viewport_size({"width": 1400, "height": 1000})
            tab.goto(f"{url}/{page_name}")
        process.wait()
    minutes = (time.monotonic() - start) / 60
    server_cpu = (cpu_seconds([server]) - server_start) / minutes
    chromium = used_since(browser_start, args.profile) / minutes
    if tab is not None:
        tab.close()
    return speed(runs, before), server_cpu, chromium


def empty_store(runs: Path) -> None:
    """Each run alone in the store: Compare draws every run trained like the latest
    experiment, so runs left from earlier arms would make each watched arm draw more than
    the last."""
    if runs.is_dir():
        for child in runs.iterdir():
            if child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--pages", default="train,compare")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument(
        "--server-option",
        action="append",
        default=[],
        help="a setting for `streamlit run`, e.g. --server-option=--server.fileWatcherType=auto",
    )
    args = parser.parse_args()
    print(machine())
    print("streamlit run options:", " ".join(args.server_option) or "(none)")
    executable = browser_executable()
    if executable is None:
        sys.exit("no Chromium: install Debian's chromium or run playwright install chromium")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        runs = Path(scratch) / "runs"
        args.profile = str(Path(scratch) / "chromium-profile")
        env = {"ALEXNET_RUNS_DIR": str(runs), "CIFAR10_PATH": None}
        with (
            streamlit_app(env, options=args.server_option) as url,
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch_persistent_context(
                args.profile, executable_path=executable, args=CHROMIUM_ARGS
            )
            pid = server_pid(url)
            for page_name in args.pages.split(","):  # the server has loaded what pages need
                first = browser.new_page()
                first.goto(f"{url}/{page_name}")
                first.wait_for_timeout(10_000)
                first.close()
            for page_name in args.pages.split(","):
                arms = ARMS[page_name]
                results: dict[str, list[tuple[float, float, float]]] = {a: [] for a in arms}
                print(f"\n{page_name} page")
                for round_ in range(args.rounds):
                    for arm in arms:
                        empty_store(runs)
                        result = one_run(page_name, arm, url, pid, runs, args, browser)
                        results[arm].append(result)
                        print(
                            f"round {round_ + 1}, {arm:9}: {result[0]:7,.0f} images/s; CPU s "
                            f"per minute of training: server {result[1]:5.1f}, browser "
                            f"{result[2]:5.1f}",
                            flush=True,
                        )
                medians = {a: [statistics.median(r[i] for r in results[a]) for i in range(3)]
                           for a in arms}  # fmt: skip
                base = medians["unwatched"][0]
                for arm in arms[1:]:
                    print(
                        f"median, {arm}: {medians[arm][0]:,.0f} images/s against {base:,.0f} "
                        f"unwatched (ratio {medians[arm][0] / base:.3f}); per minute of "
                        f"training: server {medians[arm][1]:.1f} CPU s "
                        f"({100 * medians[arm][1] / 60:.1f}% of a core), browser "
                        f"{medians[arm][2]:.1f} CPU s ({100 * medians[arm][2] / 60:.1f}%)"
                    )
            browser.close()


if __name__ == "__main__":
    main()
