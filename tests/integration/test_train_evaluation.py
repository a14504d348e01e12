"""The full test-set evaluation a run stores at its end (evaluation.json)."""

from __future__ import annotations

import pytest

from alexnet.analysis.evaluation import Evaluation, class_names_for
from alexnet.config.run_config import run_config
from alexnet.data import load_sample
from tests.specs import QUICK as ONE_EPOCH
from tests.specs import TINY

QUICK = ONE_EPOCH.replace(epochs=2)


def test_a_finished_run_stores_a_full_evaluation_of_its_best_checkpoint(store):
    from alexnet.training.fit import train_run

    run_id = store.create(run_config(TINY, QUICK, data_source="sample"))
    assert train_run(store, run_id) == "finished"
    stored = store.read_evaluation(run_id)
    evaluation = Evaluation.from_dict(stored)
    test_size = len(load_sample().y_test)
    assert evaluation.num_examples == stored["test_images"] == test_size
    assert int(evaluation.confusion_matrix.sum()) == test_size
    assert len(evaluation.y_pred) == test_size
    assert stored["weights"] == "best" and stored["epochs_trained"] == 2
    assert stored["best_epoch"] in (1, 2)
    correct = sum(t == p for t, p in zip(evaluation.y_true, evaluation.y_pred, strict=True))
    assert stored["accuracy"] == pytest.approx(correct / test_size)


def test_a_run_stopped_after_an_epoch_is_evaluated_and_a_resume_forgets_it_until_its_end(store):
    from alexnet.training.fit import train_run

    run_id = store.create(run_config(TINY, QUICK.replace(epochs=3), data_source="sample"))
    stop = store.stop_file(run_id)
    assert train_run(store, run_id, progress=lambda record: stop.touch()) == "stopped"
    assert store.read_evaluation(run_id)["epochs_trained"] == 1
    stop.unlink()
    seen = []
    # While the resumed run trains, the stopped checkpoint's evaluation is gone.
    train_run(store, run_id, progress=lambda record: seen.append(store.read_evaluation(run_id)))
    assert seen and all(e is None for e in seen)
    assert store.read_evaluation(run_id)["epochs_trained"] == 3


def test_class_names_are_padded_for_a_network_with_more_outputs_than_the_data_has_classes():
    assert class_names_for(("a", "b"), 4) == ["a", "b", "class 2", "class 3"]
    assert class_names_for(("a", "b"), 2) == ["a", "b"]
