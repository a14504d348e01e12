"""The comparison figures and table, checked against hand computation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from alexnet.charts.comparison import overlay_figure
from alexnet.charts.comparison_table import TABLE_COLUMNS, comparison_table
from alexnet.store.overview import RunData


def _epochs(val_acc: list[float], *, seconds: float = 10.0, speed: list[float] | None = None):
    n = len(val_acc)
    return pd.DataFrame(
        {
            "kind": "epoch",
            "epoch": range(1, n + 1),
            "step": [10 * (i + 1) for i in range(n)],
            "loss": [2.0 - 0.1 * i for i in range(n)],
            "accuracy": [a - 0.05 for a in val_acc],
            "val_loss": [2.1 - 0.1 * i for i in range(n)],
            "val_accuracy": val_acc,
            "images_per_second": speed or [100.0] * n,
            "elapsed_seconds": [seconds * (i + 1) for i in range(n)],
        }
    )


def _run(run_id: str, val_acc: list[float], **kwargs) -> RunData:
    return RunData(run_id, kwargs.pop("label", run_id), _epochs(val_acc), **kwargs)


def test_each_single_run_gets_a_train_and_a_validation_trace() -> None:
    runs = [_run("a", [0.2, 0.3]), _run("b", [0.25, 0.4]), _run("c", [0.1, 0.2])]
    fig = overlay_figure(runs, metric="accuracy")
    assert len(fig.data) == 6
    assert [t.line.dash for t in fig.data[:2]] == ["solid", "dash"]
    assert list(fig.data[1].y) == [0.2, 0.3]  # validation of run a
    assert fig.data[0].line.color == fig.data[1].line.color != fig.data[2].line.color


def test_the_legend_names_each_run_once_and_its_group_is_the_run_id() -> None:
    runs = [_run("a", [0.2, 0.3], label="No BN", arm="x"), _run("b", [0.3, 0.4], label="BN")]
    fig = overlay_figure(runs, metric="accuracy")
    assert [t.legendgroup for t in fig.data] == ["a", "a", "b", "b"]
    assert [t.showlegend for t in fig.data] == [True, False, True, False]
    assert [t.name for t in fig.data] == ["No BN", "No BN · validation", "BN", "BN · validation"]
    assert "No BN · validation" in fig.data[1].hovertemplate  # the hover names the split
    assert fig.layout.legend.y > 1  # above the plot, clear of the x axis' title


def test_the_moving_split_draws_the_lagging_validation_dotted() -> None:
    run = _run("a", [0.4, 0.5])
    run.epochs["val_accuracy_moving"] = [0.1, 0.2]
    fig = overlay_figure([run, _run("b", [0.3, 0.4])], splits=("validation", "moving"))
    dotted = [t for t in fig.data if t.line.dash == "dot"]
    assert len(dotted) == 1 and list(dotted[0].y) == [0.1, 0.2]  # run b recorded none


def test_only_the_splits_asked_for_are_drawn() -> None:
    fig = overlay_figure([_run("a", [0.2, 0.3])], metric="loss", splits=("validation",))
    assert len(fig.data) == 1
    assert list(fig.data[0].y) == pytest.approx([2.1, 2.0])


def test_x_by_time_uses_the_elapsed_seconds() -> None:
    fig = overlay_figure([_run("a", [0.2, 0.3, 0.4])], x="time", splits=("train",))
    assert list(fig.data[0].x) == [10.0, 20.0, 30.0]


def test_x_by_step_uses_the_step_records_for_training() -> None:
    steps = pd.DataFrame({"step": [5, 10, 15, 20], "loss": [2.3, 2.2, 2.0, 1.9]})
    run = RunData("a", "a", _epochs([0.2, 0.3]), steps=steps)
    fig = overlay_figure([run], metric="loss", x="step")
    assert list(fig.data[0].x) == [5, 10, 15, 20]
    assert list(fig.data[1].x) == [10, 20]  # validation sits at the epochs' last steps


def test_an_arm_of_three_seeds_is_a_mean_line_with_a_min_max_band() -> None:
    seeds = [
        _run(f"s{i}", acc, arm="bn", label="BN")
        for i, acc in enumerate([[0.2, 0.4], [0.3, 0.5], [0.4, 0.9]])
    ]
    fig = overlay_figure([*seeds, _run("plain", [0.1, 0.2])], splits=("validation",))
    assert len(fig.data) == 3  # band + mean for the arm, one line for the single run
    band, mean, single = fig.data
    assert band.fill == "toself" and band.showlegend is False
    assert band.mode == "lines"  # no stray markers on the band's outline
    assert list(mean.y) == pytest.approx([0.3, 0.6])
    assert list(band.y) == pytest.approx([0.4, 0.9, 0.4, 0.2])  # max forward, min back
    assert "mean of 3" in mean.name
    assert single.name.startswith("plain")


def test_the_std_band_is_the_mean_plus_and_minus_one_population_std() -> None:
    seeds = [_run(f"s{i}", [a], arm="x") for i, a in enumerate([0.2, 0.4])]
    band = overlay_figure(seeds, band="std", splits=("validation",)).data[0]
    assert list(band.y) == pytest.approx([0.4, 0.2])  # mean 0.3, std 0.1


def test_the_reference_run_is_thicker_and_annotated() -> None:
    fig = overlay_figure(
        [_run("tut", [0.2, 0.3], reference=True), _run("b", [0.1, 0.2])], splits=("train",)
    )
    assert fig.data[0].line.width > fig.data[1].line.width
    assert len(fig.layout.annotations) == 1
    assert "tutorial" in fig.layout.annotations[0].text
    assert fig.layout.annotations[0].y == pytest.approx(0.25)


def test_a_run_without_epochs_yet_draws_nothing_and_does_not_fail() -> None:
    empty = RunData("new", "new", pd.DataFrame())
    assert len(overlay_figure([empty, _run("a", [0.5])]).data) == 2


def test_bad_choices_are_refused_with_the_options() -> None:
    with pytest.raises(ValueError, match="choose one of loss, accuracy"):
        overlay_figure([], metric="f1")
    with pytest.raises(ValueError, match="choose one of epoch, time, step"):
        overlay_figure([], x="minutes")


def test_the_table_matches_hand_computed_figures() -> None:
    fast = RunData(
        "f",
        "fast",
        _epochs([0.3, 0.55, 0.7]).assign(images_per_second=[50.0, 200.0, 210.0]),
        state="finished",
        evaluation={"accuracy": 0.68},
        params=1234,
    )
    slow = RunData("s", "slow", _epochs([0.2, 0.3]), state="stopped")
    table = comparison_table([fast, slow], target_accuracy=0.5)
    assert list(table.columns) == list(TABLE_COLUMNS)
    row = table.iloc[0]
    assert row["run"] == "fast" and row["state"] == "finished"
    assert row["epochs"] == 3
    assert row["best val accuracy"] == pytest.approx(0.7)
    assert row["test accuracy"] == pytest.approx(0.68)
    assert row["epochs to target"] == 2  # 0.55 >= 0.5 at epoch 2
    assert row["seconds to target"] == pytest.approx(20.0)
    assert row["parameters"] == 1234
    assert row["images/s"] == pytest.approx(200.0)  # median of 50, 200, 210
    other = table.iloc[1]
    assert math.isnan(other["epochs to target"]) and math.isnan(other["test accuracy"])
    assert np.isnan(other["parameters"])


def test_without_validation_the_target_is_read_from_training_accuracy() -> None:
    epochs = _epochs([0.5, 0.7]).drop(columns=["val_accuracy", "val_loss"])  # train: 0.45, 0.65
    table = comparison_table([RunData("a", "a", epochs)], target_accuracy=0.6)
    assert table.iloc[0]["epochs to target"] == 2
    assert math.isnan(table.iloc[0]["best val accuracy"])


def test_a_target_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at most 1"):
        comparison_table([], target_accuracy=50)


def test_per_step_training_curves_can_be_smoothed_like_the_train_page() -> None:
    steps = pd.DataFrame({"step": [1, 2, 3], "loss": [2.0, 1.0, 1.0]})
    run = RunData("a", "a", _epochs([0.2]), steps=steps)
    fig = overlay_figure([run], metric="loss", x="step", splits=("train",), smoothing=0.5)
    assert list(fig.data[0].y) == pytest.approx([2.0, 1.5, 1.25])
