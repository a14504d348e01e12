"""The Train page in a real browser against `streamlit run app.py`.

What AppTest cannot show: the fragment redrawing the curves and the progress bar every
second while a real worker trains, a second tab showing the same run, Stop reaching the
worker, and the page going quiet (no more messages from the server) once the run has ended.
Screenshots go to $ALEXNET_SCREENSHOTS (else test-artifacts/).
"""

from __future__ import annotations

import pytest

from alexnet.store.run_store import RunStore
from tests.waiting import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
TIMEOUT_MS = 90_000
VIEWPORT = {"width": 1400, "height": 2200}
POINTS_JS = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  const trace = plot && plot._fullData && plot._fullData[0];
  return trace && trace._length ? trace._length : 0;
}"""  # points of the first chart (the per-step loss) as Plotly drew them


def _open(browser, url: str):
    page = browser.new_context(viewport=VIEWPORT).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{url}/train")
    page.get_by_role("button", name="Start training").wait_for()
    return page


def _progress(page) -> str:
    bars = page.locator('[data-testid="stProgress"]')
    return bars.first.inner_text() if bars.count() else ""


def test_a_run_grows_live_in_two_tabs_stops_and_then_the_page_stops_polling(
    server, browser, server_runs_dir, screenshots
) -> None:
    page = _open(browser, server)
    for label, value in (("Training images (0 = all)", "1000"), ("Epochs", "50")):
        box = page.get_by_label(label, exact=True).first  # "Epochs" is also in the sanity test
        box.fill(value)
        box.press("Enter")
        page.wait_for_timeout(800)
    page.get_by_role("button", name="Start training").click()

    wait_for(lambda: "images/s" in _progress(page), 90, "the progress bar of the live run")
    first = page.evaluate(POINTS_JS)
    wait_for(lambda: page.evaluate(POINTS_JS) > first, 120, "the live chart to grow")
    shown = _progress(page)
    wait_for(lambda: _progress(page) not in ("", shown), 120, "the progress bar to move")
    page.screenshot(path=str(screenshots / "train_live.png"))

    second = _open(browser, server)  # a new tab, a new session: the same live run
    wait_for(lambda: "images/s" in _progress(second), 120, "the live run in a second tab")
    assert "CIFAR-10 AlexNet — training" in second.inner_text("body")

    page.get_by_role("button", name="Stop").click()
    wait_for(lambda: "— stopped" in page.inner_text("body"), 60, "the stop")
    (info,) = RunStore(server_runs_dir).list()
    assert info.state == "stopped"
    assert page.get_by_role("button", name="Resume").count() == 1
    wait_for(lambda: "— stopped" in second.inner_text("body"), 120, "the second tab to see it")

    frames: list[float] = []  # the page must go quiet: its fragment timer is gone
    second.on("websocket", lambda ws: ws.on("framereceived", lambda _: frames.append(1)))
    second.reload()
    second.get_by_role("button", name="Resume").wait_for()
    second.wait_for_timeout(1500)
    settled = len(frames)
    second.wait_for_timeout(4000)
    assert len(frames) == settled, "the page still polls after the run ended"
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(screenshots / "train_stopped.png"))
