"""Bad input through the pages: every one answered with a readable message, never a traceback.

Fuzzed networks through the Build page's widgets, hostile spec files through its upload,
training settings out of range on the Train page, every kind of awkward image through the
Predict page's upload, damaged run folders and hostile links on the Runs page.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from alexnet.config.presets import get_preset
from alexnet.config.spec import MAX_FILTERS, MAX_KERNEL_SIZE, MAX_STRIDES
from alexnet.config.spec_json import spec_to_json
from alexnet.network.layer_table import layer_table
from alexnet.store.run_store import RunStore
from tests.app.pages import SPEC_KEY
from tests.app.trained_run import top_k_bars
from tests.images import animated_gif, encode, gradient, png_claiming, sixteen_bit
from tests.paths import PAGES

FUZZ_CASES = 24


def _no_traceback(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    for element in [*at.error, *at.warning, *at.info]:
        assert "Traceback" not in str(element.value) and 'File "' not in str(element.value)


# --- Build page: fuzzed networks ------------------------------------------------------------
@pytest.fixture
def build() -> AppTest:
    at = AppTest.from_file(str(PAGES / "build.py"), default_timeout=60).run()
    assert not at.exception
    return at


@pytest.mark.slow
def test_fuzzed_networks_through_the_build_page_give_a_table_or_a_readable_error(build):
    rng = random.Random(7)
    blocks = len(get_preset("cifar10_alexnet").conv_blocks)
    outcomes = {"table": 0, "error": 0}
    for case in range(FUZZ_CASES):
        gentle = case % 2 == 0  # half the cases stay near a network that can exist
        side = rng.choice([32, 64]) if gentle else rng.choice([1, 2, 5, 8, 16, 32])
        build.number_input(key="build.height").set_value(side)
        build.number_input(key="build.width").set_value(side if gentle else rng.choice([1, 40]))
        for i in range(blocks):
            filters = rng.choice([1, 3, 64] if gentle else [1, MAX_FILTERS])
            kernel = rng.randint(1, 3) if gentle else rng.randint(1, MAX_KERNEL_SIZE)
            strides = 1 if gentle else rng.randint(1, MAX_STRIDES)
            padding = "same" if gentle else rng.choice(["valid", "same"])
            build.number_input(key=f"build.conv.{i}.filters").set_value(filters)
            build.number_input(key=f"build.conv.{i}.kernel_size").set_value(kernel)
            build.number_input(key=f"build.conv.{i}.strides").set_value(strides)
            build.selectbox(key=f"build.conv.{i}.padding").select(padding)
        build.run()
        _no_traceback(build)
        errors = [e.value for e in build.error]
        if errors:
            outcomes["error"] += 1
            assert not build.dataframe, errors  # no table for a network that cannot exist
        else:
            outcomes["table"] += 1
            assert build.dataframe
        # Whatever was typed, the other pages are handed a network that exists.
        assert layer_table(build.session_state[SPEC_KEY]).rows
    assert outcomes["error"] >= FUZZ_CASES // 4, outcomes  # the fuzz reached invalid shapes
    assert outcomes["table"] >= 1, outcomes


# --- Build page: spec files -----------------------------------------------------------------
def _deep(levels: int) -> bytes:
    return b'{"name": ' + b"[" * levels + b"]" * levels + b"}"


SPEC_FILES = {
    "malformed": b'{"name": "x", "conv_blocks": [',
    "binary garbage": bytes(range(256)) * 4,
    "utf-16 text": '{"name": "x"}'.encode("utf-16"),
    "a list": b"[1, 2, 3]",
    "empty": b"",
    "too deep": _deep(5000),
    "enormous": b'{"name": "' + b"x" * (3 * 1024 * 1024) + b'"}',
    "unknown field": json.dumps(
        {**json.loads(spec_to_json(get_preset("cifar10_alexnet"))), "__class__": "os.system"}
    ).encode(),
    "impossible network": spec_to_json(
        get_preset("cifar10_alexnet").replace(input_shape=(8, 8, 3))
    ).encode(),
    "negative filters": spec_to_json(get_preset("cifar10_alexnet"))
    .replace('"filters": 96', '"filters": -96')
    .encode(),
    "nan units": spec_to_json(get_preset("cifar10_alexnet"))
    .replace('"units": 496', '"units": NaN')
    .encode(),
}


@pytest.mark.parametrize("kind", SPEC_FILES)
def test_a_bad_spec_file_uploaded_to_the_build_page_is_refused_readably(build, kind):
    before = build.session_state[SPEC_KEY]
    build.file_uploader[0].set_value((f"{kind}.json", SPEC_FILES[kind], "application/json"))
    build.run()
    _no_traceback(build)
    errors = [e.value for e in build.error]
    # Refused on loading, or (a well-formed file of an impossible network) loaded and explained.
    assert any("could not be loaded" in e or "cannot be built" in e for e in errors), errors
    assert build.session_state[SPEC_KEY] == before  # the other pages keep a valid network


def test_a_good_spec_file_after_a_bad_one_loads(build):
    build.file_uploader[0].set_value(("bad.json", b"{", "application/json")).run()
    bn = get_preset("cifar10_alexnet_bn")
    build.file_uploader[0].set_value(("bn.json", spec_to_json(bn).encode(), "application/json"))
    build.run()
    _no_traceback(build)
    assert not build.error and build.session_state[SPEC_KEY] == bn


# --- Train page: settings out of range ------------------------------------------------------
@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("train.config.epochs", 0, "epoch"),
        ("train.config.batch_size", 0, "batch_size"),
        ("train.config.validation_split", 1.0, "validation_split"),
        ("train.config.label_smoothing", 1.0, "label_smoothing"),
        ("train.config.train_size", 10_000_000, "train_size"),
    ],
)
def test_training_settings_out_of_range_are_refused_with_the_setting_named(
    runs_dir, key, value, says
):
    at = AppTest.from_file(str(PAGES / "train.py"), default_timeout=60)
    at.session_state[SPEC_KEY] = get_preset("cifar10_alexnet")
    at.run()
    at.number_input(key=key).set_value(value).run()
    _no_traceback(at)
    if not at.button(key="train.start").disabled:
        at.button(key="train.start").click().run()
        _no_traceback(at)
    assert any(says in e.value for e in at.error), [e.value for e in at.error]
    assert RunStore(runs_dir).list() == []


# --- Predict page: awkward images -----------------------------------------------------------
SIZE = (48, 36)
PNG = encode(gradient("RGB", SIZE), "PNG")
REFUSED = {
    "a text file": ("notes.png", b"just some words, not pixels"),
    "a truncated png": ("cut.png", PNG[: len(PNG) // 2]),
    "a 20000x20000 png": ("huge.png", png_claiming(20_000, 20_000)),
    "an empty file": ("empty.png", b""),
}
CONVERTED = {
    "animated gif": ("anim.gif", animated_gif()),
    "16-bit png": ("deep.png", encode(sixteen_bit(SIZE), "PNG")),
    "grayscale png": ("gray.png", encode(gradient("L", SIZE), "PNG")),
    "cmyk jpeg": ("print.jpg", encode(gradient("CMYK", SIZE), "JPEG")),
    "rgba png": ("alpha.png", encode(gradient("RGBA", SIZE), "PNG")),
    "palette png": ("palette.png", encode(gradient("P", SIZE), "PNG")),
}


@pytest.fixture
def trained(trained_runs: Path) -> Path:
    """The session's trained run (tests/conftest.py), only read here."""
    return trained_runs


