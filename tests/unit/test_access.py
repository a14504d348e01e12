"""A page from another machine changes only the runs it started; this computer changes all."""

from __future__ import annotations

from alexnet.config.run_config import run_config
from alexnet.store.access import may_change
from tests.specs import QUICK, TINY


def test_this_computer_may_change_every_run_and_a_student_only_their_own(store):
    config = run_config(TINY, QUICK)
    teachers = store.get(store.create(config, name="teacher's"))
    students = store.get(store.create(config, name="student's", started_from="192.168.0.23"))
    assert students.started_from == "192.168.0.23" and teachers.started_from is None
    assert may_change(teachers, None) and may_change(students, None)  # the teacher's machine
    assert may_change(students, "192.168.0.23")
    assert not may_change(teachers, "192.168.0.23")
    assert not may_change(students, "192.168.0.24")  # another student
