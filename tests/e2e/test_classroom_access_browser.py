"""The app on the classroom network: a student's machine changes only the runs it started.

Two real browser sessions: the teacher's page at localhost, and a student's at this
machine's network address, from which the server sees another address than its own
loopback (as a laptop on the classroom network is). The server listens on every address,
as the README's classroom command starts it.
"""

from __future__ import annotations

import socket

import pytest

from alexnet.config.run_config import run_config
from alexnet.store.run_store import RunStore
from tests.e2e.app_server import streamlit_app
from tests.specs import QUICK, TINY
from tests.waiting import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
NOT_YOURS = "Another computer started this run"


def network_address() -> str:
    """This machine's address on its network (no packet is sent); skips where it has none."""
    candidates = set()
    for target in ("10.254.254.254", "192.0.2.1", "172.16.0.1"):  # only the route is used
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            try:
                probe.connect((target, 9))
            except OSError:
                continue
            candidates.add(probe.getsockname()[0])
    with_host = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    candidates |= {entry[4][0] for entry in with_host}
    found = sorted(a for a in candidates if not a.startswith("127.") and a != "0.0.0.0")
    if not found:
        pytest.skip("this machine has no network address besides loopback")
    return found[0]


def _page(browser, url: str):
    page = browser.new_context(viewport={"width": 1400, "height": 1600}).new_page()
    page.set_default_timeout(90_000)
    page.goto(url)
    return page


def _runs_page(browser, base: str, run_id: str):
    page = _page(browser, f"{base}/runs?run={run_id}")
    page.get_by_role("button", name="Download zip").wait_for()
    return page


def test_a_student_may_watch_and_download_any_run_but_change_only_their_own(
    browser, tmp_path, screenshots
):
    store = RunStore(tmp_path / "runs")
    teachers = store.create(run_config(TINY, QUICK), name="teacher's run")
    store.write_status(teachers, state="finished")
    env = {"ALEXNET_RUNS_DIR": str(store.root), "CIFAR10_PATH": None}
    with streamlit_app(env, options=["--server.address", "0.0.0.0"]) as url:
        student = network_address()
        student_url = url.replace("localhost", student)
        # The student starts a run of their own from the Train page...
        train = _page(browser, f"{student_url}/train")
        train.get_by_role("button", name="Start training").click()
        wait_for(lambda: len(store.list()) == 2, 60, "the student's run")
        students = next(i.run_id for i in store.list() if i.run_id != teachers)
        assert store.get(students).started_from == student
        assert store.get(teachers).started_from is None
        # ...and may stop it there.
        train.get_by_role("button", name="Stop").click()
        wait_for(lambda: store.get(students).state == "stopped", 120, "the stop")

        # The teacher's run: the student sees it and may download it, not change it.
        theirs = _runs_page(browser, student_url, teachers)
        theirs.get_by_text(NOT_YOURS).wait_for()
        assert theirs.get_by_role("button", name="Delete").count() == 0
        assert theirs.get_by_role("button", name="Rename").is_disabled()
        theirs.screenshot(path=str(screenshots / "classroom_student_teachers_run.png"))

        # Their own run: every action.
        own = _runs_page(browser, student_url, students)
        assert own.get_by_text(NOT_YOURS).count() == 0
        assert own.get_by_role("button", name="Rename").is_enabled()
        own.get_by_role("button", name="Delete").wait_for()

        # The teacher's machine changes any run, the student's too.
        teacher = _runs_page(browser, url, students)
        assert teacher.get_by_text(NOT_YOURS).count() == 0
        teacher.get_by_role("button", name="Delete").click()
        teacher.get_by_role("button", name="Yes, delete").click()
        wait_for(lambda: not store.exists(students), 30, "the teacher's delete")
