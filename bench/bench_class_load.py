"""Can one laptop serve a class? Students' sessions on the Compare page while a pair trains.

    python bench/bench_class_load.py [--sessions 0,10,30] [--rounds 2] [--epochs 3] [--quick]

One `streamlit run app.py` server. Each arm starts the Compare page's default experiment
(`experiment bn --sample`, the pair in parallel) from the command line and, once the pair
trains, opens N students' sessions on the Compare page over a few seconds. Each session
speaks Streamlit's own websocket protocol (`class_sessions.py`): the server runs the page
and its fragments' timers for it as for a browser tab, but no browser draws on this machine
(each student has a laptop of their own). One real Chromium tab, the teacher's projector,
then opens Compare too and times what a user sees: the page until the experiment's live
chart is drawn, a click on "What plain Keras reports" (a fragment run) until its caption
shows, and a click on the x axis "seconds of training" (a whole-page run) until the chart
below redraws. The tab stays open until the pair ends, as a projector would.

Arms alternate (0, 10, 30, 0, 10, 30 ...). Per arm it prints the page response, the
server's CPU (from /proc, over the pair's training) as a share of one core, its peak
resident memory and that less its memory before the sessions opened, per session, the
pair's images/s (each run's median epoch, the pair's mean) and its wall time, the sessions'
answers (from a fragment request to the end of its run), the bytes sent to each session,
and the errors: exceptions and error boxes in the sessions' messages, connections the
server closed, and tracebacks in the server's log. Also the load average and the float32
matmul ceiling before each arm, since the machine may be shared. Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench_watch_cost import speed
from class_sessions import Tally, watch
from common import REPO_ROOT, machine, matmul_gflops

from alexnet.jobs.bn_experiment import is_active, latest_experiment
from alexnet.store.run_store import RunStore
from tests.e2e.app_server import (
    CHROMIUM_ARGS,
    browser_executable,
    cpu_seconds,
    server_pid,
    streamlit_app,
)

OPEN_SPREAD = 5.0  # seconds over which the students open the page
TIMEOUT_MS = 180_000


@dataclass
class Arm:
    sessions: int
    load: float  # 1-minute load average before the arm
    gflops: float  # matmul ceiling before the arm
    page_open: float  # s, the tab: navigation to the live chart drawn
    toggle: float  # s, the tab: a fragment's widget to its answer drawn
    whole_page: float  # s, the tab: a whole-page widget to its answer drawn
    server_cpu: float  # share of one core over the pair's training
    rss: float  # MiB, the server's peak
    per_session: float  # MiB, (peak - before the sessions) / sessions
    images_per_second: float
    pair_seconds: float
    tallies: list[Tally]
    log_errors: list[str]
    generator_cpu: float  # share of one core this process used (the sessions' clients)


def rss_mib(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # the server has ended
        return float("nan")
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Sessions:
    """`count` protocol sessions on Compare, in a thread with its own event loop."""

    def __init__(self, url: str, count: int) -> None:
        self._loop = asyncio.new_event_loop()
        self._stop = asyncio.Event()
        self.tallies: list[Tally] = []
        self._thread = threading.Thread(target=self._run, args=(url, count), daemon=True)
        self._thread.start()

    def _run(self, url: str, count: int) -> None:
        asyncio.set_event_loop(self._loop)
        self._stop = asyncio.Event()
        self.tallies = self._loop.run_until_complete(
            watch(url, "compare", count, self._stop, OPEN_SPREAD)
        )

    def close(self) -> list[Tally]:
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=60)
        return self.tallies


def peak_rss(pid: int, stop: threading.Event, peak: list[float]) -> None:
    while not stop.wait(0.5):
        peak[0] = max(peak[0], rss_mib(pid))


def wait_until_training(store: RunStore, before: set[str], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        infos = [i for i in latest_experiment(store) if i.run_id not in before]
        if infos and is_active(infos) and any(i.state == "running" for i in infos):
            return
        time.sleep(0.5)
    raise RuntimeError("the experiment did not start training")


def seconds_until(tab, action, waited_for) -> float:
    start = time.perf_counter()
    if action is not None:
        action()
    waited_for.wait_for(timeout=TIMEOUT_MS)
    return time.perf_counter() - start


def page_response(browser, url: str):
    """(the tab, page open s, fragment widget s, whole-page widget s) as a user sees them."""
    tab = browser.new_page(viewport={"width": 1400, "height": 1000})
    start = time.perf_counter()
    tab.goto(f"{url}/compare", wait_until="commit")
    _drawn(tab, ".st-key-compare-bn-live-loss .js-plotly-plot .xtitle")
    opened = time.perf_counter() - start
    # The whole page is there, and the chart's fragment has finished its run.
    tab.get_by_text("Final figures", exact=True).wait_for(timeout=TIMEOUT_MS)
    toggle = seconds_until(
        tab,
        lambda: tab.get_by_text("What plain Keras reports", exact=True).click(),
        tab.get_by_text("Dotted: validation with the moving averages."),
    )
    start = time.perf_counter()
    tab.get_by_role("radio", name="seconds of training").click()
    _drawn(tab, ".st-key-compare-overlay-loss .xtitle", "seconds of training")
    whole = time.perf_counter() - start
    return tab, opened, toggle, whole


def _drawn(tab, selector: str, text: str = "") -> None:
    """Until an element drawn with a size matches (a redraw keeps a hidden copy a moment)."""
    tab.wait_for_function(
        """([selector, text]) => [...document.querySelectorAll(selector)].some(
            e => e.getBoundingClientRect().height > 0 && e.textContent.includes(text))""",
        arg=[selector, text],
        timeout=TIMEOUT_MS,
    )


def log_errors(log: Path, offset: int) -> list[str]:
    with open(log, "rb") as file:
        file.seek(offset)
        text = file.read().decode(errors="replace")
    return [line for line in text.splitlines() if "Traceback" in line or "ERROR" in line]


def one_arm(count: int, url: str, pid: int, runs: Path, browser, args, log: Path) -> Arm:
    load, gflops = os.getloadavg()[0], matmul_gflops(args.matmul_size)
    store = RunStore(runs)
    before = {p.name for p in runs.iterdir()} if runs.is_dir() else set()
    offset = log.stat().st_size
    command = [sys.executable, "-m", "alexnet", "--runs-dir", str(runs), "experiment", "bn",
               "--sample", "--epochs", str(args.epochs)]  # fmt: skip
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    start = time.monotonic()
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_until_training(store, before)
    server_start, rss_start = cpu_seconds([pid]), rss_mib(pid)
    watch_start, generator_start = time.monotonic(), resource.getrusage(resource.RUSAGE_SELF)
    peak, stop = [rss_start], threading.Event()
    sampler = threading.Thread(target=peak_rss, args=(pid, stop, peak), daemon=True)
    sampler.start()
    sessions = Sessions(url, count)
    time.sleep(OPEN_SPREAD + 1)
    tab, opened, toggle, whole = page_response(browser, url)
    process.wait()
    seconds = time.monotonic() - watch_start
    server = (cpu_seconds([pid]) - server_start) / seconds
    used = resource.getrusage(resource.RUSAGE_SELF)
    generator = (used.ru_utime + used.ru_stime - generator_start.ru_utime
                 - generator_start.ru_stime) / seconds  # fmt: skip
    stop.set()
    sampler.join()
    tallies = sessions.close()
    tab.close()
    return Arm(
        count, load, gflops, opened, toggle, whole, server, peak[0],
        (peak[0] - rss_start) / count if count else 0.0, speed(runs, before),
        time.monotonic() - start, tallies, log_errors(log, offset), generator,
    )  # fmt: skip


def errors(arm: Arm) -> list[str]:
    found = [e for t in arm.tallies for e in t.errors]
    found += [f"closed: {t.closed}" for t in arm.tallies if t.closed]
    found += [f"never opened the page ({t.page_runs} runs)" for t in arm.tallies if not t.page_runs]
    return found + [f"server log: {line}" for line in arm.log_errors]


def describe(arm: Arm, baseline: float | None) -> str:
    answers = sorted(a for t in arm.tallies for a in t.answers[1:])  # after the page's first run
    first = [t.first_page for t in arm.tallies if t.first_page is not None]
    sent = statistics.mean(t.received_bytes for t in arm.tallies) / 1e6 if arm.tallies else 0
    ratio = f" ({arm.images_per_second / baseline:.2f} of 0 sessions)" if baseline else ""
    lines = [
        f"{arm.sessions:>2} sessions (load {arm.load:.2f}, matmul {arm.gflops:.0f} GFLOP/s): "
        f"tab: open {arm.page_open:.1f} s, toggle {arm.toggle:.1f} s, x axis "
        f"{arm.whole_page:.1f} s; server {100 * arm.server_cpu:.0f}% of a core, "
        f"peak {arm.rss:.0f} MiB, {arm.per_session:.1f} MiB per session; pair "
        f"{arm.images_per_second:.0f} img/s{ratio}, {arm.pair_seconds:.0f} s; "
        f"clients {100 * arm.generator_cpu:.0f}% of a core"
    ]
    if answers and first:
        p95 = answers[int(0.95 * (len(answers) - 1))]
        lines.append(
            f"   sessions: page opened in {statistics.median(first):.1f} s (slowest "
            f"{max(first):.1f} s), fragment answers median {statistics.median(answers):.2f} s, "
            f"p95 {p95:.2f} s ({len(answers)} runs); {sent:.1f} MB sent to each"
        )
    found = errors(arm)
    lines.append(f"   errors: {len(found)}" + "".join(f"\n     {e}" for e in found[:8]))
    return "\n".join(lines)


def warm_up(url: str, browser) -> None:
    """One visit so the server has imported what Compare needs before anything is timed."""
    tab = browser.new_page()
    tab.goto(f"{url}/compare")
    tab.get_by_role("heading", level=1).first.wait_for(timeout=TIMEOUT_MS)
    tab.wait_for_timeout(5_000)
    tab.close()


def summary(results: dict[int, list[Arm]]) -> None:
    print("\nmedians")
    baseline = results.get(0)
    base = statistics.median(a.images_per_second for a in baseline) if baseline else None
    for count, arms in results.items():
        med = {f: statistics.median(getattr(a, f) for a in arms)
               for f in ("page_open", "toggle", "whole_page", "server_cpu", "rss",
                         "per_session", "images_per_second")}  # fmt: skip
        ratio = f" ({med['images_per_second'] / base:.2f})" if base else ""
        total = sum(len(errors(a)) for a in arms)
        print(
            f"| {count} | {med['page_open']:.1f} s / {med['toggle']:.1f} s / "
            f"{med['whole_page']:.1f} s | {100 * med['server_cpu']:.0f}% | {med['rss']:.0f} MiB, "
            f"{med['per_session']:.1f} MiB each | {med['images_per_second']:.0f} img/s{ratio} "
            f"| {total} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", default="0,10,30")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--matmul-size", type=int, default=4096)
    parser.add_argument("--quick", action="store_true", help="2 sessions, 1 round, 1 epoch")
    parser.add_argument("--server-option", action="append", default=[])
    args = parser.parse_args()
    if args.quick:
        args.sessions, args.rounds, args.epochs, args.matmul_size = "2", 1, 1, 512
    counts = [int(n) for n in args.sessions.split(",")]
    print(machine())
    print("streamlit run options:", " ".join(args.server_option) or "(none)", flush=True)
    executable = browser_executable()
    if executable is None:
        sys.exit("no Chromium: install Debian's chromium or run playwright install chromium")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        runs, log = Path(scratch) / "runs", Path(scratch) / "server.log"
        env = {"ALEXNET_RUNS_DIR": str(runs), "CIFAR10_PATH": None}
        with (
            streamlit_app(env, options=args.server_option, log=log) as url,
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            pid = server_pid(url)
            warm_up(url, browser)
            results: dict[int, list[Arm]] = {n: [] for n in counts}
            for round_ in range(args.rounds):
                for count in counts:
                    arm = one_arm(count, url, pid, runs, browser, args, log)
                    results[count].append(arm)
                    base = results[0][0].images_per_second if results.get(0) else None
                    print(f"round {round_ + 1}, {describe(arm, base)}", flush=True)
            with contextlib.suppress(Exception):
                browser.close()
        summary(results)


if __name__ == "__main__":
    main()
