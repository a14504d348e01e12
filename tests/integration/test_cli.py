"""`python -m alexnet` in a real subprocess: each subcommand, good and bad input alike.

Every call asserts no traceback (tests/cli_runner.py); refused input exits 2 with one line
on stderr that says what to change, and creates no run.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from alexnet.config.presets import CIFAR10_ALEXNET, CIFAR10_ALEXNET_BN
from alexnet.config.run_config import run_config
from alexnet.config.spec_json import spec_to_dict, spec_to_json
from alexnet.config.training import TUTORIAL_DEFAULTS
from alexnet.store.run_store import RunStore
from tests.cli_runner import one_line_error, run_cli
from tests.images import noise_photo
from tests.paths import REPO_ROOT
from tests.specs import TINY

pytestmark = pytest.mark.slow


def _spec_file(folder: Path, name: str, change) -> Path:
    data = spec_to_dict(CIFAR10_ALEXNET)
    change(data)
    path = folder / f"{name}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# --- the Build page's commands -------------------------------------------------------------
def test_summary_prints_the_layer_table_and_the_totals_of_a_preset():
    result = run_cli("summary", "--preset", "cifar10_alexnet_bn")
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "CIFAR-10 AlexNet + BatchNorm: input 32x32x3, 10 classes"
    assert any(line.startswith("conv1_bn ") and "28 x 28 x 96" in line for line in lines)
    assert "parameters          654,738 (trainable 653,986, non-trainable 752" in result.stdout


def test_summary_as_json_and_of_a_spec_file(tmp_path):
    path = tmp_path / "net.json"
    path.write_text(spec_to_json(CIFAR10_ALEXNET), encoding="utf-8")
    data = json.loads(run_cli("summary", "--spec", str(path), "--json").stdout)
    assert data["totals"]["parameters"] == 653_234
    assert [row["layer"] for row in data["layers"]][:2] == ["rescaling", "conv1"]


def test_spec_and_code_write_files_that_round_trip_and_compile(tmp_path):
    spec_path, code_path = tmp_path / "bn.json", tmp_path / "bn.py"
    assert run_cli("spec", "--preset", "cifar10_alexnet_bn", "-o", str(spec_path)).returncode == 0
    result = run_cli("code", "--spec", str(spec_path), "-o", str(code_path))
    assert result.returncode == 0 and result.stdout.startswith(f"wrote {code_path}")
    code = code_path.read_text(encoding="utf-8")
    compile(code, str(code_path), "exec")
    assert "CIFAR-10 AlexNet + BatchNorm" in code
    again = run_cli("spec", "--preset", "cifar10_alexnet", "-o", str(spec_path))
    assert "already exists" in one_line_error(again) and "--force" in again.stderr
    printed = run_cli("code", "--preset", "cifar10_alexnet")
    assert printed.returncode == 0 and "tf.keras.Sequential(" in printed.stdout


# --- refused before any run is created -----------------------------------------------------
BAD_SPECS = {
    "a 1x1 input": (lambda d: d.update(input_shape=[1, 1, 3]), "Layer conv1: the kernel is 5x5"),
    "a pool on a 2x2 map": (  # 10x10 -> conv1 6x6 -> pool1 2x2 -> conv2 (1x1) 2x2 -> pool2
        lambda d: (d.update(input_shape=[10, 10, 3]), d["conv_blocks"][1].update(kernel_size=1)),
        "Layer pool2: the pooling window is 3x3 but the feature map reaching it is only 2x2",
    ),
    "226M parameters": (
        lambda d: [b.update(units=15_000) for b in d["dense_blocks"]],
        "parameters, more than the 150,000,000 a laptop can train. The largest layer is fc2",
    ),
    "a kernel of 40": (
        lambda d: d["conv_blocks"][2].update(kernel_size=40),
        "conv3: kernel_size=40 is out of range; use a value from 1 to 31.",
    ),
    "0 units": (lambda d: d["dense_blocks"][1].update(units=0), "fc2: units=0 is out of range"),
}


@pytest.mark.parametrize("background", [False, True], ids=["foreground", "background"])
@pytest.mark.parametrize("bad", list(BAD_SPECS))
def test_a_spec_the_build_page_would_refuse_is_refused_before_a_run_exists(
    tmp_path, bad, background
):
    change, message = BAD_SPECS[bad]
    path = _spec_file(tmp_path, "bad", change)
    extra = ["--background"] if background else []
    result = run_cli("train", "--spec", str(path), "--sample", *extra, runs=tmp_path / "runs")
    assert message in one_line_error(result)
    assert RunStore(tmp_path / "runs").list() == []


@pytest.mark.parametrize(
    ("path", "says"),
    [("missing.json", "There is no spec file"), (".", "is a folder, not a spec file")],
)
def test_a_spec_path_that_is_missing_or_a_folder_gets_one_line(tmp_path, path, says):
    result = run_cli("train", "--spec", str(tmp_path / path), runs=tmp_path / "runs")
    assert says in one_line_error(result)


def test_too_many_random_images_are_refused_naming_the_largest_count(tmp_path):
    result = run_cli(
        "train", "--preset", "imagenet_alexnet", "--random-data", "--train-size", "100000",
        runs=tmp_path / "runs",
    )  # fmt: skip
    line = one_line_error(result)
    assert line.startswith("error: 100,000 random 227x227x3 images") and "at most 27,583" in line
    assert RunStore(tmp_path / "runs").list() == []


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["train", "--epochs", "five"], "argument --epochs: invalid int value: 'five'"),
        (["train", "--preset", "nope"], "invalid choice: 'nope'"),
        (["train", "--epochs", "0"], "epochs=0 is out of range; use a value from 1 to 1000."),
        (["predict", "photo.png"], "Name one model"),
        (["experiment", "bn", "--seeds", "9"], "seeds=9 is out of range; use 1 to 5 pairs"),
        (["stop", "../etc"], "'../etc' is not a run id"),
        (["evaluate", "20990101-000000-abcdef"], "There is no run 20990101-000000-abcdef"),
        (["nonsense"], "invalid choice: 'nonsense'"),
    ],
)
def test_bad_arguments_get_one_line_that_says_what_to_change(tmp_path, args, says):
    assert says in one_line_error(run_cli(*args, runs=tmp_path / "runs"))


# --- the Runs page's commands --------------------------------------------------------------
def test_list_names_why_a_run_failed_and_ends_quietly_in_a_pipe(tmp_path):
    store = RunStore(tmp_path / "runs")
    empty = run_cli("list", runs=store.root)
    assert empty.returncode == 0 and empty.stdout == ""
    assert "no runs in" in empty.stderr and "Traceback" not in empty.stderr
    for _ in range(3):
        failed = store.create(run_config(CIFAR10_ALEXNET, TUTORIAL_DEFAULTS), name="broken")
        store.write_status(failed, state="failed", error="the data ran out")
    listed = run_cli("list", runs=store.root)
    assert listed.returncode == 0
    assert listed.stdout.splitlines()[0].endswith("broken  (the data ran out)")
    command = f"{sys.executable} -m alexnet --runs-dir {store.root} list | head -1"
    piped = subprocess.run(
        ["bash", "-c", command], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60
    )
    assert piped.stderr == "" and piped.stdout.count("\n") == 1
    assert json.loads(run_cli("list", "--json", runs=store.root).stdout)[0]["state"] == "failed"


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> tuple[Path, str]:
    """A runs folder with one run of the tiny network, trained in the foreground by `train`."""
    root = tmp_path_factory.mktemp("cli")
    spec = root / "tiny.json"
    spec.write_text(spec_to_json(TINY), encoding="utf-8")
    result = run_cli(
        "train", "--spec", str(spec), "--sample", "--train-size", "300", "--epochs", "1",
        "--batch-size", "50", "--name", "cli run", runs=root / "runs",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    run_id = result.stdout.splitlines()[0]
    assert result.stdout.splitlines()[-2] == f"run {run_id}: finished"
    assert result.stdout.splitlines()[-1].startswith("test loss ")
    return root / "runs", run_id


def test_evaluate_prints_accuracy_per_class_and_confusion_and_writes_csv(trained, tmp_path):
    runs, run_id = trained
    result = run_cli("evaluate", run_id, "--csv", str(tmp_path / "out"), runs=runs)
    assert result.returncode == 0
    stored = RunStore(runs).read_evaluation(run_id)
    assert f"test accuracy {100 * stored['accuracy']:.1f}%" in result.stdout
    assert "confusion matrix (rows: true class, columns: predicted)" in result.stdout
    with open(tmp_path / "out" / "confusion_matrix.csv", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][1:] == stored["class_names"] and len(rows) == 11
    assert sum(int(v) for row in rows[1:] for v in row[1:]) == stored["test_images"]
    assert (
        json.loads(run_cli("evaluate", run_id, "--json", runs=runs).stdout)["accuracy"]
        == (stored["accuracy"])
    )


def test_predict_names_the_top_five_for_each_image_with_a_run_or_a_shipped_model(trained, tmp_path):
    runs, run_id = trained
    photo = noise_photo(tmp_path / "photo.png")
    result = run_cli("predict", run_id, str(photo), runs=runs)
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == f"model: run {run_id} (best checkpoint)"
    assert [line.split(".")[0].strip() for line in result.stdout.splitlines()[-5:]] == list("12345")
    shipped = run_cli("predict", "--shipped", "bn", str(photo), str(photo), "--json", runs=runs)
    data = json.loads(shipped.stdout)
    assert data["model"].startswith("shipped CIFAR-10 AlexNet + BatchNorm")
    top = data["predictions"][0]["top"]
    assert len(top) == 5 and sum(g["probability"] for g in top) <= 1.0 + 1e-6
    (tmp_path / "notes.png").write_text("not an image")
    refused = run_cli("predict", run_id, str(tmp_path / "notes.png"), runs=runs)
    assert "not an image Pillow can read" in one_line_error(refused)
    missing = run_cli("predict", run_id, str(tmp_path / "none.png"), runs=runs)
    assert "There is no image file" in one_line_error(missing)


def test_export_writes_the_runs_zip_and_delete_asks_first(trained, tmp_path):
    runs, run_id = trained
    target = tmp_path / "run.zip"
    assert run_cli("export", run_id, "-o", str(target), runs=runs).returncode == 0
    names = zipfile.ZipFile(target).namelist()
    assert f"{run_id}/model.keras" in names and f"{run_id}/metrics_epochs.csv" in names
    assert "already exists" in one_line_error(
        run_cli("export", run_id, "-o", str(target), runs=runs)
    )
    assert "should end in .zip" in one_line_error(
        run_cli("export", run_id, "-o", str(tmp_path / "run.tar"), runs=runs)
    )
    copy = RunStore(runs).create(run_config(TINY, TUTORIAL_DEFAULTS), name="to delete")
    RunStore(runs).write_status(copy, state="running", pid=1, pid_start=None)
    assert "stop it first" in one_line_error(run_cli("delete", copy, "--yes", runs=runs))
    RunStore(runs).write_status(copy, state="stopped", pid=None)
    assert "add --yes" in one_line_error(run_cli("delete", copy, runs=runs, stdin=""))
    assert run_cli("delete", copy, "--yes", runs=runs).stdout == f"run {copy} deleted\n"
    assert not RunStore(runs).exists(copy)


def test_a_run_that_fails_while_training_exits_one_with_its_reason(tmp_path, monkeypatch):
    # Nothing checks TF_CONFIG before the worker asks TensorFlow for its strategy: the run is
    # created, then fails while training.
    monkeypatch.delenv("TF_CONFIG", raising=False)
    result = run_cli(
        "train", "--sample", "--strategy", "multi_worker", "--epochs", "1", "--train-size", "64",
        runs=tmp_path / "runs",
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    run_id = result.stdout.splitlines()[0]
    assert result.stderr.startswith(f"run {run_id} failed: ")
    assert "TF_CONFIG" in result.stderr
    assert RunStore(tmp_path / "runs").read_status(run_id)["state"] == "failed"


def test_a_broken_archive_is_refused_before_any_run_exists(tmp_path):
    not_cifar = tmp_path / "cifar-10-python.tar.gz"
    not_cifar.write_bytes(b"this is no archive")
    result = run_cli(
        "train", "--data-path", str(not_cifar), "--epochs", "1", runs=tmp_path / "runs"
    )
    assert str(not_cifar) in one_line_error(result)
    assert RunStore(tmp_path / "runs").list() == []


# --- the Compare page's experiment ---------------------------------------------------------
def test_the_bn_experiment_trains_the_pair_and_prints_the_final_figures(tmp_path):
    result = run_cli(
        "experiment", "bn", "--sample", "--train-size", "500", "--epochs", "1", "--json",
        runs=tmp_path / "runs", timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)["runs"]
    assert [f["run"] for f in figures] == ["No BN · seed 0", "BatchNorm · seed 0"]
    assert all(f["state"] == "finished" and 0 <= f["test accuracy"] <= 1 for f in figures)
    store = RunStore(tmp_path / "runs")
    specs = {store.read_config(info.run_id).spec for info in store.list()}
    assert specs == {CIFAR10_ALEXNET, CIFAR10_ALEXNET_BN}
