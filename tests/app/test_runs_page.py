"""The Runs page through AppTest on a run store with a run in every state."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from alexnet.store.run_store import RunStore
from tests.app.pages import page_file
from tests.app.run_store_fixture import StoreRuns, build_store

PAGE = page_file("runs")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> StoreRuns:
    return build_store(tmp_path_factory.mktemp("runs"))


@pytest.fixture
def runs(built: StoreRuns, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> StoreRuns:
    # Each test changes its own copy, so renames and deletes do not leak into others.
    root = tmp_path / "runs"
    shutil.copytree(built.root, root)
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(root))
    return StoreRuns(
        root, built.finished, built.tutorial, built.stopped, built.failed, built.running
    )


def _open(run_id: str | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    if run_id:
        at.query_params["run"] = run_id
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_table_lists_every_run_with_its_state_and_the_damaged_one(runs: StoreRuns) -> None:
    at = _open()
    table = at.dataframe[0].value.set_index("run id")
    assert len(table) == 6
    assert table.loc[runs.finished, "status"] == "finished"
    assert table.loc[runs.stopped, "status"] == "stopped"
    assert table.loc[runs.failed, "status"] == "failed"
    assert table.loc[runs.running, "status"].startswith("training · epoch 1 of 2")
    assert table.loc[runs.damaged, "status"] == "damaged"
    assert table.loc[runs.finished, "tags"] == "base"
    assert "tiny · 2 conv + 1 dense" in table.loc[runs.finished, "network"]
    assert 0 < table.loc[runs.finished, "best accuracy"] <= 100
    assert table.loc[runs.tutorial, "duration"] == "1 min 00 s"
    assert any(runs.damaged in w.value for w in at.warning)


def test_renaming_and_tagging_a_run_is_saved_in_the_store(runs: StoreRuns) -> None:
    at = _open(runs.finished)
    assert at.selectbox(key="runs.chosen").value == runs.finished
    at.text_input(key=f"runs.name.{runs.finished}").input("BN baseline")
    _click(at, "runs.rename")
    at.text_input(key=f"runs.tags.{runs.finished}").input("week 3, bn , week 3")
    _click(at, "runs.save_tags")
    info = RunStore(runs.root).get(runs.finished)
    assert info.name == "BN baseline"
    assert info.tags == ("week 3", "bn")
    assert [s.value for s in at.success] == ["Tags saved."]  # the last action's message
    table = at.dataframe[0].value.set_index("run id")
    assert table.loc[runs.finished, "name"] == "BN baseline"


def test_deleting_asks_first_and_cancel_keeps_the_run(runs: StoreRuns) -> None:
    at = _click(_open(runs.stopped), "runs.delete")
    assert any("for good" in w.value for w in at.warning)
    _click(at, "runs.delete.no")
    assert RunStore(runs.root).exists(runs.stopped)
    _click(at, "runs.delete")
    _click(at, "runs.delete.yes")
    assert not RunStore(runs.root).exists(runs.stopped)
    assert runs.stopped not in set(at.dataframe[0].value["run id"])
    assert any("deleted" in s.value for s in at.success)


def test_a_training_run_cannot_be_deleted_but_can_be_stopped(runs: StoreRuns) -> None:
    at = _open(runs.running)
    assert at.button(key="runs.delete").disabled
    _click(at, "runs.stop")
    assert RunStore(runs.root).stop_file(runs.running).exists()
    assert RunStore(runs.root).read_status(runs.running)["state"] == "stopping"


def test_a_damaged_run_says_why_and_can_be_deleted(runs: StoreRuns) -> None:
    at = _open(runs.damaged)
    assert any("damaged" in e.value for e in at.error)
    _click(at, "runs.delete")
    _click(at, "runs.delete.yes")
    assert not (runs.root / runs.damaged).exists()


def test_a_failed_run_shows_its_error_and_links_to_compare(runs: StoreRuns) -> None:
    at = _open(runs.failed)
    assert any("the data ran out" in w.value for w in at.warning)
    assert at.button(key="runs.predict").disabled  # no model to predict with
    links = [m.value for m in at.markdown if "compare?runs=" in m.value]
    assert links == [f"[Open in Compare](compare?runs={runs.failed})"]


def test_open_in_predict_chooses_the_run_for_the_predict_page(runs: StoreRuns) -> None:
    at = _click(_open(runs.finished), "runs.predict")
    assert at.session_state["models.choice"] == f"run:{runs.finished}"


def test_an_empty_store_says_how_to_make_a_run(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ALEXNET_RUNS_DIR", str(tmp_path / "none yet"))
    at = _open()
    assert any("There are no runs yet" in i.value for i in at.info)
    assert not at.dataframe


def test_the_page_reads_in_korean(runs: StoreRuns) -> None:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["alexnet.language"] = "ko"
    at.run()
    assert not at.exception
    assert at.title[0].value == "실행 기록"
    assert "상태" in at.dataframe[0].value.columns
