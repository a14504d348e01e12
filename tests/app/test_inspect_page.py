"""The Inspect page through AppTest, on a real run trained for one short epoch."""

from __future__ import annotations

import json
import re
import shutil

import numpy as np
from streamlit.testing.v1 import AppTest

from alexnet.analysis.evaluation import evaluate_probabilities
from alexnet.data import CLASS_NAMES, load_sample
from tests.app.pages import page_file
from tests.app.trained_run import chart_json, plotly_values, run_page
from tests.images import png_bytes
from ui.inspect.sections import clicked_cell

PAGE = page_file("inspect")
# The tiny spec's layers and their output shapes (32x32 input, 'same' convs, 3x3/2 pools).
# The tiny network's first layers, from its layer table: conv1 8 filters, 3x3 pooling, conv2.
EXPECTED_SHAPES = {"conv1": (32, 32, 8), "pool1": (15, 15, 8), "conv2": (15, 15, 8)}


def test_without_runs_the_page_says_to_train_a_model_first(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(tmp_path))
    at = run_page(AppTest.from_file(PAGE, default_timeout=120))
    assert any("Train a model on the Train page first" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_filters_show_every_first_layer_kernel(trained_runs_dir) -> None:
    at = run_page(AppTest.from_file(PAGE, default_timeout=120))
    figure = chart_json(at, "inspect.filters")
    assert figure["layout"]["title"]["text"] == "First-layer filters: 8 kernels of 3 x 3"


def test_feature_maps_title_names_the_layer_and_its_output_shape(trained_runs_dir) -> None:
    at = run_page(AppTest.from_file(PAGE, default_timeout=120))
    slider = at.select_slider(key="inspect.layer")
    assert slider.options[0] == "conv1" and {"pool1", "conv2"} <= set(slider.options)
    for layer, (h, w, c) in EXPECTED_SHAPES.items():
        at.select_slider(key="inspect.layer").set_value(layer)
        run_page(at)
        title = chart_json(at, "inspect.maps")["layout"]["title"]["text"]
        assert title == f"{layer}: output {h} x {w} x {c}"


def test_grad_cam_explains_the_predicted_or_a_chosen_class(trained_runs_dir) -> None:
    at = run_page(AppTest.from_file(PAGE, default_timeout=120))
    title = chart_json(at, "inspect.cam")["layout"]["title"]["text"]
    assert title.startswith("Where the model sees '")
    at.selectbox(key="inspect.cam_class").set_value(3)  # cat
    run_page(at)
    cam_title = chart_json(at, "inspect.cam")["layout"]["title"]["text"]
    assert re.fullmatch(r"Where the model sees 'cat' \(\d+%\)", cam_title)


def test_evaluation_shows_a_confusion_matrix_over_all_test_images(trained_runs_dir) -> None:
    at = run_page(AppTest.from_file(PAGE, default_timeout=120))
    figure = chart_json(at, "inspect.confusion")
    counts = plotly_values(figure["data"][0]["z"]).reshape(10, 10)
    assert counts.sum() == len(load_sample().y_test)
    assert at.metric[3].value == f"{len(load_sample().y_test):,}"
    accuracy = float(at.metric[0].value.rstrip("%")) / 100
    assert abs(counts.trace() / counts.sum() - accuracy) < 0.001
    assert len(chart_json(at, "inspect.per_class")["data"]) == 2
    assert any(c.value.startswith("true: ") and "top 3:" in c.value for c in at.caption)


def test_an_uploaded_png_is_inspected_like_a_test_image(trained_runs_dir) -> None:
    at = run_page(AppTest.from_file(PAGE, default_timeout=120))
    source = next(g for g in at.get("button_group") if g.proto.id.endswith("inspect.source"))
    source.set_value("upload")
    run_page(at)
    at.file_uploader[0].set_value(("photo.png", png_bytes(640, 480, "P"), "image/png"))
    run_page(at)
    title = chart_json(at, "inspect.maps")["layout"]["title"]["text"]
    assert title == "conv1: output 32 x 32 x 8"
    cam_title = chart_json(at, "inspect.cam")["layout"]["title"]["text"]
    assert re.fullmatch(r"Where the model sees '[a-z]+' \(\d+%\)", cam_title), cam_title


def test_a_clicked_cell_is_read_from_the_browsers_event_in_either_form() -> None:
    # As Chromium sends it for the invisible cell markers (customdata as an object).
    point = {"curve_number": 1, "point_index": 23, "x": "cat", "y": "bird"}
    as_object = {"selection": {"points": [{**point, "customdata": {"0": 2, "1": 3, "2": 0}}]}}
    as_list = {"selection": {"points": [{**point, "customdata": [2, 3, 0]}]}}
    assert clicked_cell(as_object) == clicked_cell(as_list) == (2, 3)
    assert clicked_cell({"selection": {"points": []}}) is None
    assert clicked_cell(None) is None


def test_a_full_evaluation_stored_with_the_run_is_shown_instead_of_recomputed(
    trained_runs, tmp_path, monkeypatch
) -> None:
    run = next(p for p in trained_runs.iterdir() if p.is_dir())
    copy = tmp_path / run.name
    shutil.copytree(run, copy)
    y = load_sample().y_test
    probs = np.full((len(y), 10), 0.01)
    probs[np.arange(len(y)), y] = 0.91  # every image right
    stored = evaluate_probabilities(probs, y, CLASS_NAMES, data_description="stored check")
    (copy / "evaluation.json").write_text(json.dumps(stored.to_dict()))
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(tmp_path))
    at = run_page(AppTest.from_file(PAGE, default_timeout=120))
    assert any(c.value == "stored check (stored with the run)" for c in at.caption)
    assert at.metric[0].value == "100.0%"
    assert any("No mistakes" in s.value for s in at.success)
