"""The home page through AppTest: variants, architecture, data, runs, start path; no TensorFlow."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from alexnet.config.presets import PRESETS
from alexnet.config.run_config import run_config
from alexnet.config.spec import ConvBlock, DenseBlock, ModelSpec
from alexnet.config.training import TUTORIAL_DEFAULTS
from alexnet.store.run_store import RunStore
from tests.app.pages import page_file
from tests.paths import APP

PAGE = page_file("home")
SPEC = ModelSpec(
    name="n", input_shape=(32, 32, 3), conv_blocks=(ConvBlock(4, 3),), dense_blocks=(DenseBlock(8),)
)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(tmp_path / "runs"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))  # no Keras cache: the sample
    monkeypatch.delenv("CIFAR10_PATH", raising=False)
    return tmp_path / "runs"


def _open(path: str = PAGE) -> AppTest:
    at = AppTest.from_file(path, default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_the_page_tells_what_alexnet_is_and_names_the_three_variants(env) -> None:
    at = _open()
    text = _text(at)
    assert "Krizhevsky" in text and "2012" in text
    for spec in PRESETS.values():
        assert spec.name in text


def test_the_architecture_picture_follows_the_chosen_variant(env) -> None:
    at = _open()
    (cifar,) = [m.value for m in at.markdown if "layer-volumes" in m.value]
    assert "32×32×3" in cifar and "227×227×3" not in cifar
    at.segmented_control(key="home.variant").set_value("imagenet_alexnet").run()
    assert not at.exception
    (imagenet,) = [m.value for m in at.markdown if "layer-volumes" in m.value]
    assert "227×227×3" in imagenet


def test_the_page_draws_no_plotly_chart_so_a_first_visit_loads_no_plotly(env) -> None:
    at = _open()
    assert not at.get("plotly_chart")


def test_without_full_data_the_shipped_sample_is_named(env) -> None:
    assert "sample shipped with the app: 2,500 training" in _text(_open())


def test_a_cifar10_path_is_named_without_loading_it(env, monkeypatch, tmp_path) -> None:
    archive = tmp_path / "cifar-10-python.tar.gz"
    archive.write_bytes(b"not read by the home page")
    monkeypatch.setenv("CIFAR10_PATH", str(archive))
    assert "The full CIFAR-10: 50,000 training" in _text(_open())


def test_the_runs_so_far_are_counted_with_the_latest_first(env) -> None:
    store = RunStore(env)
    for name in ("first", "second", "third", "fourth"):
        store.create(run_config(SPEC, TUTORIAL_DEFAULTS), name=name)
    text = _text(_open())
    assert "4 runs. The latest:" in text
    assert "**fourth**" in text and "**first**" not in text


def test_with_no_runs_the_page_says_how_to_start(env) -> None:
    assert "No runs yet" in _text(_open())


def test_the_start_path_links_every_page_in_order(env) -> None:
    text = _text(_open())
    pages = ("build", "train", "compare", "predict", "inspect", "runs")
    order = [text.index(f"]({page})") for page in pages]
    assert order == sorted(order)


def test_the_app_navigation_has_compare_and_runs_and_home_links_to_them(env) -> None:
    at = _open(str(APP))
    assert len(at.get("page_link")) >= 6  # st.page_link works inside app.py's navigation
    for page in ("pages/compare.py", "pages/runs.py"):
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
