"""Two browser sessions on one machine: starting runs at the same moment, and one run open
in two tabs while it is stopped and deleted. Each session is an AppTest of the Train page
(its own session state); the runs train in real worker processes, all ended afterwards.
"""

from __future__ import annotations

import threading

import pytest
from streamlit.testing.v1 import AppTest

from alexnet.store.run_store import RunStore
from tests.app.pages import RUN_KEY, SPEC_KEY, page_file
from tests.specs import TINY
from tests.waiting import wait_for

pytestmark = pytest.mark.slow
TRAIN_PAGE = page_file("train")


def _session() -> AppTest:
    at = AppTest.from_file(TRAIN_PAGE, default_timeout=120)
    at.session_state[SPEC_KEY] = TINY
    at.run()
    at.number_input(key="train.config.train_size").set_value(300)
    at.number_input(key="train.config.batch_size").set_value(10)
    at.number_input(key="train.config.epochs").set_value(200)
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    return at


def _texts(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in [*at.markdown, *at.info, *at.error])


def test_two_sessions_pressing_start_at_once_get_one_run_each_and_keep_them_apart(runs_dir):
    sessions = [_session(), _session()]
    barrier = threading.Barrier(len(sessions))
    failures: list[BaseException] = []

    def press_start(at: AppTest) -> None:
        try:
            at.button(key="train.start").click()
            barrier.wait(30)
            at.run()
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=press_start, args=(at,)) for at in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    assert not failures, failures
    for at in sessions:
        assert not at.exception, [e.value for e in at.exception]
        assert not at.error, [e.value for e in at.error]

    store = RunStore(runs_dir)
    infos = {i.run_id: i for i in store.list()}
    mine = [at.session_state[RUN_KEY] for at in sessions]
    assert len(infos) == 2 and sorted(mine) == sorted(infos)  # one run each, none mixed up
    assert sorted(i.state for i in infos.values()) == ["queued", "running"]  # one at a time
    for at, run_id in zip(sessions, mine, strict=True):
        at.run()
        label = {"running": "training", "queued": "queued"}[infos[run_id].state]
        assert f"— **{label}**" in _texts(at)  # each session shows its own run
    waiting = next(r for r in mine if infos[r].state == "queued")
    assert any("place 1 in line" in i.value for i in sessions[mine.index(waiting)].info)


def test_one_run_open_in_two_sessions_is_stopped_in_one_and_deleted_without_errors(runs_dir):
    first = _session()
    first.button(key="train.start").click().run()
    store = RunStore(runs_dir)
    [info] = store.list()
    second = AppTest.from_file(TRAIN_PAGE, default_timeout=120)
    second.session_state[SPEC_KEY] = TINY
    second.run()
    assert "— **training**" in _texts(second)  # the other tab finds the live run by itself
    wait_for(lambda: store.read_metrics(info.run_id, "step"), 120, "the first steps")

    second.button(key="train.stop").click().run()
    assert not second.exception
    wait_for(lambda: store.read_status(info.run_id)["state"] == "stopped", 60, "the stop")
    first.run()
    assert not first.exception and "— **stopped**" in _texts(first)
    second.run()
    for at in (first, second):  # both tabs offer Resume for the stopped run
        assert at.button(key="train.resume").disabled is False

    store.delete(info.run_id)  # what the Runs page's Delete does, from a third tab
    for at in (first, second):
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert info.name not in _texts(at) or "deleted" in _texts(at)
