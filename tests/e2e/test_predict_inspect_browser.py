"""Predict and Inspect in a real browser against `streamlit run app.py`, on a real trained run.

What AppTest cannot show: a file chosen in the browser's upload box, a click on a
confusion-matrix cell (Plotly's selection event), and the select boxes across a language
switch. Screenshots go to `$ALEXNET_SCREENSHOTS` (default: test-artifacts/).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.app_server import no_exception, settle, streamlit_app
from tests.images import png_bytes

pytestmark = pytest.mark.e2e
TIMEOUT_MS = 120_000  # the first run of a page imports TensorFlow and loads the model


@pytest.fixture(scope="module")
def server(trained_runs: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    runs = tmp_path_factory.mktemp("runs") / "runs"
    shutil.copytree(trained_runs, runs)  # the session's trained run; the app may write here
    # No CIFAR10_PATH: the shipped sample, the same test set on every machine.
    with streamlit_app({"ALEXNET_RUNS_DIR": str(runs), "CIFAR10_PATH": None}) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1800})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def _settle(page) -> None:
    """Wait until the script run triggered by the last action has finished."""
    settle(page, TIMEOUT_MS)


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
    bars = page.locator("svg.top-k rect.bar")
    bars.nth(4).wait_for()
    assert bars.count() == 5
    assert page.locator("svg.top-k .title").first.text_content().startswith("Top 5 predictions")
    no_exception(page)
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
    no_exception(page)
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
    no_exception(page)
