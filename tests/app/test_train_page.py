"""The Train page through AppTest: settings errors, refusals, and real runs in real workers."""

from __future__ import annotations

import base64
import hashlib
import http.server
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from alexnet.store.processes import is_process_alive
from alexnet.store.run_store import RunStore
from tests.app.pages import SPEC_KEY, page_file
from tests.cifar_files import archive_bytes, official_files
from tests.processes import free_port
from tests.specs import TINY
from tests.waiting import wait_for

TRAIN_PAGE = page_file("train")


@pytest.fixture
def page(runs_dir: Path) -> AppTest:
    at = AppTest.from_file(TRAIN_PAGE, default_timeout=120)
    at.session_state[SPEC_KEY] = TINY
    at.run()
    assert not at.exception
    return at


def _length(values: list | dict) -> int:
    # Plotly sends NumPy-backed arrays as {"dtype": "f8", "bdata": <base64>}.
    if isinstance(values, dict):
        return len(base64.b64decode(values["bdata"])) // np.dtype(values["dtype"]).itemsize
    return len(values)


def _chart_points(at: AppTest) -> int:
    """Points of the per-step loss chart (its raw trace), 0 while it waits for metrics."""
    for chart in at.get("plotly_chart"):
        if "train.chart.step.loss" in chart.proto.id:
            data = json.loads(chart.proto.spec)["data"]
            return _length(data[0]["x"]) if data else 0
    raise AssertionError("the per-step loss chart is missing")


def _quick_run_settings(at: AppTest, epochs: int = 200) -> None:
    # A few hundred sample images, small batches, a metrics line every 2 batches; many
    # epochs, so the run is still training when the test looks (Stop ends it).
    at.number_input(key="train.config.train_size").set_value(300)
    at.number_input(key="train.config.batch_size").set_value(10)
    at.number_input(key="train.config.epochs").set_value(epochs)
    at.number_input(key="train.config.log_every_steps").set_value(2)
    at.run()
    assert not at.error, [e.value for e in at.error]


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


def test_the_page_renders_with_no_runs(page: AppTest) -> None:
    assert "No runs yet" in _texts(page)
    assert not page.error
    assert page.button(key="train.start").disabled is False


def test_an_invalid_training_config_shows_the_engines_message_and_no_exception(
    page: AppTest,
) -> None:
    page.number_input(key="train.config.learning_rate").set_value(0.0).run()
    assert not page.exception
    assert any("learning_rate" in e.value for e in page.error)
    assert page.button(key="train.start").disabled


def test_a_batch_larger_than_the_subset_is_refused_on_start(page: AppTest, runs_dir) -> None:
    page.number_input(key="train.config.train_size").set_value(100)
    page.number_input(key="train.config.batch_size").set_value(500).run()
    page.button(key="train.start").click().run()
    assert not page.exception
    assert any("batch_size=500" in e.value for e in page.error)
    assert RunStore(runs_dir).list() == []


def test_the_random_image_count_stops_at_what_fits_in_memory_for_the_network(
    page: AppTest,
) -> None:
    from alexnet.data import max_random_train_images

    small = page.number_input(key="train.sanity.images")
    assert small.max == max_random_train_images((32, 32, 3)) > 1_000_000
    small.set_value(100_000).run()
    page.selectbox(key="train.network").select("imagenet_alexnet").run()
    assert not page.exception
    images = page.number_input(key="train.sanity.images")
    assert images.max == max_random_train_images((227, 227, 3)) == 27_583
    assert images.value == 27_583  # brought down to what fits, not refused after Start
    assert any("at most 27,583 fit" in c.value for c in page.caption)


def test_the_imagenet_network_on_cifar10_images_is_refused_with_a_way_out(
    page: AppTest, runs_dir
) -> None:
    page.selectbox(key="train.network").select("imagenet_alexnet").run()
    page.button(key="train.start").click().run()
    assert not page.exception
    message = " ".join(e.value for e in page.error)
    assert "227x227x3" in message and "32x32x3" in message
    assert "sanity test" in message
    assert RunStore(runs_dir).list() == []


def test_a_path_that_is_not_cifar10_shows_why_and_disables_start(
    page: AppTest, tmp_path: Path
) -> None:
    page.text_input(key="train.data.path").input(str(tmp_path / "missing.tar.gz")).run()
    assert not page.exception
    assert any("missing.tar.gz" in e.value for e in page.error)
    assert page.button(key="train.start").disabled


