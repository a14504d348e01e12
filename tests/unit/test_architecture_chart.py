"""The layer-volume picture draws one labelled box per shape-changing layer, as SVG."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import pytest

from alexnet.charts.architecture import layer_volume_svg
from alexnet.config.presets import PRESETS, get_preset
from alexnet.network.layer_table import layer_table

SVG = "{http://www.w3.org/2000/svg}"


def _boxes(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)  # well-formed XML, or this raises
    return {rect.get("data-layer"): rect for rect in root.iter(f"{SVG}rect")}


def _texts(svg: str) -> list[str]:
    return [text.text for text in ET.fromstring(svg).iter(f"{SVG}text")]


@pytest.mark.parametrize("preset_id", list(PRESETS))
def test_every_conv_pool_and_dense_output_gets_a_box_labelled_with_its_shape(
    preset_id: str,
) -> None:
    spec = get_preset(preset_id)
    table = layer_table(spec)
    svg = layer_volume_svg(table, spec.input_shape)
    drawn = [
        r for r in table.rows if r.layer_type in {"Conv2D", "MaxPooling2D", "Flatten", "Dense"}
    ]
    boxes = _boxes(svg)
    assert list(boxes) == ["input", *(row.name for row in drawn)]  # left to right
    texts = _texts(svg)
    for row in drawn:
        shape = "×".join(map(str, row.output_shape))
        assert row.name in texts and shape in texts
        size = f"{row.name}: {shape}"
        assert boxes[row.name].find(f"{SVG}title").text.startswith(size)  # the hover text
    assert "conv1_bn" not in texts and "conv1_relu" not in texts


def test_a_larger_feature_map_is_a_taller_box_and_more_channels_a_wider_one() -> None:
    spec = get_preset("imagenet_alexnet")
    boxes = _boxes(layer_volume_svg(layer_table(spec), spec.input_shape))
    height = {name: float(box.get("height")) for name, box in boxes.items()}
    width = {name: float(box.get("width")) for name, box in boxes.items()}
    assert height["conv1"] > height["pool1"] > height["pool2"]  # 55 > 27 > 13
    assert width["conv2"] > width["conv1"]  # 256 channels > 96


def test_boxes_sit_side_by_side_inside_the_picture() -> None:
    spec = get_preset("cifar10_alexnet")
    svg = layer_volume_svg(layer_table(spec), spec.input_shape)
    left, top, width, height = map(float, ET.fromstring(svg).get("viewBox").split())
    boxes = list(_boxes(svg).values())
    for before, after in itertools.pairwise(boxes):
        assert float(before.get("x")) + float(before.get("width")) < float(after.get("x"))
    for box in boxes:
        x, y = float(box.get("x")), float(box.get("y"))
        assert left <= x and x + float(box.get("width")) <= left + width
        assert top <= y and y + float(box.get("height")) <= top + height


def test_names_are_escaped_and_the_labels_scale_with_the_page_font() -> None:
    spec = get_preset("cifar10_alexnet")
    table = layer_table(spec)
    svg = layer_volume_svg(table, spec.input_shape, input_label="<입력 & input>")
    assert _texts(svg)[0] == "<입력 & input>"  # parsed back: the markup was escaped
    sizes = [float(t.get("font-size")) for t in ET.fromstring(svg).iter(f"{SVG}text")]
    larger = layer_volume_svg(table, spec.input_shape, font_scale=1.375)
    scaled = [float(t.get("font-size")) for t in ET.fromstring(larger).iter(f"{SVG}text")]
    assert scaled == pytest.approx([1.375 * s for s in sizes], abs=0.06)


def test_without_an_input_shape_the_rescaling_row_stands_for_the_input() -> None:
    table = layer_table(get_preset("cifar10_alexnet"))
    assert next(iter(_boxes(layer_volume_svg(table)))) == "input"
    no_rescale = layer_table(get_preset("cifar10_alexnet").replace(rescale=False))
    assert next(iter(_boxes(layer_volume_svg(no_rescale)))) == "conv1"
