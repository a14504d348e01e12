"""Predict and Inspect in a real browser against `streamlit run app.py`, on a real trained run.

What AppTest cannot show: a file chosen in the browser's upload box, a click on a
confusion-matrix cell (Plotly's selection event), and the select boxes across a language
switch. Screenshots go to `$ALEXNET_SCREENSHOTS` (default: the test's temporary folder).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.trained_run import png_bytes, train_tiny_run

pytestmark = pytest.mark.e2e
REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 120_000  # the first run of a page imports TensorFlow and loads the model


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("localhost", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    runs = tmp_path_factory.mktemp("runs")
    train_tiny_run(runs)
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    env = {**os.environ, "ALEXNET_RUNS_DIR": str(runs), "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop("CIFAR10_PATH", None)  # the shipped sample: the same test set on every machine
    process = subprocess.Popen(
        [*command, "--server.headless", "true"],
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
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
    executable = next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p),
        None,
    )
    if executable is None:
        if os.environ.get("ALEXNET_REQUIRE_BROWSER"):
            pytest.fail("no Chromium found, and ALEXNET_REQUIRE_BROWSER is set")
        pytest.skip("no Chromium on this machine")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1800})
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
    """Wait until the script run triggered by the last action has finished."""
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=TIMEOUT_MS,
    )


def _no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


def test_predict_shows_top_five_for_an_uploaded_png(server, page, tmp_path, screenshots) -> None:
    photo = tmp_path / "photo.png"
    photo.write_bytes(png_bytes(640, 400))
    page.goto(f"{server}/predict")
    page.get_by_text("Test images: click one").wait_for()
    _settle(page)
    page.get_by_role("radio", name="Upload your own").click()
    _settle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(photo))
    page.get_by_text("model input: 32 x 32 pixels").wait_for()
    _settle(page)
    assert page.get_by_text("original: photo.png, 640 x 400 pixels").count() == 1
    bars = page.locator(".js-plotly-plot .bars .point")
    bars.nth(4).wait_for()  # Plotly draws after the script run has ended
    assert bars.count() == 5
    assert page.locator(".js-plotly-plot .gtitle").first.text_content() == "Top 5 predictions"
    _no_exception(page)
    page.screenshot(path=str(screenshots / "predict.png"))


def test_inspect_cell_click_lists_its_images_and_survives_a_language_switch(
    server, page, screenshots
) -> None:
    page.goto(f"{server}/inspect")
    page.get_by_text("First-layer filters").first.wait_for()
    _settle(page)
    page.screenshot(path=str(screenshots / "inspect.png"))
    page.get_by_role("tab", name="Evaluation").click()
    matrix = page.locator('[data-testid="stPlotlyChart"]').filter(has_text="Confusion matrix")
    box = matrix.locator(".nsewdrag").first.bounding_box()
    assert box is not None
    # The top-left cell (true airplane, predicted airplane) sits at 1/20 of each side.
    page.mouse.click(box["x"] + box["width"] / 20, box["y"] + box["height"] / 20)
    message = page.get_by_text("predicted as").first
    message.wait_for()
    _settle(page)
    assert message.inner_text().endswith("images of airplane predicted as airplane")
    _no_exception(page)
    page.screenshot(path=str(screenshots / "inspect_cell.png"))
    page.get_by_text("한국어").click()
    page.get_by_text("들여다보기").first.wait_for()
    _settle(page)
    page.screenshot(path=str(screenshots / "inspect_ko.png"))
    assert page.get_by_role("tab", name="평가").count() == 1
    model_box = page.locator('[data-testid="stSelectbox"]').first
    shown = (
        model_box.inner_text()
        + " "
        + " ".join(model_box.locator("input").evaluate_all("nodes => nodes.map(n => n.value)"))
    )
    assert "실행: tiny test run" in shown  # the chosen model, its label translated
    _no_exception(page)
