"""The core's text as a template and values: English where nothing translates it, and in a
page's language where one does; run names the app gave stay translatable until renamed."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pytest

from alexnet.analysis.evaluation import Evaluation, evaluate_probabilities
from alexnet.config.checks import ConfigError
from alexnet.config.messages import Message
from alexnet.config.run_config import run_config
from alexnet.data.sample import load_sample
from alexnet.jobs.bn_experiment import arm_names, experiment_run_name
from alexnet.store.names import shown_name, stored_text
from alexnet.store.run_store import RunStore
from tests.specs import QUICK, TINY
from ui.i18n import translate


def korean(text: str) -> str:
    return translate(text, "ko")


def test_a_message_reads_as_its_english_text_and_renders_in_korean() -> None:
    counts = Message("{train:,} training and {test:,} test images", train=2500, test=1000)
    assert counts == "2,500 training and 1,000 test images"
    assert counts.render(korean) == "학습 이미지 2,500장, 테스트 이미지 1,000장"


def test_an_inner_message_and_a_where_word_are_translated_too() -> None:
    assert "학습 이미지 2,500장" in load_sample().description.render(korean)
    error = ConfigError(
        "{where}: {name} must be a whole number, got {value}.",
        where="training",
        name="epochs",
        value="'x'",
    )
    assert error.render(korean).startswith("학습: epochs은(는) 정수여야")


def test_a_message_survives_pickling_and_json() -> None:
    name = experiment_run_name(arm_names(0.01)[0], 3)
    assert name == "No BN · lr 0.01 · seed 3"
    assert pickle.loads(pickle.dumps(name)).render(korean) == "BN 없음 · lr 0.01 · 시드 3"
    assert Message.from_dict(name.to_dict()).render(korean) == name.render(korean)


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        {"template": 3},
        {"template": "{x}"},
        {"template": "a", "values": [1]},
        {"template": "{x}", "values": {"x": [1]}},
        # An imported run's file may hold any template: no lookups, no giant padding.
        {"template": "{x.__class__}", "values": {"x": "a"}},
        {"template": "{x[0]}", "values": {"x": "a"}},
        {"template": "{x:>999999999}", "values": {"x": "a"}},
        {"template": "{x!r}", "values": {"x": "a"}},
        {"template": "{x:.99999999f}", "values": {"x": 1.0}},
        {"template": "{", "values": {}},
    ],
)
def test_a_damaged_message_in_a_file_is_refused(data) -> None:
    with pytest.raises(ValueError):
        Message.from_dict(data)


def test_the_experiments_run_names_translate_until_a_person_renames_them(tmp_path) -> None:
    store = RunStore(tmp_path)
    arm = arm_names(0.001)[1]
    run_id = store.create(run_config(TINY, QUICK), name=experiment_run_name(arm, 0), arm_name=arm)
    info = store.get(run_id)
    assert info.name == "BatchNorm · seed 0" and info.name.render(korean) == "BatchNorm · 시드 0"
    assert info.arm_name.render(korean) == "BatchNorm"
    store.rename(run_id, "우리 반 BN")
    assert not isinstance(store.get(run_id).name, Message)
    assert store.get(run_id).name == "우리 반 BN"


def test_a_name_whose_message_does_not_match_is_shown_as_written() -> None:
    meta = {"name": "mine", "name_message": {"template": "{x}", "values": {"x": "other"}}}
    assert shown_name(meta, "name", "id") == "mine"
    assert not isinstance(shown_name(meta, "name", "id"), Message)


def test_an_evaluations_data_description_is_stored_translatable() -> None:
    probs = np.array([[0.9, 0.1], [0.2, 0.8]])
    result = evaluate_probabilities(
        probs, [0, 1], ["cat", "dog"], data_description=load_sample().description
    )
    back = Evaluation.from_dict(json.loads(json.dumps(result.to_dict())))
    assert back.data_description == result.data_description
    assert back.data_description.render(korean).startswith("함께 들어 있는 CIFAR-10 표본")


def test_a_run_whose_worker_vanished_says_so_in_korean(tmp_path) -> None:
    store = RunStore(tmp_path)
    run_id = store.create(run_config(TINY, QUICK))
    store.write_status(run_id, state="running", pid=2**22 + 1, pid_start=1.0)
    status = store.read_status(run_id)
    assert status["state"] == "interrupted"
    assert stored_text(status, "error").render(korean).startswith("학습 프로세스가 이유를")
    store.write_status(run_id, error="something else")  # a later plain text wins
    assert not isinstance(stored_text(store.read_status(run_id), "error"), Message)