def test_the_sanity_test_shows_chance_accuracy_for_the_network(page: AppTest) -> None:
    page.selectbox(key="train.network").select("imagenet_alexnet").run()
    captions = " ".join(c.value for c in page.caption)
    assert "1/1000 = 0.10%" in captions


def test_start_trains_in_a_worker_whose_curve_grows_and_stop_ends_it(
    page: AppTest, runs_dir: Path
) -> None:
    _quick_run_settings(page)
    page.button(key="train.start").click().run()
    assert not page.exception and not page.error
    store = RunStore(runs_dir)
    (info,) = store.list()
    pid = info.status["pid"]
    assert pid != os.getpid() and is_process_alive(pid, info.status.get("pid_start"))

    wait_for(lambda: _chart_points(page.run()) > 0, 90, "the first metrics on the chart")
    first = _chart_points(page)
    wait_for(lambda: _chart_points(page.run()) > first, 120, "the chart to grow")
    assert "images/s" in page.get("progress")[0].proto.text

    page.button(key="train.stop").click().run()
    assert not page.exception
    wait_for(lambda: store.read_status(info.run_id)["state"] == "stopped", 120, "the stop")
    page.run()
    assert "stopped" in _texts(page)

    page.button(key="train.resume").click().run()  # a stopped run offers Resume
    assert not page.exception and not page.error
    resumed = store.read_status(info.run_id)
    assert resumed["state"] == "running" and resumed["pid"] != pid  # a new worker
    assert "training" in _texts(page)
    page.button(key="train.stop").click().run()
    wait_for(lambda: store.read_status(info.run_id)["state"] == "stopped", 60, "the 2nd stop")


def test_a_second_run_while_one_trains_is_shown_queued_with_its_place(
    page: AppTest, runs_dir: Path
) -> None:
    _quick_run_settings(page)
    page.button(key="train.start").click().run()
    page.button(key="train.start").click().run()
    assert not page.exception
    store = RunStore(runs_dir)
    states = sorted(info.state for info in store.list())
    assert states == ["queued", "running"]
    assert "place 1" in _texts(page)
    page.button(key="train.stop").click().run()  # the shown, queued run: stops at once
    assert sorted(info.state for info in store.list()) == ["running", "stopped"]


def test_the_sanity_test_trains_on_noise_and_shows_chance_beside_the_result(
    page: AppTest, runs_dir: Path
) -> None:
    page.number_input(key="train.sanity.images").set_value(200)
    page.number_input(key="train.sanity.batch_size").set_value(20)
    page.button(key="train.sanity").click().run()
    assert not page.exception and not page.error
    store = RunStore(runs_dir)
    (info,) = store.list()
    assert store.read_config(info.run_id).data.source == "random"
    wait_for(lambda: store.read_status(info.run_id)["state"] == "finished", 120, "the end")
    page.run()
    metrics = {m.label: m.value for m in page.metric}
    assert metrics["Chance accuracy (1/10)"] == "10.0%"
    assert "Test accuracy" in metrics
    assert _chart_points(page) == 10  # 10 batches, each logged: a short test still has a curve


class _ArchiveServer(http.server.ThreadingHTTPServer):
    archive = b""


class _ArchiveHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = self.server.archive  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass


@pytest.fixture
def archive_server() -> Iterator[_ArchiveServer]:
    """A local web server that serves a small CIFAR-10 archive (not the official file)."""
    server = _ArchiveServer(("127.0.0.1", 0), _ArchiveHandler)
    server.archive = archive_bytes(official_files(per_batch=100, test_size=200))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_download_shows_its_progress_and_then_the_downloaded_data(
    page: AppTest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, archive_server
) -> None:
    import ui.train.data

    archive = archive_server.archive
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))  # no cached copy there
    monkeypatch.setattr(
        ui.train.data, "DOWNLOAD_URL", f"http://127.0.0.1:{archive_server.server_port}/c.tgz"
    )
    monkeypatch.setattr(ui.train.data, "DOWNLOAD_SHA256", hashlib.sha256(archive).hexdigest())
    page.run()
    page.button(key="train.download").click().run()
    assert not page.exception and not page.error
    assert f"{len(archive) / 2**20:.1f} MB" in page.get("progress")[0].proto.text
    assert "downloaded to" in page.success[0].value
    page.run()
    assert "In use: CIFAR-10 downloaded to" in _texts(page)
    assert "500 training and 200 test images" in _texts(page)


