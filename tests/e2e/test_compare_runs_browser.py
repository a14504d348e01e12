"""Home, Compare and Runs in a real browser against `streamlit run app.py`.

What AppTest cannot show: the live chart redrawn by the fragment while two real worker
processes train, the Stop button reaching them, a zip download, and the delete confirmation.
Screenshots go to $ALEXNET_SCREENSHOTS (else a temp folder).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from alexnet.runs import ACTIVE_STATES, RunStore

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
TIMEOUT_MS = 90_000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("localhost", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def runs_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("runs")
    yield root
    store = RunStore(root)  # leave no worker behind, whatever the tests did
    for info in store.list():
        if info.state in ACTIVE_STATES:
            store.request_stop(info.run_id)
    deadline = time.monotonic() + 60
    while any(i.state in ACTIVE_STATES for i in store.list()) and time.monotonic() < deadline:
        time.sleep(0.5)


@pytest.fixture(scope="module")
def server(runs_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "ALEXNET_RUNS_DIR": str(runs_dir)}
    env["KERAS_HOME"] = str(tmp_path_factory.mktemp("keras"))  # the shipped sample: quick
    env.pop("CIFAR10_PATH", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true"],
        cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("streamlit run app.py did not start within 60 s")
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.skip("no Chromium on this machine")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 2400}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ALEXNET_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _settle(page) -> None:
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT_MS
    )


def _no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


def _live_traces(page) -> int:
    return page.locator(".js-plotly-plot .scatterlayer .trace").count()


def test_home_shows_the_architecture_data_and_start_path(server, page, screenshots) -> None:
    page.goto(server)
    page.get_by_text("Start here").wait_for()
    _settle(page)
    _no_exception(page)
    assert page.locator(".js-plotly-plot").count() == 1
    assert "sample shipped with the app" in page.inner_text("body")
    page.get_by_role("link", name="3. Compare").click()
    page.get_by_text("Experiment: batch normalization vs none").wait_for()
    assert page.url.endswith("/compare")
    page.goto(server)
    page.get_by_text("Start here").wait_for()
    _settle(page)
    page.screenshot(path=str(screenshots / "home.png"))


def test_the_bn_pair_draws_live_curves_and_stops(server, page, runs_dir, screenshots) -> None:
    page.goto(f"{server}/compare")
    start = page.get_by_role("button", name="Start: batch normalization vs none")
    start.wait_for()
    _settle(page)
    for label, value in (("Training images", "500"), ("Epochs", "30")):
        box = page.get_by_role("spinbutton", name=label)
        box.fill(value)
        box.press("Enter")
        _settle(page)
    start.click()
    page.get_by_role("button", name="Stop the experiment").wait_for()
    store = RunStore(runs_dir)
    deadline = time.monotonic() + 240

    def steps_logged() -> int:
        return min((len(store.read_metrics(i.run_id, "step")) for i in store.list()), default=0)

    while steps_logged() < 3 or _live_traces(page) < 4:  # both networks' curves, drawn
        assert time.monotonic() < deadline, "no live curves of both networks within 240 s"
        page.wait_for_timeout(1000)
    page.wait_for_timeout(2500)  # one more poll of the fragment draws the latest points
    _no_exception(page)
    page.screenshot(path=str(screenshots / "compare_live.png"))
    page.get_by_role("button", name="Stop the experiment").click()
    page.get_by_role("button", name="Stop the experiment").wait_for(
        state="detached", timeout=120_000
    )
    _settle(page)
    states = {i.state for i in RunStore(runs_dir).list()}
    assert states <= {"stopped", "finished"}, states
    assert "stopped" in page.inner_text("body") or "finished" in page.inner_text("body")
    page.screenshot(path=str(screenshots / "compare.png"))


def test_runs_downloads_a_zip_and_deletes_after_confirming(
    server, page, runs_dir, screenshots, tmp_path
) -> None:
    store = RunStore(runs_dir)
    before = [i.run_id for i in store.list()]
    assert before, "the Compare test leaves two runs"
    page.goto(f"{server}/runs")
    page.get_by_role("button", name="Download zip").wait_for()
    page.locator('[data-testid="stDataFrame"] canvas').first.wait_for()
    _settle(page)
    page.wait_for_timeout(1500)  # the grid paints after its data arrives
    _no_exception(page)
    page.screenshot(path=str(screenshots / "runs.png"))
    with page.expect_download() as download:
        page.get_by_role("button", name="Download zip").click()
    target = tmp_path / "run.zip"
    download.value.save_as(target)
    names = zipfile.ZipFile(target).namelist()
    assert f"{before[0]}/config.json" in names and f"{before[0]}/metrics_epochs.csv" in names
    page.get_by_role("button", name="Delete").click()
    page.get_by_role("button", name="Yes, delete").click()
    page.get_by_text("deleted").wait_for()
    _settle(page)
    assert [i.run_id for i in store.list()] == before[1:]


def test_open_in_predict_shows_the_run_chosen_on_predict(server, page, runs_dir) -> None:
    info = RunStore(runs_dir).list()[0]  # a stopped run keeps its last checkpoint
    page.goto(f"{server}/runs?run={info.run_id}")
    page.get_by_role("button", name="Open in Predict").click()
    page.get_by_role("heading", name="Predict").wait_for()
    assert page.url.split("?")[0].endswith("/predict")
    chooser = page.locator('[data-testid="stSelectbox"]').first
    chooser.wait_for()
    _settle(page)
    assert info.name in chooser.get_by_role("combobox").input_value()
    _settle(page)
    _no_exception(page)
