"""Run summaries, the BN experiment's configs and lookup, and the data source from paths only."""

from __future__ import annotations

import json

import numpy as np
import pytest

from alexnet.charts.comparison_table import comparison_table
from alexnet.config.presets import CIFAR10_ALEXNET, CIFAR10_ALEXNET_BN
from alexnet.config.run_config import run_config
from alexnet.config.training import RECOMMENDED, TUTORIAL_DEFAULTS
from alexnet.data.status import data_status
from alexnet.jobs.bn_experiment import (
    TAG,
    experiment_config,
    is_active,
    latest_experiment,
    start_experiment,
)
from alexnet.store.overview import run_data, spec_phrase, summaries
from alexnet.store.run_store import RunStore


def _metrics(store: RunStore, run_id: str, val: list[float]) -> None:
    lines = [{"kind": "start", "epoch": 0, "step": 0}]
    lines += [
        {
            "kind": "epoch",
            "epoch": i + 1,
            "step": 10 * (i + 1),
            "accuracy": v - 0.1,
            "val_accuracy": v,
            "elapsed_seconds": 5.0 * (i + 1),
        }
        for i, v in enumerate(val)
    ]
    text = "".join(json.dumps(line) + "\n" for line in lines) + '{"kind": "step", "los'
    store.path(run_id, "metrics.jsonl").write_text(text, encoding="utf-8")


def test_the_tutorial_recipe_is_recognized_and_others_are_not() -> None:
    assert run_config(CIFAR10_ALEXNET, TUTORIAL_DEFAULTS).is_tutorial_recipe
    assert not run_config(CIFAR10_ALEXNET, RECOMMENDED).is_tutorial_recipe


def test_the_spec_phrase_names_batch_norm_and_the_keras_total() -> None:
    assert spec_phrase(CIFAR10_ALEXNET_BN) == (
        "CIFAR-10 AlexNet + BatchNorm · 5 conv + 2 dense · BN · 654,738 params",
        654_738,
    )
    unbuildable = CIFAR10_ALEXNET.replace_conv(0, kernel_size=31)  # larger than 32 - pooling
    assert spec_phrase(unbuildable.replace(input_shape=(16, 16, 3))) == ("CIFAR-10 AlexNet", None)


def test_summaries_give_best_accuracy_duration_and_mark_damaged_folders(store) -> None:
    run_id = store.create(run_config(CIFAR10_ALEXNET, TUTORIAL_DEFAULTS), name="a", tags=["x"])
    _metrics(store, run_id, [0.3, 0.5, 0.4])
    store.write_status(run_id, state="finished", started_at=100.0, ended_at=175.5)
    bad = store.root / "20200101-000000-abcdef"
    bad.mkdir()
    (bad / "meta.json").write_text("[", encoding="utf-8")
    rows = {r.run_id: r for r in summaries(store)}
    assert rows[run_id].best_accuracy == pytest.approx(0.5)
    assert rows[run_id].duration_seconds == pytest.approx(75.5)
    assert rows[run_id].tags == ("x",) and rows[run_id].state == "finished"
    assert rows[bad.name].state == "damaged" and rows[bad.name].problem


def test_run_data_reads_curves_the_reference_mark_and_the_parameters(store) -> None:
    run_id = store.create(run_config(CIFAR10_ALEXNET, TUTORIAL_DEFAULTS), name="tut")
    _metrics(store, run_id, [0.2, 0.4])
    data = run_data(store, run_id, with_steps=True)
    assert data.reference and data.params == 653_234
    assert list(data.epochs["val_accuracy"]) == [0.2, 0.4]
    assert data.steps.empty  # the cut-off step line is skipped
    assert run_data(store, "20200101-000000-abcdef") is None
    assert data.peak_memory_mb is None  # not trained yet


@pytest.mark.parametrize(("recorded", "read"), [(858.6, 858.6), (900, 900.0), ("900", None)])
def test_run_data_reads_the_workers_peak_memory_where_it_is_a_number(store, recorded, read) -> None:
    run_id = store.create(run_config(CIFAR10_ALEXNET, TUTORIAL_DEFAULTS), name="mem")
    _metrics(store, run_id, [0.2])
    store.write_status(run_id, state="finished", peak_memory_mb=recorded)
    data = run_data(store, run_id)
    assert data.peak_memory_mb == read
    shown = comparison_table([data])["peak memory MiB"].iloc[0]
    assert shown == read if read is not None else np.isnan(shown)


def test_the_experiment_config_is_the_tutorials_recipe_on_a_balanced_subset() -> None:
    config = experiment_config(train_size=800, epochs=2, seed=3)
    assert (config.optimizer, config.learning_rate, config.batch_size) == ("adam", 0.001, 32)
    assert (config.train_size, config.stratified, config.epochs, config.seed) == (800, True, 2, 3)
    assert config.validation_split == 0.1


def test_a_seed_count_out_of_range_is_refused_before_anything_starts(store) -> None:
    with pytest.raises(ValueError, match="use 1 to 5 pairs"):
        start_experiment(store, seeds=0)
    assert store.list() == []


def test_the_latest_experiment_is_found_by_its_tags(store) -> None:
    config = run_config(CIFAR10_ALEXNET, experiment_config())
    old = [store.create(config, tags=[TAG, "exp-old"]) for _ in range(2)]
    new = [store.create(config, tags=[TAG, "exp-new"]) for _ in range(2)]
    store.create(config, tags=["exp-new"])  # not tagged as the experiment
    found = latest_experiment(store)
    assert [i.run_id for i in found] == new
    assert is_active(found)  # both queued
    for run_id in new:
        store.write_status(run_id, state="finished")
    assert not is_active(latest_experiment(store))
    assert set(old).isdisjoint(i.run_id for i in latest_experiment(store))


def test_the_data_source_is_described_from_paths_without_reading(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("CIFAR10_PATH", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    sample = data_status()
    assert (sample.source, sample.run_source, sample.train_images) == ("sample", "sample", 2500)
    cache = tmp_path / "keras" / "datasets" / "cifar-10-batches-py"
    cache.mkdir(parents=True)
    assert data_status().source == "keras_cache" and data_status().path == cache
    monkeypatch.setenv("CIFAR10_PATH", str(tmp_path / "missing.tar.gz"))
    status = data_status()
    assert status.run_source == "cifar10" and status.train_images == 50_000
    assert "does not exist" in status.problem
