"""The Streamlit server dies and comes back while a run trains: the run goes on, and the
restarted app shows it live again in a real browser.

The server is started the way a teacher starts it from a terminal: a shell that first queues
a run (as the Start button does, through `alexnet.jobs.run_queue.enqueue`) and then becomes
`streamlit run app.py`. Killing that terminal's whole process group (what closing the
terminal or a crash of the session does) must not take the worker with it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from alexnet.store.processes import is_process_alive
from alexnet.store.run_store import RunStore
from tests.e2e.app_server import CHROMIUM_ARGS
from tests.paths import REPO_ROOT
from tests.processes import free_port, healthy
from tests.waiting import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
# What the Start button queues, minus the widgets: a tiny network on the shipped sample,
# with enough epochs to train through the whole test.
ENQUEUE = """
from alexnet.jobs.run_queue import enqueue
from alexnet.store.run_store import RunStore
from alexnet.config.spec import ConvBlock, DenseBlock, ModelSpec
from alexnet.config.training import TrainConfig
spec = ModelSpec(name="tiny", conv_blocks=(ConvBlock(filters=16, kernel_size=3, pool=True),) * 2,
                 dense_blocks=(DenseBlock(units=16),))
config = TrainConfig(train_size=512, batch_size=32, epochs=500, log_every_steps=1)
print(enqueue(RunStore(), spec, config, data_source="sample", name="through a restart"))
"""


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on `port`, from /proc/net/tcp and tcp6."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hexport = local.split(":")
            if state == "0A" and int(hexport, 16) == port:  # 0A = LISTEN
                found.add(address)
    return found


LOOPBACK = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1 and ::1


class Terminal:
    """A shell in its own session, like a terminal window running the app."""

    def __init__(self, runs: Path, port: int, enqueue_first: bool) -> None:
        serve = f"exec {shlex.quote(sys.executable)} -m streamlit run app.py --server.port {port}"
        script = f"{shlex.quote(sys.executable)} -c {shlex.quote(ENQUEUE)} && {serve}"
        env = {**os.environ, "ALEXNET_RUNS_DIR": str(runs), "TF_CPP_MIN_LOG_LEVEL": "3"}
        env["PYTHONPATH"] = str(REPO_ROOT)
        self.port = port
        self.process = subprocess.Popen(
            ["/bin/sh", "-c", script if enqueue_first else serve],
            cwd=REPO_ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(
            lambda: healthy(f"http://localhost:{port}") or self.process.poll() is not None,
            120,
            "the server",
        )
        assert self.process.poll() is None, "streamlit run app.py exited"

    def kill(self) -> None:
        """SIGKILL to the terminal's whole process group: nothing in it gets to clean up."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)


@pytest.fixture
def runs(tmp_path: Path) -> Iterator[Path]:
    """A runs directory whose workers are all killed afterwards."""
    yield tmp_path
    for info in RunStore(tmp_path).list():
        pid, start = info.status.get("pid"), info.status.get("pid_start")
        if is_process_alive(pid, start):
            os.killpg(pid, signal.SIGKILL)


def _steps(store: RunStore, run_id: str) -> int:
    records = store.read_metrics(run_id, "step")
    return records[-1]["step"] if records else 0


def test_a_run_keeps_training_through_a_server_restart_and_the_new_server_shows_it_live(
    runs, browser_path
):
    from playwright.sync_api import sync_playwright

    store = RunStore(runs)
    first = Terminal(runs, free_port(), enqueue_first=True)
    try:
        [info] = store.list()
        run_id, pid, start = info.run_id, info.status["pid"], info.status["pid_start"]
        assert info.state == "running"
        # The shipped config binds the real server to the loopback interface only.
        assert _listening_addresses(first.port) and _listening_addresses(first.port) <= LOOPBACK
        wait_for(lambda: _steps(store, run_id) >= 3, 90, "the worker's first steps", every=0.3)
    finally:
        first.kill()

    # The terminal and its server are gone; the worker is not, and it keeps training.
    assert is_process_alive(pid, start), store.path(run_id, "worker.log").read_text()[-2000:]
    before = _steps(store, run_id)
    wait_for(lambda: _steps(store, run_id) > before + 2, 120, "steps after the server died", 0.3)
    assert store.read_status(run_id)["state"] == "running"

    second = Terminal(runs, free_port(), enqueue_first=False)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(90_000)
            page.goto(f"http://localhost:{second.port}/train")
            page.get_by_text("through a restart — training").wait_for()
            progress = page.get_by_text(re.compile(r"Epoch \d+/500 · step \d+/16"))
            progress.first.wait_for()
            seen = progress.first.inner_text()
            # Live: the panel refreshes itself and the step count moves on.
            page.wait_for_function(
                "seen => [...document.querySelectorAll('p, div')].some(e =>"
                " /Epoch \\d+\\/500 · step/.test(e.innerText) && !e.innerText.includes(seen)"
                " && e.children.length === 0)",
                arg=seen,
            )
            browser.close()
        assert store.read_status(run_id)["pid"] == pid  # the same worker, never a second one
    finally:
        second.kill()
        store.request_stop(run_id)
        wait_for(lambda: not is_process_alive(pid, start), 60, "the worker to stop", every=0.3)
    assert store.read_status(run_id)["state"] == "stopped"
    assert store.checkpoint(run_id).is_file()
