"""The Build page through Streamlit's AppTest: presets, edits, batch norm, errors, language."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from alexnet.config.presets import PRESET_PARAMS, PRESETS, get_preset
from alexnet.network.layer_table import layer_table
from tests.app.pages import SPEC_KEY, page_file
from tests.paths import APP

BUILD_PAGE = page_file("build")


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _layer_names(at: AppTest) -> list[str]:
    return list(at.dataframe[0].value["layer"])


@pytest.fixture
def page() -> AppTest:
    at = AppTest.from_file(BUILD_PAGE, default_timeout=60).run()
    assert not at.exception
    return at


def test_the_page_opens_on_the_cifar10_alexnet_with_the_tutorial_total(page: AppTest) -> None:
    assert _metric(page, "Parameters") == "653,234"
    assert len(page.dataframe[0].value) == len(layer_table(get_preset("cifar10_alexnet")).rows)
    assert not page.error


@pytest.mark.parametrize("preset_id", list(PRESETS))
def test_choosing_a_preset_shows_its_table_and_total(page: AppTest, preset_id: str) -> None:
    page.selectbox(key="build.preset").select(preset_id).run()
    assert not page.exception
    assert _metric(page, "Parameters") == f"{PRESET_PARAMS[preset_id]:,}"
    expected = [r.name for r in layer_table(get_preset(preset_id)).rows]
    assert _layer_names(page) == expected
    assert page.session_state[SPEC_KEY] == get_preset(preset_id)


def test_changing_a_filter_count_updates_the_table_and_the_shared_spec(page: AppTest) -> None:
    page.number_input(key="build.conv.0.filters").set_value(64).run()
    assert not page.exception
    table = page.dataframe[0].value.set_index("layer")
    assert table.loc["conv1", "params"] == (5 * 5 * 3 + 1) * 64
    assert table.loc["conv1", "output shape"] == "28 x 28 x 64"
    expected = layer_table(get_preset("cifar10_alexnet").replace_conv(0, filters=64))
    assert _metric(page, "Parameters") == f"{expected.total_params:,}"
    assert page.session_state[SPEC_KEY].conv_blocks[0].filters == 64


def test_switching_batch_norm_on_adds_bn_layers_with_non_trainable_params(page: AppTest) -> None:
    page.selectbox(key="build.batch_norm").select("before_activation").run()
    assert not page.exception
    names = _layer_names(page)
    assert names.index("conv1_bn") == names.index("conv1") + 1
    assert "fc1_bn" in names
    assert _metric(page, "Non-trainable") != "0"


def test_switching_batch_norm_off_clears_the_presets_per_block_placement(page: AppTest) -> None:
    page.selectbox(key="build.preset").select("cifar10_alexnet_bn").run()
    page.selectbox(key="build.batch_norm").select("after_activation").run()
    page.selectbox(key="build.batch_norm").select("none").run()
    assert not page.exception
    assert not any(name.endswith("_bn") for name in _layer_names(page))
    assert _metric(page, "Parameters") == "653,234"


def test_a_per_block_override_puts_batch_norm_after_that_blocks_activation(page: AppTest) -> None:
    page.selectbox(key="build.conv.1.batch_norm").select("after_activation").run()
    names = _layer_names(page)
    assert names.index("conv2_bn") == names.index("conv2_relu") + 1
    assert "conv1_bn" not in names


def test_an_impossible_kernel_shows_a_readable_error_and_no_exception(page: AppTest) -> None:
    page.number_input(key="build.conv.2.kernel_size").set_value(31).run()
    assert not page.exception
    assert len(page.error) == 1
    message = page.error[0].value
    assert "conv3" in message and "31x31" in message and "kernel_size <= 6" in message
    assert "Traceback" not in message
    assert not page.dataframe  # no table for a network that cannot exist
    # The other pages keep the last valid network.
    assert page.session_state[SPEC_KEY] == get_preset("cifar10_alexnet")


def test_a_model_too_large_for_a_laptop_is_explained(page: AppTest) -> None:
    page.selectbox(key="build.preset").select("imagenet_alexnet").run()
    page.number_input(key="build.dense.0.units").set_value(16384).run()
    page.number_input(key="build.dense.1.units").set_value(16384).run()
    assert not page.exception
    assert "more than the 150,000,000" in page.error[0].value


def test_adding_and_removing_blocks_changes_the_layers(page: AppTest) -> None:
    page.button(key="build.add_conv").click().run()
    assert "conv6" in _layer_names(page)
    page.button(key="build.conv.0.remove").click().run()
    names = _layer_names(page)
    assert "conv6" not in names
    # The old conv2 (56 filters, 5x5) is now the first block.
    assert page.dataframe[0].value.set_index("layer").loc["conv1", "params"] == (5 * 5 * 3 + 1) * 56
    page.button(key="build.dense.1.remove").click().run()
    page.button(key="build.dense.0.remove").click().run()
    assert not any(name.startswith("fc") for name in _layer_names(page))
    page.button(key="build.add_dense").click().run()
    assert "fc1" in _layer_names(page)
    assert not page.exception


def test_dropout_adds_a_dropout_layer_after_the_dense_block(page: AppTest) -> None:
    page.number_input(key="build.dense.0.dropout_rate").set_value(0.5).run()
    names = _layer_names(page)
    assert names[names.index("fc1_relu") + 1] == "fc1_dropout"


def test_the_generated_code_and_json_are_offered_for_download(page: AppTest) -> None:
    code = page.code[0].value
    assert "tf.keras.Sequential(" in code and "name='conv1'" in code
    assert '"format_version": 1' in page.code[1].value


def test_an_empty_name_is_an_error_not_a_crash(page: AppTest) -> None:
    page.text_input(key="build.name").input("").run()
    assert not page.exception
    assert "name must be a non-empty text" in page.error[0].value


def test_the_page_is_in_korean_when_the_session_language_is_korean() -> None:
    at = AppTest.from_file(BUILD_PAGE, default_timeout=60)
    at.session_state["alexnet.language"] = "ko"
    at.run()
    assert not at.exception
    assert at.title[0].value == "신경망 만들기"
    assert _metric(at, "파라미터 수") == "653,234"
    assert "출력 형태" in at.dataframe[0].value.columns


def test_the_app_shows_home_and_switches_language_from_the_sidebar() -> None:
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "AlexNet Lab"
    at.sidebar.radio[0].set_value("ko").run()
    assert not at.exception
    assert at.title[0].value == "AlexNet 실습실"
    at.sidebar.toggle[0].set_value(True).run()
    assert any("font-size: 22px" in m.value for m in at.markdown)


def test_switching_language_keeps_every_choice_made_on_the_build_page() -> None:
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.switch_page("pages/build.py").run()
    at.selectbox(key="build.preset").select("imagenet_alexnet").run()
    at.selectbox(key="build.batch_norm").select("after_activation").run()
    at.selectbox(key="build.conv.1.batch_norm").select("before_activation").run()
    at.sidebar.radio[0].set_value("ko").run()
    assert not at.exception
    assert not at.error
    assert at.selectbox(key="build.preset").value == "imagenet_alexnet"
    assert at.selectbox(key="build.batch_norm").value == "after_activation"
    assert at.selectbox(key="build.conv.1.batch_norm").value == "before_activation"
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception and not at.error
    spec = at.session_state[SPEC_KEY]
    assert spec.input_shape == (227, 227, 3)
    assert spec.conv_batch_norm(1) == "before_activation"
    assert spec.conv_batch_norm(0) == "after_activation"


def test_leaving_the_build_page_and_coming_back_keeps_the_network() -> None:
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.switch_page("pages/build.py").run()
    at.number_input(key="build.conv.0.filters").set_value(64).run()
    at.button(key="build.add_dense").click().run()
    at.switch_page("pages/home.py").run()
    assert at.session_state[SPEC_KEY].conv_blocks[0].filters == 64
    at.switch_page("pages/build.py").run()
    assert not at.exception
    assert at.number_input(key="build.conv.0.filters").value == 64
    assert "fc3" in _layer_names(at)