def _predict_upload(monkeypatch, trained: Path, name: str, data: bytes) -> AppTest:
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(trained))
    at = AppTest.from_file(str(PAGES / "predict.py"), default_timeout=120).run()
    source = next(g for g in at.get("button_group") if g.proto.id.endswith("predict.source"))
    source.set_value("upload")
    at.run()
    at.file_uploader[0].set_value((name, data, "image/png")).run()
    _no_traceback(at)
    return at


def _top_k(at: AppTest) -> list[str]:
    """The page's top-k pictures (none where it drew no prediction)."""
    return [m.value for m in at.markdown if 'class="top-k"' in m.value]


@pytest.mark.parametrize("kind", REFUSED)
def test_an_upload_that_cannot_be_an_image_gets_a_plain_error(monkeypatch, trained, kind):
    at = _predict_upload(monkeypatch, trained, *REFUSED[kind])
    assert any("could not be used" in e.value for e in at.error), [e.value for e in at.error]
    assert not _top_k(at)


@pytest.mark.parametrize("kind", CONVERTED)
def test_an_upload_of_any_image_mode_is_converted_and_predicted(monkeypatch, trained, kind):
    at = _predict_upload(monkeypatch, trained, *CONVERTED[kind])
    assert not at.error, [e.value for e in at.error]
    assert len(top_k_bars(at)) == 5  # the top-five bars


# --- Runs page: damaged folders and hostile links -------------------------------------------
@pytest.fixture
def damaged_store(trained: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RunStore:
    """A copy of the trained run, and copies of it each damaged in another way."""
    root = tmp_path / "runs"
    shutil.copytree(trained, root)
    store = RunStore(root)
    [good] = store.list()
    damages = {
        "config.json": b"{not json",
        "meta.json": b"[]",
        "status.json": b"",
        "checkpoints/last.keras": b"PK\x03\x04 cut short",
    }
    for n, (name, data) in enumerate(damages.items()):
        copy = root / f"20200101-00000{n}-dead0{n}"
        shutil.copytree(root / good.run_id, copy)
        (copy / name).write_bytes(data)
    missing = root / "20200101-000009-dead09"
    shutil.copytree(root / good.run_id, missing)
    (missing / "config.json").unlink()
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(root))
    return store


def test_the_runs_page_lists_every_damaged_folder_and_still_works(damaged_store):
    at = AppTest.from_file(str(PAGES / "runs.py"), default_timeout=120).run()
    _no_traceback(at)
    damaged = [i for i in damaged_store.list() if i.damaged]
    assert len(damaged) == 5
    shown = " ".join(w.value for w in at.warning)
    assert all(i.run_id in shown for i in damaged), shown
    for info in damaged:  # each can be chosen and looked at without a traceback
        at.selectbox(key="runs.chosen").select(info.run_id).run()
        _no_traceback(at)


@pytest.mark.parametrize(
    "link", ["../../outside", "..", "20200101-000000-dead00/../..", "%2e%2e", "<script>", ""]
)
def test_a_hostile_run_link_is_ignored_and_nothing_outside_is_touched(damaged_store, link):
    outside = damaged_store.root.parent / "outside"
    outside.mkdir()
    (outside / "status.json").write_text('{"state": "stopped"}')
    for page, param in (("runs.py", "run"), ("compare.py", "runs"), ("train.py", "run")):
        at = AppTest.from_file(str(PAGES / page), default_timeout=120)
        at.query_params[param] = link
        at.run()
        _no_traceback(at)
    assert (outside / "status.json").read_text() == '{"state": "stopped"}'
    assert len(damaged_store.list()) == 6
