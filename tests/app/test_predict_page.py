"""The Predict page through AppTest, on a real run trained for one short epoch."""

from __future__ import annotations

import shutil

import numpy as np
from streamlit.testing.v1 import AppTest

from tests.app.pages import page_file
from tests.app.trained_run import image_captions, run_page, top_k_bars
from tests.images import png_bytes
from ui.state import MODEL_KEY

PAGE = page_file("predict")


def test_without_runs_the_page_says_to_train_a_model_first(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(tmp_path))
    at = run_page(AppTest.from_file(PAGE, default_timeout=120))
    assert any("Train a model on the Train page first" in i.value for i in at.info)
    assert not [m for m in at.markdown if 'class="top-k"' in m.value]


def test_a_clicked_gallery_image_gets_top_five_bars_and_a_verdict(trained_runs_dir) -> None:
    at = run_page(AppTest.from_file(PAGE, default_timeout=120))
    picks = [b for b in at.button if ".pick." in b.key]
    assert len(picks) == 12
    chosen = picks[3]
    index = int(chosen.key.rsplit(".", 1)[1])
    chosen.click()
    run_page(at)
    bars = top_k_bars(at)
    probs = np.array([p for _, p in bars])
    assert len(bars) == len(probs) == 5
    assert np.all(np.diff(probs) <= 0)  # most likely first
    assert 0 < probs.sum() <= 1.0 + 1e-6
    assert any(c.startswith(f"original: test image {index},") for c in image_captions(at))
    verdicts = [e.value for e in [*at.success, *at.error]]
    assert len(verdicts) == 1 and verdicts[0].startswith(("Right:", "Wrong:"))


def test_an_uploaded_png_of_any_size_gets_top_five_bars(trained_runs_dir) -> None:
    at = run_page(AppTest.from_file(PAGE, default_timeout=120))
    source = next(g for g in at.get("button_group") if g.proto.id.endswith("predict.source"))
    source.set_value("upload")
    run_page(at)
    assert any("Upload an image" in i.value for i in at.info)
    at.file_uploader[0].set_value(("photo.png", png_bytes(300, 200), "image/png"))
    run_page(at)
    assert len(top_k_bars(at)) == 5
    captions = " ".join(image_captions(at))
    assert "photo.png, 300 x 200 pixels" in captions and "model input: 32 x 32 pixels" in captions
    assert any("true class of an upload is unknown" in i.value for i in at.info)


def test_an_upload_that_is_not_an_image_gets_a_plain_error(trained_runs_dir) -> None:
    at = run_page(AppTest.from_file(PAGE, default_timeout=120))
    source = next(g for g in at.get("button_group") if g.proto.id.endswith("predict.source"))
    source.set_value("upload")
    run_page(at)
    at.file_uploader[0].set_value(("notes.png", b"not an image at all", "image/png"))
    run_page(at)
    assert any("could not be used" in e.value for e in at.error)
    assert not [m for m in at.markdown if 'class="top-k"' in m.value]


def test_random_batch_mode_shows_twenty_images_each_marked_right_or_wrong(trained_runs_dir) -> None:
    at = run_page(AppTest.from_file(PAGE, default_timeout=120))
    mode = next(g for g in at.get("button_group") if g.proto.id.endswith("predict.mode"))
    mode.set_value("batch")
    run_page(at)
    assert len(at.get("image")) == 20
    marks = [m.value for m in at.markdown if "check_circle" in m.value or "cancel" in m.value]
    assert len(marks) == 20
    right = sum("check_circle" in m for m in marks)
    assert at.metric[0].value == f"{right} / 20"


def test_a_run_with_a_damaged_checkpoint_is_left_out_with_a_warning(
    trained_runs, tmp_path, monkeypatch
) -> None:
    run = next(p for p in trained_runs.iterdir() if p.is_dir())
    copy = tmp_path / run.name
    shutil.copytree(run, copy)
    for checkpoint in (copy / "checkpoints").glob("*.keras"):
        checkpoint.write_bytes(b"PK\x03\x04 truncated")
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(tmp_path))
    at = run_page(AppTest.from_file(PAGE, default_timeout=120))
    assert any(run.name in w.value and "damaged" in w.value for w in at.warning)
    assert any("Train a model on the Train page first" in i.value for i in at.info)


