"""Every page in Korean shows no English: with stored runs, and on each error path we can reach.

The pages open with the session in Korean (the app itself through `?lang=ko`) on one run
store: a finished, a stopped, a failed, a running and a damaged run, and a batch
normalization experiment's pair under the names the experiment gave them. What each page
shows is collected (`tests/app/page_text.py`) and any English in it fails the test.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator

import pytest
from streamlit.testing.v1 import AppTest

from alexnet.config.presets import get_preset
from alexnet.config.run_config import run_config
from alexnet.config.spec_json import spec_to_json
from alexnet.jobs.bn_experiment import EXPERIMENT_PREFIX, TAG, arm_names, experiment_run_name
from alexnet.store.run_store import RunStore
from tests.app.page_text import english_in, shown_texts
from tests.app.pages import RUN_KEY
from tests.app.run_store_fixture import StoreRuns, build_store
from tests.app.trained_run import TINY_CONFIG
from tests.conftest import environment
from tests.images import encode, gradient, png_claiming
from tests.paths import APP, page_file
from tests.specs import TINY, TINY_BN

PNG = encode(gradient("RGB", (48, 36)), "PNG")


def _add_experiment(store: RunStore, runs: StoreRuns) -> list[str]:
    """A finished pair of the batch normalization experiment, named as the experiment names
    its runs (the curves are the finished run's)."""
    config = TINY_CONFIG.replace(epochs=2, log_every_steps=2)
    ids = []
    for spec, arm in zip((TINY, TINY_BN), arm_names(config.learning_rate), strict=True):
        run_id = store.create(
            run_config(spec, config), name=experiment_run_name(arm, config.seed),
            tags=(TAG, EXPERIMENT_PREFIX + "실습"), group="pair-walk", arm_name=arm,
        )  # fmt: skip
        for name in ("metrics.jsonl", "evaluation.json"):
            if store.path(runs.finished, name).exists():
                shutil.copy(store.path(runs.finished, name), store.path(run_id, name))
        store.write_status(run_id, state="finished", started_at=1.0, ended_at=21.0)
        ids.append(run_id)
    return ids


@pytest.fixture(scope="module")
def walk_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[StoreRuns, list[str]]]:
    """The runs every page shows, as the app's runs folder; the run names the test gave."""
    root = tmp_path_factory.mktemp("walk_runs")
    runs = build_store(root)
    store = RunStore(root)
    _add_experiment(store, runs)
    # Names this test gave its own runs are data; the experiment's are the app's words.
    given = [i.name for i in store.list() if not i.arm_name and not i.damaged]
    given += [TINY.name, TINY_BN.name, *{tag for i in store.list() for tag in i.tags} - {TAG}]
    with environment("ALEXNET_RUNS_DIR", str(root)), environment("CIFAR10_PATH", None):
        yield runs, given


def _page(name: str, language: str = "ko") -> AppTest:
    at = AppTest.from_file(str(APP) if name == "app" else page_file(name), default_timeout=120)
    at.session_state["alexnet.language"] = language
    return at.run()


def _in_korean(at: AppTest) -> AppTest:
    """The page run again in Korean. The steps before run in English: AppTest formats a
    widget's value outside the page's session, in English, and would miss it among Korean
    options."""
    at.session_state["alexnet.language"] = "ko"
    return at.run()


def _open(name: str) -> Callable[[], AppTest]:
    return lambda: _page(name)


def _app_by_link() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["lang"] = "ko"
    return at.run()


def _bad_upload(data: bytes) -> Callable[[], AppTest]:
    def upload() -> AppTest:
        at = _page("predict", "en")
        source = next(g for g in at.get("button_group") if g.proto.id.endswith("predict.source"))
        source.set_value("upload").run()
        at.file_uploader[0].set_value(("사진.png", data, "image/png"))
        return _in_korean(at)

    return upload


def _build_too_small_input() -> AppTest:
    at = _page("build", "en")
    at.number_input(key="build.height").set_value(4)
    at.number_input(key="build.width").set_value(4)
    return _in_korean(at)


def _build_negative_filters() -> AppTest:
    at = _page("build", "en")
    text = spec_to_json(get_preset("cifar10_alexnet")).replace('"filters": 96', '"filters": -96')
    at.file_uploader[0].set_value(("설계.json", text.encode(), "application/json"))
    return _in_korean(at)


def _train_start(at: AppTest) -> AppTest:
    if not at.button(key="train.start").disabled:
        at.button(key="train.start").click()
    return _in_korean(at)


