"""The layer-volume diagram draws one labelled box per shape-changing layer."""

from __future__ import annotations

import pytest

from alexnet.charts.architecture import layer_volume_figure
from alexnet.config.presets import PRESETS, get_preset
from alexnet.network.layer_table import layer_table


def _annotations(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


@pytest.mark.parametrize("preset_id", list(PRESETS))
def test_every_conv_pool_and_dense_output_gets_a_box_labelled_with_its_shape(
    preset_id: str,
) -> None:
    spec = get_preset(preset_id)
    table = layer_table(spec)
    fig = layer_volume_figure(table, spec.input_shape)
    drawn = [
        r for r in table.rows if r.layer_type in {"Conv2D", "MaxPooling2D", "Flatten", "Dense"}
    ]
    assert len(fig.layout.shapes) == len(drawn) + 1  # and the input
    texts = _annotations(fig)
    for row in drawn:
        assert f"<b>{row.name}</b>" in texts
        assert "×".join(map(str, row.output_shape)) in texts
    assert "<b>conv1_bn</b>" not in texts and "<b>conv1_relu</b>" not in texts


def test_a_larger_feature_map_is_a_taller_box_and_more_channels_a_wider_one() -> None:
    spec = get_preset("imagenet_alexnet")
    fig = layer_volume_figure(layer_table(spec), spec.input_shape)
    boxes = {text: shape for text, shape in zip(_names(fig), fig.layout.shapes, strict=True)}
    height = {name: box.y1 - box.y0 for name, box in boxes.items()}
    width = {name: box.x1 - box.x0 for name, box in boxes.items()}
    assert height["conv1"] > height["pool1"] > height["pool2"]  # 55 > 27 > 13
    assert width["conv2"] > width["conv1"]  # 256 channels > 96


def _names(fig) -> list[str]:
    return [t.removeprefix("<b>").removesuffix("</b>") for t in _annotations(fig) if "<b>" in t]


def test_without_an_input_shape_the_rescaling_row_stands_for_the_input() -> None:
    table = layer_table(get_preset("cifar10_alexnet"))
    assert _names(layer_volume_figure(table))[0] == "input"
    no_rescale = layer_table(get_preset("cifar10_alexnet").replace(rescale=False))
    assert _names(layer_volume_figure(no_rescale))[0] == "conv1"
