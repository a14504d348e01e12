"""The classroom loop end to end: ten students each run the experiment with their own seed on
their own laptop (here: ten run stores), download both runs and hand them in; the teacher
imports the twenty zips into a fresh store. Compare draws one band of ten seeds per network,
says in how many pairs batch normalization was ahead, and `list` counts the bands."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from alexnet.store.run_store import RunStore
from tests.app.pages import page_file
from tests.app.trained_run import chart_json
from tests.cli_runner import run_cli

pytestmark = pytest.mark.slow
STUDENTS = 10


def _student(number: int, laptops: Path, handed_in: Path) -> list[Path]:
    runs = laptops / f"student-{number}"
    done = run_cli(
        "experiment", "bn", "--sample", "--train-size", "500", "--epochs", "1",
        "--first-seed", str(100 + number), runs=runs, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    zips = []
    for info in RunStore(runs).list():
        target = handed_in / f"student-{number}-{info.run_id}.zip"
        assert run_cli("export", info.run_id, "-o", str(target), runs=runs).returncode == 0
        zips.append(target)
    return zips


def test_ten_students_seeds_imported_are_one_band_per_network(tmp_path, monkeypatch):
    handed_in = tmp_path / "handed-in"
    handed_in.mkdir()
    zips = [z for n in range(STUDENTS) for z in _student(n, tmp_path / "laptops", handed_in)]
    assert len(zips) == 2 * STUDENTS

    teacher = tmp_path / "teacher"
    imported = run_cli("import", *map(str, zips), runs=teacher, timeout=600)
    assert imported.returncode == 0, imported.stderr
    assert len(RunStore(teacher).list()) == 2 * STUDENTS

    listed = run_cli("list", runs=teacher).stdout
    bands = listed.split("trained alike (Compare draws each as one band):\n")[1].splitlines()
    assert sorted(line.split("  ")[2] for line in bands) == ["BatchNorm", "No BN"]
    assert all(line.split()[0] == str(STUDENTS) for line in bands)

    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(teacher))
    at = AppTest.from_file(str(page_file("compare")), default_timeout=180).run()
    assert not at.exception
    names = {trace.get("name") for trace in chart_json(at, "compare.bn.live.accuracy")["data"]}
    assert {f"No BN (mean of {STUDENTS})", f"BatchNorm (mean of {STUDENTS})"} <= names
    verdict = [m.value for m in at.markdown if "pairs on" in m.value]
    assert verdict and f"of {STUDENTS} pairs on test accuracy" in verdict[0]
    bars = chart_json(at, "compare.bn.seeds_chart")["data"][0]
    assert bars["x"] == [f"seed {100 + n}" for n in range(STUDENTS)]