def _train_missing_data() -> AppTest:
    with environment("CIFAR10_PATH", "/없는/cifar-10-python.tar.gz"):
        return _train_start(_page("train", "en"))


def _train_bad_setting() -> AppTest:
    at = _page("train", "en")
    at.number_input(key="train.config.validation_split").set_value(1.0).run()
    return _train_start(at)


def _import_bad_zip() -> AppTest:
    at = _page("runs", "en")
    at.file_uploader(key="runs.import.files.0").set_value(
        [("과제.zip", b"PK\x03\x04 not a whole zip", "application/zip")]
    ).run()
    at.button(key="runs.import").click()
    return _in_korean(at)


CASES: dict[str, Callable[[], AppTest]] = {
    "app with ?lang=ko": _app_by_link,
    **{page: _open(page) for page in ("home", "build", "train", "compare", "runs")},
    **{page: _open(page) for page in ("predict", "inspect")},
    "predict: not an image": _bad_upload(b"just some words, not pixels"),
    "predict: a damaged image": _bad_upload(PNG[: len(PNG) // 2]),
    "predict: an image too large": _bad_upload(png_claiming(20_000, 20_000)),
    "predict: an empty file": _bad_upload(b""),
    "build: a kernel bigger than its input": _build_too_small_input,
    "build: a negative filter count": _build_negative_filters,
    "train: no CIFAR-10 where CIFAR10_PATH points": _train_missing_data,
    "train: a setting out of range": _train_bad_setting,
    "runs: a bad zip imported": _import_bad_zip,
}


DRAWN = ("app with ?lang=ko", "home", "build", "compare", "predict", "inspect")


# A page showing stored runs: (page, how it is told which: the Train page's session key or a
# link's parameter, the runs of `StoreRuns`).
RUN_VIEWS = {
    "train: the run training now": ("train", RUN_KEY, "running"),
    "runs: a finished run": ("runs", "run", "finished"),
    "runs: a damaged run": ("runs", "run", "damaged"),
    "compare: two runs": ("compare", "runs", "finished,tutorial"),
}


def _check(at: AppTest, given: list[str], drawn: bool) -> None:
    assert not at.exception, [e.value for e in at.exception]
    if drawn:  # the page got as far as its charts, so their words were checked too
        svg = [m for m in at.markdown if m.value.startswith("<svg")]
        assert at.get("plotly_chart") or svg, "the page drew no chart"
    english = english_in(shown_texts(at), data=given)
    assert not english, "English on a Korean page:\n" + "\n".join(english)


@pytest.mark.parametrize("case", CASES)
def test_every_text_a_page_shows_in_korean_is_korean(walk_store, case) -> None:
    at = CASES[case]()
    if ": " in case:  # an error path: the page said what went wrong
        assert at.error, f"{case}: no error shown"
    _check(at, walk_store[1], case in DRAWN)


@pytest.mark.parametrize("case", RUN_VIEWS)
def test_a_page_showing_stored_runs_in_korean_is_korean(walk_store, case) -> None:
    runs, given = walk_store
    page, key, which = RUN_VIEWS[case]
    ids = ",".join(getattr(runs, name) for name in which.split(","))
    at = AppTest.from_file(page_file(page), default_timeout=120)
    at.session_state["alexnet.language"] = "ko"
    if key == RUN_KEY:
        at.session_state[RUN_KEY] = ids
    else:
        at.query_params[key] = ids
    _check(at.run(), given, page != "runs")


def test_the_english_check_finds_a_sentence_and_passes_technical_terms() -> None:
    assert english_in(["No BN · seed 0"]) == ["'seed' in 'No BN · seed 0'"]
    assert english_in(["is up"]) == ["'is up' in 'is up'"]
    assert english_in(["Conv2D 뒤 ReLU, kernel_size 3, `python -m alexnet list`"]) == []
    assert english_in(["[1. 만들기](build) 런 20250101-120000-a1b2c3"]) == []
    assert english_in(["tiny finished 완료"], data=["tiny finished"]) == []


def test_the_train_page_showing_a_finished_run_in_korean_is_korean(trained_runs, walk_store):
    """The shared trained run, alone in its folder: no live run takes the Train page's place."""
    given = [*walk_store[1], *(i.name for i in RunStore(trained_runs).list())]
    with environment("ALEXNET_RUNS_DIR", str(trained_runs)):
        at = _page("train")
    assert "데이터: " in " ".join(shown_texts(at))  # its status, with the data it trained on
    _check(at, given, drawn=True)
