"""The Build page in a real browser against `streamlit run app.py`.

What AppTest cannot show: the first request of a fresh server going straight to /build,
uploading a spec file, and the browser's own select-box state across a language switch.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from alexnet.config.presets import get_preset
from alexnet.config.spec_json import spec_to_json
from alexnet.network.layer_table import layer_table
from tests.e2e.app_server import no_exception, settle, streamlit_app

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with streamlit_app() as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


TIMEOUT_MS = 90_000  # generous: CI machines are shared and the first run imports a lot


def _settle(page) -> None:
    """Wait until the script run triggered by the last action has finished."""
    settle(page, TIMEOUT_MS, pause_ms=300)


def _wait_for_metrics(page) -> None:
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=TIMEOUT_MS)
    _settle(page)


def _parameters(page) -> str:
    return page.locator('[data-testid="stMetricValue"]').first.inner_text()


def test_a_fresh_server_opened_at_build_shows_the_page_inside_the_app(server, page) -> None:
    # Runs first: the very first request of this server goes straight to /build.
    page.goto(f"{server}/build")
    _wait_for_metrics(page)
    no_exception(page)
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Home" in nav and "Build" in nav and "app" not in nav.split()
    assert page.get_by_text("Large font for projectors").count() == 1
    assert _parameters(page) == "653,234"


def test_uploading_a_spec_file_loads_it(server, page, tmp_path: Path) -> None:
    spec = get_preset("imagenet_alexnet").with_batch_norm("after_activation")
    path = tmp_path / "spec.json"
    path.write_text(spec_to_json(spec), encoding="utf-8")
    page.goto(f"{server}/build")
    _wait_for_metrics(page)
    page.get_by_text("Load a spec from a JSON file").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    expected = f"{layer_table(spec).total_params:,}"
    page.wait_for_function(
        "t => document.querySelector('[data-testid=\"stMetricValue\"]').innerText === t",
        arg=expected,
        timeout=TIMEOUT_MS,
    )
    no_exception(page)


def test_uploading_a_broken_file_shows_why(server, page, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    data = json.loads(spec_to_json(get_preset("cifar10_alexnet")))
    data["conv_blocks"][0]["dilation_rate"] = 2
    path.write_text(json.dumps(data), encoding="utf-8")
    page.goto(f"{server}/build")
    _wait_for_metrics(page)
    page.get_by_text("Load a spec from a JSON file").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="could not be loaded")
    alert.wait_for(timeout=TIMEOUT_MS)
    assert "dilation_rate" in alert.inner_text()
    assert _parameters(page) == "653,234"  # the page keeps the network it had
    no_exception(page)


def test_switching_language_and_back_keeps_the_chosen_preset(server, page) -> None:
    page.goto(f"{server}/build")
    _wait_for_metrics(page)
    page.get_by_role("combobox", name="Start from a preset").click()
    page.get_by_role("option", name="ImageNet AlexNet (227×227 images, 1000 classes)").click()
    _settle(page)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stMetricValue\"]').innerText"
        " === '62,378,344'",
        timeout=TIMEOUT_MS,
    )
    page.get_by_text("한국어").click()
    page.get_by_text("신경망 만들기").wait_for(timeout=TIMEOUT_MS)
    _settle(page)
    page.get_by_text("English").click()
    page.get_by_text("Build a network").wait_for(timeout=TIMEOUT_MS)
    _settle(page)
    no_exception(page)
    assert _parameters(page) == "62,378,344"


def test_a_kernel_typed_out_of_range_is_said_beside_it_and_the_download_is_named_cleanly(
    server, browser, tmp_path: Path, screenshots
) -> None:
    context = browser.new_context(viewport={"width": 1500, "height": 1100}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(f"{server}/build")
        _wait_for_metrics(page)
        page.get_by_role("combobox", name="Start from a preset").click()
        page.get_by_role("option", name="CIFAR-10 AlexNet + BatchNorm").click()
        _settle(page)
        with page.expect_download() as download:
            page.get_by_role("button", name="Download code").click()
        assert download.value.suggested_filename == "cifar10_alexnet_batchnorm.py"
        block = page.locator('[data-testid="stExpander"]').filter(has_text="conv3: 84 filters")
        block.get_by_text("conv3: 84 filters").click()  # open the third conv block
        box = block.get_by_role("spinbutton", name="kernel_size")
        box.fill("40")
        box.press("Enter")
        message = "conv3: kernel_size=40 is out of range; use a value from 1 to 31."
        alert = page.locator('[data-testid="stAlert"]').filter(has_text=message).first
        alert.wait_for()
        _settle(page)
        assert alert.is_visible()
        assert page.get_by_text("This network cannot be built.").count() == 1
        no_exception(page)
        page.screenshot(path=str(screenshots / "build_out_of_range.png"), full_page=True)
    finally:
        context.close()
