"""The Build page says what is wrong where it is wrong, in the page's language.

A value typed outside a setting's range is named beside its block with the allowed range
(the widgets have no bounds of their own, which would only turn red), an upload's problem is
said until the file goes or the network changes, an upload that leaves settings out says
which defaults it took, and the last conv block says why it cannot be removed.
"""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from alexnet.config.presets import CIFAR10_ALEXNET, IMAGENET_ALEXNET
from alexnet.config.spec_json import spec_to_dict
from tests.app.pages import SPEC_KEY, page_file

BUILD_PAGE = page_file("build")


@pytest.fixture
def page() -> AppTest:
    at = AppTest.from_file(BUILD_PAGE, default_timeout=60).run()
    assert not at.exception
    return at


def _errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


RANGE = "is out of range; use a value from"
OUT_OF_RANGE = {
    "build.conv.2.kernel_size": (40, f"conv3: kernel_size=40 {RANGE} 1 to 31."),
    "build.conv.0.strides": (33, f"conv1: strides=33 {RANGE} 1 to 16."),
    "build.conv.1.filters": (0, f"conv2: filters=0 {RANGE} 1 to 4096."),
    "build.dense.0.dropout_rate": (
        1.0,
        "fc1: dropout_rate=1.0 is out of range; use 0 (no dropout) up to 0.9.",
    ),
    "build.height": (0, f"model: input height=0 {RANGE} 1 to 1024."),
}


@pytest.mark.parametrize("widget", list(OUT_OF_RANGE))
def test_a_value_out_of_range_is_named_beside_its_block_and_the_network_is_kept(
    page: AppTest, widget: str
) -> None:
    value, message = OUT_OF_RANGE[widget]
    page.number_input(key=widget).set_value(value).run()
    assert not page.exception
    errors = _errors(page)
    assert message in errors  # beside the block, not only in a tooltip
    assert any(e.startswith("This network cannot be built.") and message in e for e in errors)
    assert page.session_state[SPEC_KEY] == CIFAR10_ALEXNET  # the last valid network stays


def test_every_wrong_setting_is_named_not_only_the_first(page: AppTest) -> None:
    page.number_input(key="build.conv.0.filters").set_value(0)
    page.number_input(key="build.dense.1.units").set_value(0).run()
    errors = _errors(page)
    assert any(e.startswith("conv1: filters=0") for e in errors)
    assert any(e.startswith("fc2: units=0") for e in errors)


def test_in_korean_the_range_is_said_in_korean(page: AppTest) -> None:
    page.session_state["alexnet.language"] = "ko"
    page.number_input(key="build.conv.2.kernel_size").set_value(40).run()
    assert "conv3: kernel_size=40은(는) 범위를 벗어났습니다. 1부터 31 사이의 값을 쓰세요." in (
        _errors(page)
    )
    assert any(e.startswith("이 신경망은 만들 수 없습니다.") for e in _errors(page))


def _upload(at: AppTest, name: str, content: bytes) -> AppTest:
    return at.file_uploader[0].set_value((name, content, "application/json")).run()


def test_an_upload_error_goes_when_the_file_is_removed_or_the_network_changes(page) -> None:
    _upload(page, "broken.json", b"{")
    assert any("This file could not be loaded" in e for e in _errors(page))
    page.number_input(key="build.conv.0.filters").set_value(64).run()  # the network changes
    assert not any("could not be loaded" in e for e in _errors(page))
    _upload(page, "broken.json", b"[1, 2]")
    assert any("could not be loaded" in e for e in _errors(page))
    page.file_uploader[0].set_value(None).run()  # the file is removed
    assert not any("could not be loaded" in e for e in _errors(page))


def test_an_upload_that_leaves_settings_out_says_which_defaults_it_took(page: AppTest) -> None:
    data = spec_to_dict(IMAGENET_ALEXNET)
    del data["input_shape"], data["conv_blocks"][1]["padding"]
    _upload(page, "partial.json", json.dumps(data).encode())
    assert not page.exception
    notes = [i.value for i in page.info]
    note = next(n for n in notes if n.startswith("The file left these settings out"))
    assert "model input_shape = (32, 32, 3)" in note and "conv2 padding = same" in note
    assert page.number_input(key="build.height").value == 32  # what was filled, said above


def test_the_last_conv_block_says_why_it_stays(page: AppTest) -> None:
    for _ in range(4):
        page.button(key="build.conv.1.remove").click().run()
    remove = page.button(key="build.conv.0.remove")
    assert remove.disabled
    assert "A network needs at least one conv block, so the last one stays." in [
        c.value for c in page.caption
    ]
