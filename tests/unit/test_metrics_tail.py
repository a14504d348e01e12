"""The incremental metrics reader returns exactly what a full read of the file returns."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alexnet.config.presets import CIFAR10_ALEXNET
from alexnet.config.run_config import run_config
from alexnet.config.training import TUTORIAL_DEFAULTS
from alexnet.store.files import read_jsonl
from alexnet.store.metrics_tail import MetricsTail, tail_for
from alexnet.store.run_store import RunStore


def _line(kind: str, n: int, value: float = 1.0) -> bytes:
    key = "step" if kind == "step" else "epoch"
    return (json.dumps({"kind": kind, key: n, "loss": value}) + "\n").encode()


@pytest.fixture
def run(tmp_path):
    store = RunStore(tmp_path / "runs")
    run_id = store.create(run_config(CIFAR10_ALEXNET, TUTORIAL_DEFAULTS))
    return store, run_id, store.path(run_id, "metrics.jsonl")


def full_read(path, kind=None):
    """The whole file read at once: the latest record of each step (or epoch) per kind, at
    the place of its latest line."""
    records = [r for r in read_jsonl(path) if kind is None or r.get("kind") == kind]
    latest = {}
    for i, r in enumerate(records):
        latest[(r.get("kind"), r.get("step") if r.get("kind") == "step" else r.get("epoch"))] = i
    return [records[i] for i in sorted(latest.values())]


def _same(tail: MetricsTail, store: RunStore, run_id: str) -> None:
    tail.refresh()
    path = store.path(run_id, "metrics.jsonl")
    for kind in (None, "step", "epoch", "start"):
        assert tail.records(kind) == full_read(path, kind), kind
        assert store.read_metrics(run_id, kind) == full_read(path, kind), kind
        expected = full_read(path, kind)
        if kind is not None:
            assert tail.last(kind) == (expected[-1] if expected else None), kind


def _append(path, data: bytes) -> None:
    with open(path, "ab") as f:
        f.write(data)


def test_appended_lines_torn_lines_a_resume_and_a_replaced_file(run):
    store, run_id, path = run
    tail = MetricsTail(path)
    _same(tail, store, run_id)  # no file yet
    _append(path, b'{"kind": "start", "epoch": 0}\n' + b"".join(_line("step", i) for i in range(5)))
    _same(tail, store, run_id)
    _append(path, _line("step", 5)[:9])  # the worker is writing this line
    _same(tail, store, run_id)
    _append(path, _line("step", 5)[9:] + _line("epoch", 1))
    _same(tail, store, run_id)
    # A resume: the torn tail cut, a new start, steps 3 and 4 trained again.
    _append(path, _line("step", 6)[:5])
    with open(path, "r+b") as f:
        f.truncate(len(path.read_bytes()) - 5)
    _append(
        path, b'{"kind": "start", "epoch": 1}\n' + _line("step", 3, 9.0) + _line("step", 4, 9.0)
    )
    _same(tail, store, run_id)
    assert [r["step"] for r in tail.records("step")] == [0, 1, 2, 5, 3, 4]
    replacement = path.with_name("new.jsonl")
    replacement.write_bytes(_line("step", 0, 5.0))
    os.replace(replacement, path)  # another file, maybe as long as the old one read so far
    _same(tail, store, run_id)
    path.unlink()
    _same(tail, store, run_id)


def test_a_whole_last_record_without_its_newline_counts_as_a_full_read_counts_it(run):
    store, run_id, path = run
    tail = MetricsTail(path)
    _append(path, _line("step", 1) + _line("step", 2)[:-1])  # "}" written, "\n" not yet
    _same(tail, store, run_id)
    assert [r["step"] for r in tail.records("step")] == [1, 2]
    _append(path, b"\n" + _line("step", 3))
    _same(tail, store, run_id)


def test_only_new_records_change_the_version_and_one_reader_serves_a_file(run):
    path = run[2]
    _append(path, _line("step", 1))
    tail = tail_for(path)
    version = tail.version
    assert tail_for(path) is tail and tail.version == version  # nothing new: no change
    epochs = tail.version_of("epoch")
    _append(path, _line("step", 2))
    assert tail_for(path).version not in (0, version)
    assert tail.last("step")["step"] == 2
    assert tail.version_of("epoch") == epochs  # only steps came
    steps = tail.version_of("step")
    _append(path, _line("epoch", 1))
    assert tail_for(path).version_of("epoch") != epochs and tail.version_of("step") == steps


def test_a_file_rewritten_below_what_was_read_is_read_again(run):
    store, run_id, path = run
    tail = MetricsTail(path)
    _append(path, b"".join(_line("step", i) for i in range(4)))
    _same(tail, store, run_id)
    # Cut into what was read and written longer again between two looks: same inode, and
    # no shorter than before.
    with open(path, "r+b") as f:
        f.truncate(len(_line("step", 0)))
    _append(path, _line("epoch", 1, 2.0) + _line("step", 7, 3.0) + _line("step", 8, 3.0))
    _same(tail, store, run_id)
    assert [r.get("step", r.get("epoch")) for r in tail.records()] == [0, 1, 7, 8]


OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("append"), st.sampled_from(["step", "epoch", "start"]),
                  st.integers(0, 6)),
        st.tuples(st.just("torn"), st.sampled_from(["step", "epoch"]), st.integers(0, 6)),
        st.tuples(st.just("cut"), st.integers(1, 40), st.just(0)),
        st.tuples(st.just("garbage"), st.just(""), st.just(0)),
        st.tuples(st.just("replace"), st.sampled_from(["step", "epoch"]), st.integers(0, 6)),
        st.tuples(st.just("rewrite"), st.integers(1, 40), st.integers(0, 6)),
    ),
    max_size=25,
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(operations=OPERATIONS)
def test_any_sequence_of_writes_reads_as_a_full_read_does(tmp_path_factory, operations):
    store = RunStore(tmp_path_factory.mktemp("runs"))
    run_id = store.create(run_config(CIFAR10_ALEXNET, TUTORIAL_DEFAULTS))
    path = store.path(run_id, "metrics.jsonl")
    tail = MetricsTail(path)
    seen = {k: (tail.version_of(k), full_read(path, k)) for k in ("step", "epoch", "start")}
    for what, kind, n in operations:
        if what == "append":
            _append(path, _line(kind, n, float(len(operations))))
        elif what == "torn":
            _append(path, _line(kind, n)[: 1 + n])
        elif what == "cut" and path.exists():
            with open(path, "r+b") as f:
                f.truncate(max(0, path.stat().st_size - kind))
        elif what == "rewrite" and path.exists():  # cut, then appended, before a look
            with open(path, "r+b") as f:
                f.truncate(max(0, path.stat().st_size - kind))
            _append(path, _line("step", n, 7.0) + _line("epoch", n, 7.0))
        elif what == "garbage":
            _append(path, b"not json\n")
        elif what == "replace":
            new = path.with_name("new.jsonl")
            new.write_bytes(_line(kind, n))
            os.replace(new, path)
        _same(tail, store, run_id)
        for k, (version, records) in seen.items():  # a kind's version moves with its records
            if full_read(path, k) != records:
                assert tail.version_of(k) != version, (k, what)
            seen[k] = (tail.version_of(k), full_read(path, k))