@pytest.mark.parametrize("failure", ["nothing answers", "another file comes"])
def test_a_failed_download_says_why_and_the_sample_stays_in_use(
    page: AppTest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, archive_server, failure
) -> None:
    import ui.train.data

    keras_home = tmp_path / "keras"
    monkeypatch.setenv("KERAS_HOME", str(keras_home))  # no cached copy there
    if failure == "nothing answers":
        url, says = f"http://127.0.0.1:{free_port()}/c.tgz", "Connection refused"
    else:  # the server's archive is whole, but not the file the checksum names
        url, says = f"http://127.0.0.1:{archive_server.server_port}/c.tgz", "has sha256"
    monkeypatch.setattr(ui.train.data, "DOWNLOAD_URL", url)
    monkeypatch.setattr(ui.train.data, "DOWNLOAD_SHA256", "0" * 64)
    page.run()
    before = _texts(page)
    page.button(key="train.download").click().run()
    assert not page.exception and not page.success
    (error,) = [e.value for e in page.error]
    assert error.startswith("The download failed: ") and url in error and says in error
    assert error.endswith(
        "Check the internet connection and try again; a partial download is resumed."
    )
    assert not page.get("progress")  # the bar is gone, not left half full
    assert not list(keras_home.rglob("*.tar.gz"))  # nothing that could pass for data
    page.run()
    assert _texts(page) == before  # still the shipped sample, and the button to try again
    assert "2,500 training and 1,000 test images" in before
    assert not page.button(key="train.download").disabled


def test_progress_names_epoch_step_speed_and_time_left() -> None:
    from ui.train.run_panel import progress_text

    status = {"epochs": 5, "steps_per_epoch": 32, "epoch": 0}
    last_step = {"epoch": 1, "batch": 16, "step": 16, "images_per_second": 64.0}
    fraction, text = progress_text(status, last_step, batch_size=32)
    assert fraction == pytest.approx(16 / 160)
    # (160 - 16) batches x 32 images / 64 images/s = 72 s
    assert text == "Epoch 1/5 · step 16/32 · 64 images/s · 1 min 12 s left"


def test_progress_counts_an_ended_epoch_whose_last_batch_was_not_logged() -> None:
    from ui.train.run_panel import progress_text

    status = {"epochs": 5, "steps_per_epoch": 32, "epoch": 1}
    last_step = {"epoch": 1, "batch": 30, "step": 30, "images_per_second": 64.0}
    fraction, text = progress_text(status, last_step, batch_size=32)
    assert fraction == pytest.approx(32 / 160)
    assert text.startswith("Epoch 1/5 · step 32/32")


def test_mixed_precision_is_offered_where_it_pays_and_reaches_the_worker(
    runs_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alexnet.training import cpu_features

    native = cpu_features.cpu_computes_bfloat16()
    monkeypatch.setattr(cpu_features, "mixed_precision_available", lambda: True)
    at = AppTest.from_file(TRAIN_PAGE, default_timeout=120)
    at.session_state[SPEC_KEY] = TINY
    at.run()
    box = at.checkbox(key="train.config.mixed_precision")
    assert not box.disabled and box.value is False  # off by default: the tutorial's float32
    box.check()
    _quick_run_settings(at, epochs=1)
    at.button(key="train.start").click().run()
    assert not at.exception and not at.error
    store = RunStore(runs_dir)
    (info,) = store.list()
    assert store.read_config(info.run_id).training.mixed_precision is True
    wait_for(
        lambda: store.read_status(info.run_id)["state"] in ("finished", "failed"), 120, "the end"
    )
    status = store.read_status(info.run_id)
    if native:  # the worker really trained in bfloat16
        assert status["state"] == "finished" and status["precision"] == "mixed_bfloat16"
    else:  # the page was told it pays; the worker knows better and says why
        assert status["state"] == "failed" and "bfloat16" in status["error"]


def test_mixed_precision_is_disabled_with_the_reason_where_it_would_slow_training(
    runs_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alexnet.training import cpu_features

    monkeypatch.setattr(cpu_features, "mixed_precision_available", lambda: False)
    at = AppTest.from_file(TRAIN_PAGE, default_timeout=120)
    at.session_state[SPEC_KEY] = TINY
    at.session_state["train.config.mixed_precision"] = True  # e.g. left over from elsewhere
    at.run()
    box = at.checkbox(key="train.config.mixed_precision")
    assert box.disabled and box.value is False
    assert any("needs a GPU or a processor with bfloat16" in c.value for c in at.caption)
