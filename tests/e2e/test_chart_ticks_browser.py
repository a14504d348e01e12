"""Accuracy axes as a browser draws them: readable below 1% and as whole percents above.

The tick labels come from Plotly.js's number format, so they are read from the figure drawn in
Chromium (Plotly's own bundled Plotly.js, from a file), not from the figure's JSON.
"""

from __future__ import annotations

import pandas as pd
import pytest

from alexnet.charts.comparison import overlay_figure
from alexnet.charts.training import epoch_figure
from alexnet.store.overview import RunData

pytestmark = [pytest.mark.e2e]


def _ticks(browser, fig, tmp_path) -> list[str]:
    html = tmp_path / "figure.html"
    html.write_text(fig.to_html(include_plotlyjs=True, full_html=True), encoding="utf-8")
    page = browser.new_page()
    try:
        page.goto(html.as_uri())
        page.locator(".ytick text").first.wait_for()
        return page.locator(".ytick text").evaluate_all("texts => texts.map(t => t.textContent)")
    finally:
        page.close()


def _epochs(accuracy: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "epoch": range(1, len(accuracy) + 1),
            "accuracy": accuracy,
            "val_accuracy": accuracy,
            "elapsed_seconds": range(1, len(accuracy) + 1),
        }
    )


def test_accuracies_below_one_percent_get_ticks_that_differ(browser, tmp_path):
    tiny = [0.0008, 0.0011, 0.0013]  # the ImageNet network on random data: chance is 0.1%
    for fig in (
        epoch_figure(_epochs(tiny), "accuracy"),
        overlay_figure([RunData("r", "run", _epochs(tiny))], metric="accuracy"),
    ):
        ticks = _ticks(browser, fig, tmp_path)
        assert len(set(ticks)) == len(ticks) > 2, ticks  # not "0%" on every tick
        assert "0.1%" in ticks, ticks


def test_ordinary_accuracies_keep_whole_percent_ticks(browser, tmp_path):
    ticks = _ticks(browser, epoch_figure(_epochs([0.2, 0.45, 0.6]), "accuracy"), tmp_path)
    assert "50%" in ticks and all("." not in tick for tick in ticks), ticks
