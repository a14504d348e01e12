"""Compare's views inside the networks in a real browser: they grow while the pair trains, and
fit a projector's 1280x720 with the large font and a phone's width, in English and Korean.

Screenshots go to $ALEXNET_SCREENSHOTS (else test-artifacts/).
"""

from __future__ import annotations

import time

import pytest

from alexnet.jobs.bn_experiment import latest_experiment, start_experiment
from alexnet.store.run_store import ACTIVE_STATES, RunStore
from tests.e2e.app_server import no_exception, settle
from tests.waiting import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
TIMEOUT_MS = 120_000

# Points of the first network's median on the chart of one layer's inputs (the plot whose
# y axis is titled after the activation input), as Plotly drew them; -1 before it is drawn.
LAYER_POINTS_JS = """() => {
  const plot = [...document.querySelectorAll('.js-plotly-plot')].find(p =>
      p.layout && p.layout.yaxis && p.layout.yaxis.title &&
      String(p.layout.yaxis.title.text).startsWith('activation input'));
  if (!plot) return -1;
  const median = plot._fullData.find(t => t.mode === 'lines+markers');
  return median ? median._length : 0;
}"""
# Elements of the page's main block that reach past the window's right edge (tables scroll
# inside themselves and are left out).
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('[data-testid="stMain"] *')].filter(e => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1 && !e.closest('[data-testid="stDataFrame"]');
  }).map(e => e.tagName + ' ' + (e.innerText || '').slice(0, 40));
}"""


def _fill(page, label: str, value: str) -> None:
    box = page.get_by_role("spinbutton", name=label)
    box.fill(value)
    box.press("Enter")
    settle(page, TIMEOUT_MS)


def _all_ended(store: RunStore) -> bool:
    return not any(i.state in ACTIVE_STATES for i in store.list())


def test_the_views_grow_while_the_pair_trains(browser, server, server_runs_dir, screenshots):
    page = browser.new_page(viewport={"width": 1400, "height": 2400})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{server}/compare")
    start = page.get_by_role("button", name="Start: batch normalization vs none")
    start.wait_for()
    settle(page, TIMEOUT_MS)
    _fill(page, "Training images", "500")
    # Long enough for the page's 10-s refreshes to see two records on a loaded machine; the
    # test stops the pair once the view has grown.
    _fill(page, "Epochs", "30")
    start.click()
    stop = page.get_by_role("button", name="Stop the experiment")
    stop.wait_for()
    store = RunStore(server_runs_dir)
    deadline = time.monotonic() + 300
    while page.evaluate(LAYER_POINTS_JS) < 1:  # both networks recorded their start
        assert time.monotonic() < deadline, "no view inside the networks within 300 s"
        page.wait_for_timeout(1000)
    first = page.evaluate(LAYER_POINTS_JS)
    while page.evaluate(LAYER_POINTS_JS) <= first:  # a record later, the chart has it
        assert time.monotonic() < deadline, f"the view stayed at {first} points"
        assert not _all_ended(store), "the pair ended before the view grew"
        page.wait_for_timeout(1000)
    no_exception(page)
    body = page.inner_text("body")
    assert "Watch the middle line" in body
    page.get_by_text("Inside the networks", exact=True).scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "compare_inside_live.png"))
    stop.click()
    stop.wait_for(state="detached", timeout=TIMEOUT_MS)
    assert _all_ended(store)
    page.close()


@pytest.fixture
def recorded_pair(server_runs_dir) -> None:
    """The experiment of the test above (stopped after a few records), or a short one."""
    store = RunStore(server_runs_dir)
    if not latest_experiment(store):
        start_experiment(store, train_size=500, epochs=1, data_source="sample")
        wait_for(lambda: _all_ended(store), 600, "a short experiment")


WINDOWS = {  # width, height, language, large font
    "projector": (1280, 720, "en", True),
    "phone": (400, 860, "en", False),
    "korean": (1280, 720, "ko", True),
}


@pytest.mark.parametrize("name", list(WINDOWS))
def test_every_view_fits_the_window(browser, server, recorded_pair, screenshots, name):
    width, height, language, large = WINDOWS[name]
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{server}/compare?lang={language}")
    heading = "Inside the networks" if language == "en" else "신경망 내부"
    page.get_by_text(heading, exact=True).wait_for()
    settle(page, TIMEOUT_MS)
    if large:
        switch = "Large font for projectors" if language == "en" else "프로젝터용 큰 글꼴"
        page.get_by_text(switch).click()
        settle(page, TIMEOUT_MS)
    if width < 600:  # a phone shows the page, not the sidebar
        page.locator('[data-testid="stSidebarCollapseButton"] button').first.click()
    views = ("한 층", "모든 층", "손실 지형", "기울기") if language == "ko" else (
        "One layer", "All layers", "Loss landscape", "Gradients")  # fmt: skip
    for view in views:
        page.locator("button", has_text=view).first.click()
        settle(page, TIMEOUT_MS)
        page.wait_for_timeout(1000)
        assert page.evaluate(OVERFLOW_JS) == [], (name, view)
        no_exception(page)
        page.get_by_text(heading, exact=True).evaluate("e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(500)
        page.screenshot(path=str(screenshots / f"compare_inside_{name}_{views.index(view)}.png"))
    page.close()
