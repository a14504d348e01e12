"""Training-curve figures: smoothing, trace counts, axes and the empty state."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from alexnet.charts.training import PERCENT_TICKS, epoch_figure, smooth, step_figure


def _steps(n: int = 6) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kind": "step",
            "step": [10 * (i + 1) for i in range(n)],
            "epoch": [1 + i // 3 for i in range(n)],
            "batch": [10 * (i % 3 + 1) for i in range(n)],
            "loss": [2.3, 2.0, 1.9, 1.5, 1.6, 1.2][:n],
            "accuracy": [0.1, 0.2, 0.25, 0.4, 0.38, 0.5][:n],
            "elapsed_seconds": [1.0 * (i + 1) for i in range(n)],
        }
    )


def _epochs(validation: bool = True) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "kind": "epoch",
            "epoch": [1, 2, 3],
            "step": [30, 60, 90],
            "loss": [2.0, 1.5, 1.2],
            "accuracy": [0.25, 0.42, 0.55],
            "elapsed_seconds": [3.0, 6.0, 9.0],
        }
    )
    if validation:
        frame["val_loss"] = [1.9, 1.6, 1.5]
        frame["val_accuracy"] = [0.3, 0.4, 0.45]
    return frame


def test_smoothing_matches_a_hand_computed_moving_average() -> None:
    # s0 = 1; s1 = 0.5*1 + 0.5*3 = 2; s2 = 0.5*2 + 0.5*0 = 1; s3 = 0.5*1 + 0.5*5 = 3
    assert smooth([1.0, 3.0, 0.0, 5.0], 0.5) == pytest.approx([1.0, 2.0, 1.0, 3.0])


def test_smoothing_weight_zero_returns_the_raw_values() -> None:
    assert smooth([2.0, 1.0, 4.0], 0.0) == [2.0, 1.0, 4.0]


def test_smoothing_skips_a_nan_loss_and_keeps_the_last_value() -> None:
    # s0 = 1; NaN repeats 1; s2 = 0.8*1 + 0.2*6 = 2
    assert smooth([1.0, math.nan, 6.0], 0.8) == pytest.approx([1.0, 1.0, 2.0])


def test_smoothing_before_any_finite_value_is_nan() -> None:
    out = smooth([None, 4.0], 0.5)
    assert math.isnan(out[0]) and out[1] == 4.0


@pytest.mark.parametrize("weight", [-0.1, 1.0, 2, True])
def test_a_smoothing_weight_outside_zero_to_one_is_refused(weight: float) -> None:
    with pytest.raises(ValueError, match="from 0 up to below 1"):
        smooth([1.0], weight)


def test_step_figure_draws_raw_and_smoothed_lines_of_every_point() -> None:
    fig = step_figure(_steps(), "loss", weight=0.5)
    assert [t.name for t in fig.data] == ["logged", "smoothed"]
    assert len(fig.data[0].x) == len(fig.data[1].y) == 6
    assert list(fig.data[1].y) == pytest.approx(smooth(_steps()["loss"], 0.5))


def test_step_figure_without_smoothing_draws_only_the_raw_line() -> None:
    assert len(step_figure(_steps(), "accuracy", weight=0).data) == 1


def test_step_figure_by_fractional_epoch_and_by_time() -> None:
    by_epoch = step_figure(_steps(), "loss", x="epoch", steps_per_epoch=30)
    assert list(by_epoch.data[0].x) == pytest.approx([1 / 3, 2 / 3, 1.0, 4 / 3, 5 / 3, 2.0])
    by_time = step_figure(_steps(), "loss", x="time")
    assert list(by_time.data[0].x) == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert by_time.layout.xaxis.title.text == "time (s)"


def test_epoch_figure_has_training_and_validation_traces() -> None:
    fig = epoch_figure(_epochs(), "accuracy")
    assert [t.name for t in fig.data] == ["training", "validation"]
    assert list(fig.data[1].y) == [0.3, 0.4, 0.45]
    assert fig.layout.yaxis.tickformat == PERCENT_TICKS  # drawn in a browser: e2e ticks test


def test_epoch_figure_without_a_validation_split_has_one_trace() -> None:
    assert len(epoch_figure(_epochs(validation=False), "loss").data) == 1


def test_empty_frames_give_a_waiting_message_and_no_traces() -> None:
    for fig in (step_figure(pd.DataFrame()), epoch_figure(pd.DataFrame(), "accuracy")):
        assert len(fig.data) == 0
        assert "Waiting" in fig.layout.annotations[0].text


def test_labels_translate_legend_and_axes() -> None:
    fig = epoch_figure(_epochs(), "loss", labels={"train": "학습", "loss": "손실"})
    assert fig.data[0].name == "학습"
    assert fig.layout.yaxis.title.text == "손실"


def test_fonts_are_large_enough_for_a_projector() -> None:
    assert step_figure(_steps()).layout.font.size >= 16


@pytest.mark.parametrize(("metric", "x"), [("f1", "step"), ("loss", "minutes")])
def test_unknown_metric_or_axis_is_refused(metric: str, x: str) -> None:
    with pytest.raises(ValueError, match="choose one of"):
        step_figure(_steps(), metric, x=x)
