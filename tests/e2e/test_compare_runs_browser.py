"""Home, Compare and Runs in a real browser against `streamlit run app.py`.

What AppTest cannot show: the live chart redrawn by the fragment while two real worker
processes train, the Stop button reaching them, a zip download, and the delete confirmation.
Screenshots go to $ALEXNET_SCREENSHOTS (else test-artifacts/).
"""

from __future__ import annotations

import time
import zipfile

import pytest

from alexnet.store.run_store import RunStore
from tests.e2e.app_server import no_exception, settle

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
TIMEOUT_MS = 90_000


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 2400}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def _settle(page) -> None:
    settle(page, TIMEOUT_MS)


def _live_traces(page) -> int:
    return page.locator(".js-plotly-plot .scatterlayer .trace").count()


# Points of the live loss chart's first curve as Plotly drew them (the experiment's charts
# come first on the page).
POINTS_JS = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  const trace = plot && plot._fullData && plot._fullData[0];
  return trace && trace._length ? trace._length : 0;
}"""


def test_home_shows_the_architecture_data_and_start_path(server, page, screenshots) -> None:
    page.goto(server)
    page.get_by_text("Start here").wait_for()
    _settle(page)
    no_exception(page)
    # The layer volumes, drawn as SVG: Home loads no Plotly on a first visit.
    # the input, conv1-5, pool1, pool2 and pool5, flatten, fc1, fc2 and predictions
    assert page.locator("svg.layer-volumes rect").count() == 13
    assert page.locator(".js-plotly-plot").count() == 0
    assert "sample shipped with the app" in page.inner_text("body")
    page.get_by_role("link", name="3. Compare").click()
    page.get_by_text("Experiment: batch normalization vs none").wait_for()
    assert page.url.endswith("/compare")
    page.goto(server)
    page.get_by_text("Start here").wait_for()
    _settle(page)
    page.screenshot(path=str(screenshots / "home.png"))


def test_the_bn_pair_draws_live_curves_and_stops(
    server, page, server_runs_dir, screenshots
) -> None:
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
    store = RunStore(server_runs_dir)
    deadline = time.monotonic() + 240

    def steps_logged() -> int:
        return min((len(store.read_metrics(i.run_id, "step")) for i in store.list()), default=0)

    while steps_logged() < 3 or _live_traces(page) < 4:  # both networks' curves, drawn
        assert time.monotonic() < deadline, "no live curves of both networks within 240 s"
        page.wait_for_timeout(1000)
    first = page.evaluate(POINTS_JS)
    while page.evaluate(POINTS_JS) <= first:  # the chart gains points while the pair trains
        assert time.monotonic() < deadline + 60, "the live chart did not grow"
        page.wait_for_timeout(1000)
    no_exception(page)
    page.screenshot(path=str(screenshots / "compare_live.png"))
    page.get_by_role("button", name="Stop the experiment").click()
    page.get_by_role("button", name="Stop the experiment").wait_for(
        state="detached", timeout=120_000
    )
    _settle(page)
    states = {i.state for i in RunStore(server_runs_dir).list()}
    assert states <= {"stopped", "finished"}, states
    assert "stopped" in page.inner_text("body") or "finished" in page.inner_text("body")
    page.screenshot(path=str(screenshots / "compare.png"))


def test_runs_downloads_a_zip_and_deletes_after_confirming(
    server, page, server_runs_dir, trained_run, screenshots, tmp_path
) -> None:
    store = RunStore(server_runs_dir)
    before = [i.run_id for i in store.list()]
    assert before[0] == trained_run  # the newest: the Runs page opens on it
    page.goto(f"{server}/runs")
    page.get_by_role("button", name="Download zip").wait_for()
    page.locator('[data-testid="stDataFrame"] canvas').first.wait_for()
    _settle(page)
    page.wait_for_timeout(1500)  # the grid paints after its data arrives
    no_exception(page)
    page.screenshot(path=str(screenshots / "runs.png"))
    with page.expect_download() as download:
        page.get_by_role("button", name="Download zip").click()
    target = tmp_path / "run.zip"
    download.value.save_as(target)
    names = zipfile.ZipFile(target).namelist()
    assert f"{before[0]}/config.json" in names and f"{before[0]}/metrics_epochs.csv" in names
    page.get_by_role("button", name="Delete").click()
    page.get_by_role("button", name="Yes, delete").click()
    # The message names the run; a plain "deleted" can also match a button while it redraws.
    page.get_by_text(f"Run {before[0]} deleted.").wait_for()
    _settle(page)
    assert [i.run_id for i in store.list()] == before[1:]


def test_open_in_predict_shows_the_run_chosen_on_predict(
    server, page, server_runs_dir, trained_run
) -> None:
    info = RunStore(server_runs_dir).get(trained_run)
    page.goto(f"{server}/runs?run={info.run_id}")
    page.get_by_role("button", name="Open in Predict").click()
    page.get_by_role("heading", name="Predict").wait_for()
    assert page.url.split("?")[0].endswith("/predict")
    chooser = page.locator('[data-testid="stSelectbox"]').first
    chooser.wait_for()
    _settle(page)
    assert info.name in chooser.get_by_role("combobox").input_value()
    _settle(page)
    no_exception(page)