def test_a_model_file_that_is_not_a_model_gives_a_message_not_a_traceback(
    tmp_path, monkeypatch
) -> None:
    pretrained = tmp_path / "pretrained"
    pretrained.mkdir()
    (pretrained / "broken.keras").write_bytes(b"this is not a zip archive")
    monkeypatch.setenv("ALEXNET_PRETRAINED_DIR", str(pretrained))
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(tmp_path / "runs"))
    at = run_page(AppTest.from_file(PAGE, default_timeout=120))
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "could not be loaded" in errors[0] and "zip" in errors[0]
    assert not [m for m in at.markdown if 'class="top-k"' in m.value]


def test_a_model_chosen_elsewhere_is_the_one_shown(trained_runs, tmp_path, monkeypatch) -> None:
    run = next(p for p in trained_runs.iterdir() if p.is_dir())
    older = "20000101-000000-abcdef"  # listed after the real run (newest first)
    shutil.copytree(run, tmp_path / run.name)
    shutil.copytree(run, tmp_path / older)
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(tmp_path))
    at = AppTest.from_file(PAGE, default_timeout=120)
    run_page(at)
    assert at.selectbox(key="predict.model").value == f"run:{run.name}"
    at.session_state[MODEL_KEY] = f"run:{older}"  # as "open in Predict" on Runs does
    run_page(at)
    assert at.selectbox(key="predict.model").value == f"run:{older}"


def test_shipped_pretrained_models_are_offered_first_even_without_runs(
    trained_runs, tmp_path, monkeypatch
) -> None:
    run = next(p for p in trained_runs.iterdir() if p.is_dir())
    pretrained = tmp_path / "pretrained"
    pretrained.mkdir()
    shutil.copy(run / "checkpoints" / "last.keras", pretrained / "cifar10_alexnet_bn.keras")
    monkeypatch.setenv("ALEXNET_PRETRAINED_DIR", str(pretrained))
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(tmp_path / "no_runs_yet"))
    at = run_page(AppTest.from_file(PAGE, default_timeout=120))
    chooser = at.selectbox(key="predict.model")
    assert chooser.options == ["Pretrained: cifar10_alexnet_bn"]
    assert len(top_k_bars(at)) == 5


def test_full_cifar10_test_images_come_memory_mapped_and_get_predictions(
    trained_runs_dir, tmp_path, monkeypatch
) -> None:
    from tests.cifar_files import official_files, write_archive
    from ui import image_picker as gallery

    archive = write_archive(
        tmp_path / "cifar-10-python.tar.gz", official_files(per_batch=20, test_size=150)
    )
    monkeypatch.setenv("CIFAR10_PATH", str(archive))
    gallery.test_images.clear()  # the test set is kept for the server's life
    try:
        at = run_page(AppTest.from_file(PAGE, default_timeout=120))
        images = gallery.test_images()
        assert isinstance(images.x, np.memmap) and len(images.y) == 150
        assert str(archive) in images.description
        picks = [b for b in at.button if ".pick." in b.key]
        index = int(picks[0].key.rsplit(".", 1)[1])
        picks[0].click()
        run_page(at)
        assert len(top_k_bars(at)) == 5
        assert any(c.startswith(f"original: test image {index},") for c in image_captions(at))
        assert not at.exception
    finally:
        gallery.test_images.clear()


def test_a_cifar10_path_that_is_gone_leaves_the_sample_and_says_why(
    trained_runs_dir, tmp_path, monkeypatch
) -> None:
    from alexnet.data import load_sample
    from ui import image_picker as gallery

    missing = tmp_path / "moved-away" / "cifar-10-python.tar.gz"
    monkeypatch.setenv("CIFAR10_PATH", str(missing))
    gallery.test_images.clear()  # the test set is kept for the server's life
    try:
        at = run_page(AppTest.from_file(PAGE, default_timeout=120))
        assert not at.exception
        (warning,) = [w.value for w in at.warning if "gallery shows" in w.value]
        assert str(missing) in warning and "does not exist" in warning
        assert len(gallery.test_images().y) == len(load_sample().y_test)
        picks = [b for b in at.button if ".pick." in b.key]
        picks[0].click()
        run_page(at)
        assert len(top_k_bars(at)) == 5
    finally:
        gallery.test_images.clear()
