"""The batch-normalization lesson on a classroom projector: 1280x720, large font, 5 seeds.

A real browser against `streamlit run app.py`: the chart text grows with the page's, the
axis titles keep clear of the legends, and the charts are in view right below the list of
runs while the first of five pairs trains. Saves compare_projector.png.
"""

from __future__ import annotations

import re

import pytest

from alexnet.store.run_store import RunStore
from tests.e2e.app_server import no_exception, settle

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
TIMEOUT_MS = 120_000
WIDTH, HEIGHT = 1280, 720


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def _tick_font_px(page) -> float:
    style = page.locator(".js-plotly-plot .xtick text").first.get_attribute("style") or ""
    match = re.search(r"font-size:\s*([\d.]+)px", style)
    assert match, style
    return float(match.group(1))


# The legend's and the x axis title's boxes of each drawn chart (Streamlit keeps hidden,
# empty copies of some charts: those have no size).
LEGEND_AND_AXIS_TITLES = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .filter(plot => plot.getBoundingClientRect().height > 0 && plot.querySelector('.legend'))
    .map(plot => ['.legend', '.g-xtitle'].map(selector => {
        const box = plot.querySelector(selector).getBoundingClientRect();
        return {x: box.x, y: box.y, width: box.width, height: box.height};
    }))"""


def _overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def _fill(page, label: str, value: str) -> None:
    box = page.get_by_role("spinbutton", name=label)
    box.fill(value)
    box.press("Enter")
    settle(page, TIMEOUT_MS)


def test_the_lesson_reads_from_the_back_of_a_classroom(server, page, server_runs_dir, screenshots):
    page.goto(f"{server}/compare")
    start = page.get_by_role("button", name="Start: batch normalization vs none")
    start.wait_for()
    settle(page, TIMEOUT_MS)
    for label, value in (("Training images", "500"), ("Epochs", "20"), ("Seeds per network", "5")):
        _fill(page, label, value)
    start.click()
    stop = page.get_by_role("button", name="Stop the experiment")
    stop.wait_for()
    store = RunStore(server_runs_dir)
    page.wait_for_function(  # both networks' step curves, drawn by the live fragment
        "() => document.querySelectorAll('.js-plotly-plot .scatterlayer .trace').length >= 4",
        timeout=240_000,
    )
    assert len(store.list()) == 10
    normal = _tick_font_px(page)

    page.get_by_text("Large font for projectors").click()
    settle(page, TIMEOUT_MS)
    page.wait_for_function(  # the page's rerun, then the fragment's polls, redraw the charts
        """normal => [...document.querySelectorAll('.js-plotly-plot .xtick text')].every(
            text => parseFloat(text.style.fontSize) > normal)""",
        arg=normal,
        timeout=30_000,
    )
    large = _tick_font_px(page)
    assert large >= 20 and large / normal == pytest.approx(22 / 16, abs=0.1), (normal, large)

    # The list of ten runs folds into one line: scrolled to it, the charts are in view.
    heading = page.get_by_text("Latest experiment", exact=True)
    heading.evaluate("element => element.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshots / "compare_projector.png"))
    chart = page.locator(".js-plotly-plot").first.bounding_box()
    assert chart["y"] >= 0 and chart["y"] + chart["height"] <= HEIGHT, chart
    # Of the experiment's loss and accuracy; a redraw replaces a chart, so one may be
    # missing for a moment while the live fragment draws.
    for _ in range(60):
        boxes = page.evaluate(LEGEND_AND_AXIS_TITLES)
        if len(boxes) >= 2:
            break
        page.wait_for_timeout(500)
    assert len(boxes) >= 2
    for legend, title in boxes[:2]:
        assert legend["height"] > 0 and title["height"] > 0, (legend, title)
        assert not _overlap(legend, title), (legend, title)
    no_exception(page)

    stop.click()
    stop.wait_for(state="detached", timeout=TIMEOUT_MS)
    settle(page, TIMEOUT_MS)
    assert {i.state for i in store.list()} <= {"stopped", "finished"}
