"""The Runs page's importer through AppTest: several zips at once, a good one and bad ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from alexnet.store.export import export_zip
from alexnet.store.importing import MAX_UPLOAD_BYTES
from alexnet.store.run_store import RunStore
from tests.run_zips import BAD_ZIPS

PAGE = str(Path(__file__).parents[2] / "pages" / "runs.py")


@pytest.fixture(scope="module")
def good_zip(trained_runs: Path) -> tuple[str, bytes]:
    store = RunStore(trained_runs)
    run_id = store.list()[0].run_id
    return run_id, export_zip(store, run_id)


@pytest.fixture
def empty_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "runs"
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(root))
    return root


def _upload(files: list[tuple[str, bytes]], language: str = "en") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["alexnet.language"] = language
    at.run()
    at.file_uploader(key="runs.import.files.0").set_value(
        [(name, data, "application/zip") for name, data in files]
    ).run()
    at.button(key="runs.import").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _left(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name != ".import.lock")


def test_several_zips_at_once_import_the_good_one_and_name_each_bad_one(good_zip, empty_runs):
    run_id, data = good_zip
    escaping = BAD_ZIPS["dot-dot path"][0](data)
    cut = BAD_ZIPS["model.keras cut"][0](data)
    at = _upload([("good.zip", data), ("evil.zip", escaping), ("cut.zip", cut)])
    assert [s.value for s in at.success] == [f"good.zip: imported as run {run_id}."]
    errors = [e.value for e in at.error]
    assert len(errors) == 2
    assert errors[0].startswith("evil.zip was not imported: its entry '")
    assert "points outside its folder" in errors[0]
    assert errors[1].startswith("cut.zip is damaged: its model.keras is not a Keras model")
    assert _left(empty_runs) == [run_id]  # nothing of the bad ones, not even a temp folder
    table = at.dataframe[0].value.set_index("run id")
    assert table.loc[run_id, "imported from"] == RunStore(empty_runs).get(run_id).imported["from"]
    assert not at.file_uploader(key="runs.import.files.1").value  # ready for the next zips


def test_importing_the_same_zip_again_says_it_is_already_here(good_zip, empty_runs):
    run_id, data = good_zip
    _upload([("good.zip", data)])
    at = _upload([("again.zip", data)])
    assert [i.value for i in at.info] == [
        f"again.zip: already imported as run {run_id}; nothing changed."
    ]
    assert _left(empty_runs) == [run_id]


def test_a_bad_zip_is_named_with_its_sentence_in_korean(good_zip, empty_runs):
    _, data = good_zip
    at = _upload([("링크.zip", BAD_ZIPS["symlink"][0](data))], language="ko")
    assert len(at.error) == 1
    assert at.error[0].value.startswith("링크.zip을(를) 가져오지 않았습니다: 항목 '")
    assert "심볼릭 링크" in at.error[0].value
    assert not empty_runs.exists() or _left(empty_runs) == []


def test_an_oversized_upload_is_refused_saying_the_limit(empty_runs):
    at = _upload([("huge.zip", bytes(MAX_UPLOAD_BYTES + 1024**2))])
    assert [e.value for e in at.error] == [
        "huge.zip is 21 MB, more than the 20 MB the Runs page takes; import it with "
        "`python -m alexnet import` instead."
    ]
    assert not empty_runs.exists() or _left(empty_runs) == []
