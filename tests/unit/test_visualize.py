"""Filters, feature maps and Grad-CAM on real Keras models built from specs."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from alexnet.analysis.visualize import (
    all_feature_maps,
    default_grad_cam_layer,
    feature_map_layers,
    feature_maps,
    first_layer_filters,
    grad_cam,
    overlay_heatmap,
)
from alexnet.config.presets import CIFAR10_ALEXNET, CIFAR10_ALEXNET_BN
from alexnet.config.spec import ConvBlock, DenseBlock, ModelSpec
from alexnet.network.builder import build_model
from alexnet.network.layer_table import layer_table

SMALL_BN_AFTER = ModelSpec(
    name="small bn after",
    input_shape=(24, 20, 3),
    conv_blocks=(
        ConvBlock(8, 5, padding="valid", pool=True),
        ConvBlock(12, 3, strides=2, pool=True, pool_size=2),
    ),
    dense_blocks=(DenseBlock(16, dropout_rate=0.5),),
    batch_norm="after_activation",
)
SPECS = {"cifar10": CIFAR10_ALEXNET, "cifar10_bn": CIFAR10_ALEXNET_BN, "small": SMALL_BN_AFTER}
MAP_TYPES = ("Conv2D", "BatchNormalization", "Activation", "MaxPooling2D")


def image_for(spec: ModelSpec, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, spec.input_shape, dtype=np.uint8)


@pytest.mark.parametrize("spec_id", SPECS)
def test_feature_maps_have_the_layer_tables_output_shape_for_every_conv_bn_and_pool_layer(
    spec_id: str,
) -> None:
    spec = SPECS[spec_id]
    model = build_model(spec)
    rows = [
        row
        for row in layer_table(spec).rows
        if row.layer_type in MAP_TYPES and len(row.output_shape) == 3
    ]
    assert feature_map_layers(model) == [row.name for row in rows]
    maps = all_feature_maps(model, image_for(spec))
    for row in rows:
        assert maps[row.name].shape == row.output_shape, row.name
    assert feature_maps(model, image_for(spec), rows[-1].name).shape == rows[-1].output_shape


def test_feature_maps_of_one_layer_equal_those_from_the_single_pass() -> None:
    model = build_model(SMALL_BN_AFTER)
    image = image_for(SMALL_BN_AFTER)
    together = all_feature_maps(model, image)
    for name in ("conv1", "conv2_bn", "pool2"):
        np.testing.assert_allclose(feature_maps(model, image, name), together[name], rtol=1e-5)


def test_a_model_reloaded_from_a_keras_file_gives_the_same_maps_and_grad_cam(tmp_path) -> None:
    model = build_model(CIFAR10_ALEXNET_BN)
    path = tmp_path / "model.keras"
    model.save(path)
    reloaded = keras.saving.load_model(path, safe_mode=True, compile=False)
    image = image_for(CIFAR10_ALEXNET_BN, seed=3)
    assert feature_map_layers(reloaded) == feature_map_layers(model)
    np.testing.assert_allclose(
        feature_maps(reloaded, image, "pool2"), feature_maps(model, image, "pool2"), rtol=1e-5
    )
    heat, cls = grad_cam(model, image, class_index=4)
    heat2, cls2 = grad_cam(reloaded, image, class_index=4)
    assert cls == cls2 == 4
    np.testing.assert_allclose(heat, heat2, atol=1e-4)


def test_feature_maps_refuse_dense_layers_and_unknown_names() -> None:
    model = build_model(SMALL_BN_AFTER)
    with pytest.raises(ValueError, match="no spatial feature maps"):
        feature_maps(model, image_for(SMALL_BN_AFTER), "fc1")
    with pytest.raises(ValueError, match="no layer named 'conv9'"):
        feature_maps(model, image_for(SMALL_BN_AFTER), "conv9")


def test_an_image_of_the_wrong_size_is_refused_with_the_expected_shape() -> None:
    model = build_model(SMALL_BN_AFTER)
    with pytest.raises(ValueError, match=r"model expects \(24, 20, 3\)"):
        feature_maps(model, np.zeros((32, 32, 3), np.uint8), "conv1")


def test_first_layer_filters_are_filters_k_k_3_images_each_stretched_to_unit_range() -> None:
    model = build_model(CIFAR10_ALEXNET)
    filters = first_layer_filters(model)
    assert filters.shape == (96, 5, 5, 3)
    np.testing.assert_allclose(filters.min(axis=(1, 2, 3)), 0.0, atol=1e-6)
    np.testing.assert_allclose(filters.max(axis=(1, 2, 3)), 1.0, atol=1e-6)
    global_scale = first_layer_filters(model, normalize="global")
    assert global_scale.min() == pytest.approx(0.0) and global_scale.max() == pytest.approx(1.0)
    assert global_scale.max(axis=(1, 2, 3)).min() < 1.0


def test_first_layer_filters_show_the_kernel_weights_in_kernel_order() -> None:
    spec = ModelSpec(name="k", input_shape=(8, 8, 3), conv_blocks=(ConvBlock(2, 2),))
    model = build_model(spec)
    conv = model.get_layer("conv1")
    kernel = np.zeros((2, 2, 3, 2), np.float32)
    kernel[0, 1, 2, 0] = 1.0  # filter 0: blue at the top right
    kernel[1, 0, 0, 1] = -1.0  # filter 1: everything bright except red bottom left
    conv.set_weights([kernel, np.zeros(2, np.float32)])
    filters = first_layer_filters(model)
    assert filters[0, 0, 1].tolist() == [0.0, 0.0, 1.0]
    assert filters[0].sum() == 1.0
    assert filters[1, 1, 0].tolist() == [0.0, 1.0, 1.0]


def test_grayscale_models_show_their_filters_as_gray() -> None:
    spec = ModelSpec(name="g", input_shape=(8, 8, 1), conv_blocks=(ConvBlock(4, 3),))
    filters = first_layer_filters(build_model(spec))
    assert filters.shape == (4, 3, 3, 3)
    np.testing.assert_array_equal(filters[..., 0], filters[..., 2])


def test_grad_cam_returns_a_map_of_the_input_size_in_unit_range_for_the_predicted_class() -> None:
    keras.utils.set_random_seed(1)
    model = build_model(SMALL_BN_AFTER)
    image = image_for(SMALL_BN_AFTER, seed=5)
    heat, cls = grad_cam(model, image)
    assert heat.shape == (24, 20)
    assert heat.dtype == np.float32
    assert heat.min() >= 0.0 and heat.max() <= 1.0
    predicted = int(np.argmax(model(image[None].astype("float32"), training=False)))
    assert cls == predicted
    assert default_grad_cam_layer(model) == "conv2_bn"  # BN after the ReLU ends the block


def test_grad_cam_explains_the_requested_class_and_layer() -> None:
    model = build_model(CIFAR10_ALEXNET)
    image = image_for(CIFAR10_ALEXNET, seed=2)
    heat, cls = grad_cam(model, image, class_index=3, layer_name="conv2_relu")
    assert cls == 3 and heat.shape == (32, 32)
    with pytest.raises(ValueError, match="expected 0 to 9"):
        grad_cam(model, image, class_index=10)
    with pytest.raises(ValueError, match="no spatial feature maps"):
        grad_cam(model, image, layer_name="fc2")


def test_overlay_heatmap_blends_jet_colors_over_the_image() -> None:
    image = np.full((6, 4, 3), 100, np.uint8)
    heat = np.zeros((6, 4), np.float32)
    heat[0, 0] = 1.0
    out = overlay_heatmap(image, heat, alpha=1.0)
    assert out.shape == (6, 4, 3) and out.dtype == np.uint8
    assert out[0, 0].tolist() == [128, 0, 0]  # jet's dark red at the top
    assert out[1, 1].tolist() == [0, 0, 128]  # and dark blue at the bottom
    np.testing.assert_array_equal(overlay_heatmap(image, heat, alpha=0.0), image)


def test_overlay_heatmap_resizes_the_map_and_accepts_grayscale_images() -> None:
    out = overlay_heatmap(np.zeros((32, 32), np.uint8), np.ones((8, 8), np.float32))
    assert out.shape == (32, 32, 3)
    with pytest.raises(ValueError, match="2-D"):
        overlay_heatmap(np.zeros((4, 4, 3), np.uint8), np.ones((4, 4, 1)))
