"""What a tab costs the server: nothing on an idle page, a few percent watching a live run.

The run "trains" as in tests/app/test_live_panels.py: its status says running with this test
process as its worker, and the test appends a metrics line a second, as a worker logging
every 10 batches of a fast laptop would. The server's CPU time comes from /proc. The limits
leave room for a slow or busy machine, and still fail a page that rebuilds its figures on
every look or a server whose file watcher spins; `bench/bench_watch_cost.py` measures the
cost against real training (docs/benchmarks.md).
"""

from __future__ import annotations

import json
import os
import time

import pytest

from alexnet.config.run_config import run_config
from alexnet.store.processes import process_start_time
from alexnet.store.run_store import RunStore
from tests.app.trained_run import TINY_CONFIG
from tests.e2e.app_server import cpu_seconds, no_exception, server_pid, settle
from tests.specs import TINY

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
TIMEOUT_MS = 90_000
POINTS_JS = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  const trace = plot && plot._fullData && plot._fullData[0];
  return trace && trace._length ? trace._length : 0;
}"""  # points of the first chart (the per-step loss) as Plotly drew them


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def _step(step: int) -> str:
    record = {
        "kind": "step", "step": step, "epoch": 1, "batch": step, "loss": 2.3 - step / 100,
        "accuracy": step / 100, "elapsed_seconds": step / 10, "images_per_second": 700.0,
    }  # fmt: skip
    return json.dumps(record) + "\n"


def test_a_tab_on_an_idle_page_costs_the_server_almost_nothing(server, page) -> None:
    pid = server_pid(server)
    page.goto(f"{server}/train")
    page.get_by_role("button", name="Start training").wait_for()
    settle(page, TIMEOUT_MS)
    page.wait_for_timeout(1000)
    before = cpu_seconds([pid])
    page.wait_for_timeout(6000)
    used = cpu_seconds([pid]) - before
    assert used < 0.6, f"the server used {used:.2f} CPU s in 6 s with an idle tab open"


def test_watching_a_live_run_costs_the_server_a_few_percent_of_a_core(
    server, server_runs_dir, page
) -> None:
    store = RunStore(server_runs_dir)
    run_id = store.create(run_config(TINY, TINY_CONFIG.replace(epochs=2)), name="watched")
    me = os.getpid()
    store.write_status(
        run_id, state="running", pid=me, pid_start=process_start_time(me),
        epoch=0, epochs=2, steps_per_epoch=1000,
    )  # fmt: skip
    metrics = store.path(run_id, "metrics.jsonl")
    step = 0
    with open(metrics, "a", encoding="utf-8") as f:
        for step in range(1, 201):
            f.write(_step(step))
    try:
        page.goto(f"{server}/train")
        page.get_by_text("watched — training").wait_for()
        page.wait_for_function(f"() => ({POINTS_JS})() > 0")
        page.wait_for_timeout(2000)
        pid = server_pid(server)
        first, before, start = page.evaluate(POINTS_JS), cpu_seconds([pid]), time.monotonic()
        while time.monotonic() - start < 20:  # a new line every second, as a worker would
            step += 1
            with open(metrics, "a", encoding="utf-8") as f:
                f.write(_step(step))
            page.wait_for_timeout(1000)
        share = (cpu_seconds([pid]) - before) / (time.monotonic() - start)
        assert page.evaluate(POINTS_JS) > first, "the chart did not grow"
        assert "Epoch 1/2" in page.locator('[data-testid="stProgress"]').inner_text()
        no_exception(page)
        assert share < 0.15, f"the server used {share:.0%} of a core while one tab watched"
    finally:
        store.write_status(run_id, state="stopped")  # no live run left for the next test
