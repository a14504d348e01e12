"""The inside charts and the rate chart draw exactly the recorded numbers: a panel per network
or block, seeds as a mean with a band, the page's words, log axes where sizes span decades."""

from __future__ import annotations

import pytest

from alexnet.charts.inside import (
    distribution_figure,
    gradients_figures,
    landscape_figures,
    layers_figure,
)
from alexnet.charts.rate_sweep import rate_figure
from alexnet.store.inside import arm_pairs, inside_arms
from alexnet.store.rate_sweep import RatePoint
from tests.inside_records import drifting, record, stored_run
from tests.specs import QUICK, TINY, TINY_BN

STEPS = (0, 5, 10)


@pytest.fixture
def pair(store):
    plain = stored_run(store, TINY, QUICK, drifting(STEPS, 0.1))
    bn = stored_run(store, TINY_BN, QUICK, drifting(STEPS, 0.01))
    (found,) = arm_pairs(inside_arms(store, [plain, bn]))
    return list(found)


@pytest.fixture
def seeded_pair(store):
    ids = [
        stored_run(store, spec, QUICK.replace(seed=seed), drifting(STEPS, speed * (seed + 1)))
        for spec, speed in ((TINY, 0.1), (TINY_BN, 0.01))
        for seed in (0, 1)
    ]
    (found,) = arm_pairs(inside_arms(store, ids))
    return list(found)


def _lines(fig):
    """The drawn lines: not bands, bars or the grey legend keys (which have no points)."""
    return [
        t for t in fig.data
        if t.type == "scatter" and t.fill != "toself" and t.x is not None and t.x[0] is not None
    ]  # fmt: skip


def _bands(fig):
    return [t for t in fig.data if t.type == "scatter" and t.fill == "toself"]


def test_the_distribution_has_a_panel_per_network_on_one_y_axis(pair) -> None:
    fig = distribution_figure(pair, "conv2")
    assert [a.text for a in fig.layout.annotations] == ["No BN", "BatchNorm"]
    assert fig.layout.yaxis2.matches == "y"  # one y axis for both panels
    assert fig.layout.xaxis2.matches == "x"  # and one x axis
    medians = _lines(fig)
    assert [list(t.y) for t in medians] == [[0.0, 0.5, 1.0], [0.0, 0.05, 0.1]]
    assert [t.xaxis for t in medians] == ["x", "x2"]
    band = _bands(fig)[0]  # 15th to 85th percentile: the median +- 0.5
    assert list(band.y) == pytest.approx([0.5, 1.0, 1.5, 0.5, 0.0, -0.5])
    assert fig.layout.yaxis.title.text == "activation input: conv2"


def test_several_seeds_give_a_mean_and_a_band_from_the_lowest_to_the_highest(seeded_pair) -> None:
    fig = distribution_figure(seeded_pair, "conv1", x="epoch")
    titles = [a.text for a in fig.layout.annotations]
    assert titles == ["No BN (mean of 2)", "BatchNorm (mean of 2)"]
    plain = _lines(fig)[0]
    assert list(plain.x) == [0.0, 0.5, 1.0]  # epochs, not steps
    assert list(plain.y) == pytest.approx([0.0, 0.75, 1.5])  # speeds 0.1 and 0.2
    seeds = _bands(fig)[1]  # the plain network's median, lowest to highest seed
    assert list(seeds.y) == pytest.approx([0.0, 1.0, 2.0, 1.0, 0.5, 0.0])
    assert "median, lowest to highest seed" in [t.name for t in fig.data]


def test_small_multiples_have_a_panel_per_block_and_one_legend_entry_per_network(pair) -> None:
    fig = layers_figure(pair, columns=2)
    assert [a.text for a in fig.layout.annotations] == ["conv1", "conv2", "fc1"]
    shown = [t.name for t in fig.data if t.showlegend]
    assert shown == ["No BN", "BatchNorm"]
    assert len(_lines(fig)) == 6  # 3 blocks x 2 networks
    assert all(fig.layout[f"xaxis{i}"].matches == "x" for i in (2, 3, 4))  # one x axis


def test_the_landscape_draws_both_measures_on_log_axes(store) -> None:
    plain = [record(s, {"conv1": 0.0}, loss_variation=10.0 * (s + 1)) for s in STEPS]
    bn = [record(s, {"conv1": 0.0}, loss_variation=0.5) for s in STEPS]
    ids = [stored_run(store, TINY, QUICK, plain), stored_run(store, TINY_BN, QUICK, bn)]
    (pair,) = arm_pairs(inside_arms(store, ids))
    variation, predictiveness = landscape_figures(list(pair))
    assert variation.layout.title.text == "loss variation"
    assert predictiveness.layout.title.text == "gradient predictiveness"
    assert variation.layout.yaxis.type == "log" and predictiveness.layout.yaxis.type == "log"
    assert [list(t.y) for t in _lines(variation)] == [[10.0, 60.0, 110.0], [0.5, 0.5, 0.5]]
    assert [t.name for t in _lines(variation)] == ["No BN", "BatchNorm"]


def test_gradients_show_one_layer_over_time_and_every_layer_as_bars(pair) -> None:
    figures = gradients_figures(pair, "conv2")
    titles = [f.layout.title.text for f in figures]
    assert titles == [
        "gradient norm of conv2", "update ratio of conv2",
        "gradient norm, mean after the start", "update ratio, mean after the start",
    ]  # fmt: skip
    norms, ratios, norm_bars, ratio_bars = figures
    assert norms.layout.yaxis.type == "log" and ratios.layout.yaxis.tickformat == ".2~%"
    assert list(_lines(ratios)[0].x) == [5, 10]  # no update before step 0
    bars = [t for t in norm_bars.data if t.type == "bar"]
    assert [t.name for t in bars] == ["No BN", "BatchNorm"]
    assert list(bars[0].x) == ["conv1", "conv2", "fc1", "predictions"]
    assert list(ratio_bars.data[0].y) == pytest.approx([0.001] * 4)  # mean after the start


def test_the_words_are_the_pages(pair) -> None:
    fig = distribution_figure(pair, "conv1", text={"plain": "BN 없음", "step": "스텝"})
    assert fig.layout.annotations[0].text == "BN 없음"
    assert fig.layout.xaxis.title.text == "스텝"


def test_an_unknown_axis_or_part_is_refused(pair) -> None:
    with pytest.raises(ValueError, match="x='time' is not supported"):
        distribution_figure(pair, "conv1", x="time")
    with pytest.raises(ValueError, match="part='output'"):
        layers_figure(pair, part="output")


def test_the_rate_chart_has_a_log_axis_a_band_over_seeds_and_chance() -> None:
    points = [
        RatePoint(f"{r}{b}{s}", r, b, s, acc, 0.1)
        for r, b, s, acc in (
            (0.001, False, 0, 0.3), (0.01, False, 0, 0.1),
            (0.001, True, 0, 0.5), (0.001, True, 1, 0.4), (0.01, True, 0, 0.3),
            (0.01, True, 1, None),  # still training
        )
    ]  # fmt: skip
    fig = rate_figure(points)
    assert fig.layout.xaxis.type == "log"
    assert list(fig.layout.xaxis.ticktext) == ["0.001", "0.01"]
    lines = _lines(fig)
    assert [t.name for t in lines] == ["No BN", "BatchNorm (mean of 2)"]
    assert list(lines[1].y) == pytest.approx([0.45, 0.3])
    assert len(_bands(fig)) == 1  # only BN has several seeds at a rate
    assert fig.layout.shapes[0].y0 == pytest.approx(0.1)
