"""Inspection figures: the right traces, shapes, labels and click data."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from alexnet.analysis.evaluation import evaluate_probabilities, images_in_cell
from alexnet.charts.inspection import (
    confusion_matrix_figure,
    feature_maps_figure,
    filters_figure,
    grad_cam_figure,
    per_class_figure,
)

NAMES = ("airplane", "automobile", "bird")


def test_filters_figure_tiles_every_kernel_into_one_image_with_gaps() -> None:
    filters = np.random.default_rng(0).random((96, 5, 5, 3))
    fig = filters_figure(filters, columns=12)
    assert len(fig.data) == 1 and isinstance(fig.data[0], go.Image)
    # 8 rows and 12 columns of 5x5 tiles, each with a 1-pixel gap, plus the outer border.
    assert np.asarray(fig.data[0].z).shape == (8 * 6 + 1, 12 * 6 + 1, 3)
    assert "96 kernels of 5 x 5" in fig.layout.title.text
    assert np.asarray(fig.data[0].hovertext)[1, 1] == "filter 1"
    assert np.asarray(fig.data[0].hovertext)[1, 7] == "filter 2"


def test_filters_figure_places_each_kernel_unchanged() -> None:
    filters = np.zeros((3, 2, 2, 3))
    filters[2] = 1.0
    z = np.asarray(filters_figure(filters, columns=2).data[0].z)
    np.testing.assert_array_equal(z[4:6, 1:3], 255.0)  # kernel 3 starts row 2
    np.testing.assert_array_equal(z[1:3, 1:3], 0.0)


def test_feature_maps_figure_titles_the_layer_and_its_output_shape() -> None:
    maps = np.random.default_rng(1).random((13, 13, 84)).astype(np.float32)
    fig = feature_maps_figure(maps, "conv3_relu", max_channels=64, columns=8)
    assert fig.layout.title.text == "conv3_relu: output 13 x 13 x 84 (first 64 of 84 channels)"
    heat = fig.data[0]
    assert isinstance(heat, go.Heatmap)
    assert np.asarray(heat.z).shape == (8 * 14 + 1, 8 * 14 + 1)
    assert np.nanmax(np.asarray(heat.z, dtype=float)) == pytest.approx(1.0)


def test_feature_maps_figure_shows_all_channels_when_few_and_keeps_dead_maps_flat() -> None:
    maps = np.zeros((6, 6, 4), np.float32)
    maps[..., 1] = np.arange(36).reshape(6, 6)
    fig = feature_maps_figure(maps, "pool1")
    assert fig.layout.title.text == "pool1: output 6 x 6 x 4"
    z = np.asarray(fig.data[0].z, dtype=float)
    assert np.asarray(z).shape == (8, 4 * 7 + 1)
    assert np.nanmax(z[1:7, 1:7]) == 0.0  # channel 1 is all zeros
    assert np.nanmax(z[1:7, 8:14]) == pytest.approx(1.0)


def test_grad_cam_figure_shows_the_image_beside_the_overlay() -> None:
    image = np.zeros((32, 32, 3), np.uint8)
    fig = grad_cam_figure(image, image + 5, "cat", probability=0.93)
    assert [type(t) for t in fig.data] == [go.Image, go.Image]
    assert "'cat' (93%)" in fig.layout.title.text


def test_confusion_matrix_figure_annotates_counts_and_makes_every_cell_clickable() -> None:
    matrix = np.array([[5, 1, 0], [2, 3, 1], [0, 0, 7]])
    fig = confusion_matrix_figure(matrix, NAMES)
    heat, cells = fig.data
    assert isinstance(heat, go.Heatmap)
    assert list(heat.x) == list(NAMES) and list(heat.y) == list(NAMES)
    assert np.asarray(heat.text).tolist() == matrix.tolist()
    assert heat.texttemplate == "%{text}"
    assert fig.layout.yaxis.autorange == "reversed"  # the first true class on top
    assert isinstance(cells, go.Scatter) and len(cells.x) == 9
    data = np.asarray(cells.customdata)
    for (true, pred, count), x, y in zip(data, cells.x, cells.y, strict=True):
        assert (NAMES[true], NAMES[pred]) == (y, x)
        assert count == matrix[true, pred]


def test_confusion_matrix_cell_data_finds_the_images_of_that_cell() -> None:
    probs = np.eye(3)[[0, 1, 1, 2, 0]] * 0.9 + 0.1 / 3
    evaluation = evaluate_probabilities(probs, [0, 0, 1, 2, 2], NAMES)
    fig = confusion_matrix_figure(evaluation.confusion_matrix, NAMES)
    for true, pred, count in np.asarray(fig.data[1].customdata):
        assert len(images_in_cell(evaluation, true, pred)) == count


def test_normalized_confusion_matrix_colors_by_row_fraction_but_shows_counts() -> None:
    matrix = np.array([[2, 2, 0], [0, 10, 0], [1, 0, 0]])
    fig = confusion_matrix_figure(matrix, NAMES, normalize=True)
    np.testing.assert_allclose(np.asarray(fig.data[0].z)[0], [0.5, 0.5, 0.0])
    assert np.asarray(fig.data[0].text).tolist() == matrix.tolist()


def test_confusion_matrix_figure_refuses_a_matrix_of_the_wrong_size() -> None:
    with pytest.raises(ValueError, match="3 x 3 for 3 class names"):
        confusion_matrix_figure(np.zeros((2, 2)), NAMES)


def test_per_class_figure_has_precision_and_recall_bars_per_class() -> None:
    fig = per_class_figure(NAMES, [0.5, 0.75, 1.0], [0.25, 1.0, 0.5], support=[4, 4, 2])
    assert [t.name for t in fig.data] == ["precision", "recall (accuracy)"]
    assert all(isinstance(t, go.Bar) and list(t.x) == list(NAMES) for t in fig.data)
    assert list(fig.data[1].y) == [0.25, 1.0, 0.5]
    assert fig.layout.barmode == "group"
