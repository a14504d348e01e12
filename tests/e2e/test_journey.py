"""One user's whole visit, in a real browser against `streamlit run app.py`.

Build a smaller network, train it on the shipped sample watching the live chart and the
progress bar, stop it, train a second short run to the end, compare the two, upload a photo
on Predict, and look inside the model on Inspect. Every move goes through the sidebar's
links, so the session (and the network built on Build) carries from page to page as it does
for a user. A full-page screenshot of each page lands in the screenshots folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from alexnet.config.presets import get_preset
from alexnet.network.layer_table import layer_table
from alexnet.store.run_store import RunStore
from tests.e2e.app_server import go_to, no_exception, settle
from tests.images import png_bytes
from tests.waiting import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
TIMEOUT_MS = 120_000  # a shared machine: the first page to load TensorFlow takes a while
# Points of the first chart on the page (the per-step loss), as Plotly drew them.
POINTS_JS = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  const trace = plot && plot._fullData && plot._fullData[0];
  return trace && trace._length ? trace._length : 0;
}"""
FULL_HEIGHT_JS = """() => Math.max(...[...document.querySelectorAll(
  '[data-testid="stMain"], [data-testid="stAppViewContainer"], section.main')]
  .map(e => e.scrollHeight), document.body.scrollHeight)"""
# Runs drawn with points on the first chart (each run's traces share its id as legend group).
RUNS_DRAWN_JS = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  const drawn = (plot && plot._fullData || []).filter(trace => trace._length > 0);
  return [...new Set(drawn.map(trace => trace.legendgroup))];
}"""


def _fill(where, label: str, value: str, page=None) -> None:
    box = where.get_by_label(label, exact=True).first  # "Epochs" is also in the sanity test
    box.fill(value)
    box.press("Enter")
    settle(page or where, TIMEOUT_MS, pause_ms=800)


def _progress(page) -> str:
    bars = page.locator('[data-testid="stProgress"]')
    return bars.first.inner_text() if bars.count() else ""


def _body(page) -> str:
    return page.inner_text("body")


def _shot(page, folder: Path, name: str) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its main block, not the
    window, so the window grows to the block's height for the picture."""
    page.wait_for_timeout(1000)  # charts and grids paint after their data arrives
    size = page.viewport_size
    height = page.evaluate(FULL_HEIGHT_JS)
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    page.wait_for_timeout(500)
    page.screenshot(path=str(folder / f"journey_{name}.png"), full_page=True)
    page.set_viewport_size(size)


def test_a_user_builds_trains_stops_compares_predicts_and_inspects(
    server, browser, server_runs_dir, screenshots, tmp_path
) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(server)
    page.get_by_text("Start here").wait_for()
    settle(page, TIMEOUT_MS)
    _shot(page, screenshots, "home")

    # Build: conv1 with 32 filters instead of 96; the totals and the layer table follow.
    go_to(page, "Build", TIMEOUT_MS)
    parameters = page.locator('[data-testid="stMetricValue"]').first
    assert parameters.inner_text() == "653,234"
    conv1 = page.locator('[data-testid="stExpander"]').filter(has_text="conv1: 96 filters")
    conv1.get_by_text("conv1: 96 filters").click()
    _fill(conv1, "filters", "32", page)
    page.get_by_text("conv1: 32 filters").wait_for()
    smaller = get_preset("cifar10_alexnet").replace_conv(0, filters=32)
    assert parameters.inner_text() == f"{layer_table(smaller).total_params:,}"
    no_exception(page)
    _shot(page, screenshots, "build")

    # Train: the built network on 500 sample images, a point on the chart every batch.
    go_to(page, "Train", TIMEOUT_MS)
    network = page.locator('[data-testid="stSelectbox"]').filter(has_text="Network").first
    assert "From the Build page" in network.get_by_role("combobox").input_value()
    _fill(page, "Training images (0 = all)", "500")
    _fill(page, "Epochs", "40")
    page.get_by_text("More settings").click()
    _fill(page, "Log every N batches", "1")
    page.get_by_role("button", name="Start training").click()
    wait_for(lambda: "images/s" in _progress(page), 120, "the progress bar of the live run")
    first = page.evaluate(POINTS_JS)
    wait_for(lambda: page.evaluate(POINTS_JS) > first, 120, "the live chart to grow")
    shown = _progress(page)
    wait_for(lambda: _progress(page) not in ("", shown), 120, "the progress bar to move")
    _shot(page, screenshots, "train_live")
    page.get_by_role("button", name="Stop").click()
    wait_for(lambda: "— stopped" in _body(page), 60, "the stop")
    assert [i.state for i in RunStore(server_runs_dir).list()] == ["stopped"]

    # A second, shorter run of the same network, trained to the end.
    _fill(page, "Epochs", "2")
    page.get_by_role("button", name="Start training").click()
    wait_for(lambda: "— finished" in _body(page), 150, "the second run to finish")
    states = sorted(i.state for i in RunStore(server_runs_dir).list())
    assert states == ["finished", "stopped"]
    no_exception(page)
    _shot(page, screenshots, "train_finished")

    # Compare: both runs on one chart.
    go_to(page, "Compare", TIMEOUT_MS)
    names = [i.run_id for i in RunStore(server_runs_dir).list()]
    for run_id in names:
        page.get_by_role("combobox", name="Runs").first.click()
        page.get_by_role("option").filter(has_text=run_id).click()
        settle(page, TIMEOUT_MS)
    page.keyboard.press("Escape")
    wait_for(lambda: sorted(page.evaluate(RUNS_DRAWN_JS)) == sorted(names), 60, "both runs' curves")
    no_exception(page)
    _shot(page, screenshots, "compare")

    # Predict: a photo of our own, top-5 classes from the finished run.
    photo = tmp_path / "photo.png"
    photo.write_bytes(png_bytes(640, 400))
    go_to(page, "Predict", TIMEOUT_MS)
    page.get_by_role("radio", name="Upload your own").click()
    settle(page, TIMEOUT_MS)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(photo))
    page.get_by_text("model input: 32 x 32 pixels").wait_for()
    bars = page.locator("svg.top-k rect.bar")
    bars.nth(4).wait_for()
    assert bars.count() == 5
    assert page.locator("svg.top-k .title").first.text_content().startswith("Top 5 predictions")
    no_exception(page)
    _shot(page, screenshots, "predict")

    # Runs and Inspect: the table of both runs; inside the trained network.
    go_to(page, "Runs", TIMEOUT_MS)
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    no_exception(page)
    _shot(page, screenshots, "runs")
    go_to(page, "Inspect", TIMEOUT_MS)
    page.get_by_text("First-layer filters").first.wait_for()
    settle(page, TIMEOUT_MS)
    no_exception(page)
    _shot(page, screenshots, "inspect")
    context.close()
