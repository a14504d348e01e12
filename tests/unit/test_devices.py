"""Strategies, mixed precision, threads and the device description, in this process."""

from __future__ import annotations

import json
import os

import keras
import pytest
import tensorflow as tf

from alexnet.training import devices as distribute
from alexnet.training.cpu_features import cpu_computes_bfloat16
from alexnet.training.devices import (
    configure_precision,
    describe_devices,
    get_strategy,
    read_tf_config,
)


@pytest.mark.parametrize(
    ("tf_config", "message"),
    [
        (None, "not set"),
        ("{not json", "not valid JSON"),
        ('{"cluster": {}, "task": {"type": "worker", "index": 0}}', "cluster.worker"),
        ('{"cluster": {"worker": ["a:1"]}, "task": {"type": "worker", "index": 3}}', "index=3"),
    ],
)
def test_multi_worker_without_a_valid_tf_config_raises_a_value_error(
    monkeypatch, tf_config, message
):
    if tf_config is None:
        monkeypatch.delenv("TF_CONFIG", raising=False)
    else:
        monkeypatch.setenv("TF_CONFIG", tf_config)
    with pytest.raises(ValueError, match=message):
        get_strategy("multi_worker")


def test_a_valid_tf_config_is_read_back():
    config = {"cluster": {"worker": ["a:1", "b:2"]}, "task": {"type": "worker", "index": 1}}
    os.environ["TF_CONFIG"] = json.dumps(config)
    try:
        assert read_tf_config() == config
    finally:
        del os.environ["TF_CONFIG"]


def test_unknown_strategy_and_stray_devices_are_refused():
    with pytest.raises(ValueError, match="choose one of default, mirrored, multi_worker"):
        get_strategy("tpu")
    with pytest.raises(ValueError, match="only applies to the 'mirrored'"):
        get_strategy("default", ["/cpu:0"])


def test_default_strategy_is_a_single_replica():
    assert get_strategy("default").num_replicas_in_sync == 1


def test_mixed_precision_is_refused_on_a_cpu_without_bfloat16_and_float32_is_restored(
    monkeypatch,
):
    if describe_devices()["gpus"]:
        pytest.skip("this machine has a GPU; the CPU refusal cannot be observed")
    monkeypatch.setattr(distribute, "cpu_computes_bfloat16", lambda: False)
    with pytest.raises(ValueError, match="no GPU and this CPU has no native bfloat16"):
        configure_precision(True)
    assert configure_precision(False) == "float32"


def test_mixed_precision_on_a_bfloat16_cpu_is_mixed_bfloat16(monkeypatch):
    if describe_devices()["gpus"]:
        pytest.skip("this machine has a GPU; mixed precision means float16 here")
    monkeypatch.setattr(distribute, "cpu_computes_bfloat16", lambda: True)
    try:
        assert configure_precision(True) == "mixed_bfloat16"
        assert keras.mixed_precision.global_policy().compute_dtype == "bfloat16"
    finally:
        assert configure_precision(False) == "float32"


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ("fpu sse2 avx2 avx512f avx512_bf16 avx512_vnni", True),
        ("fpu sse2 avx2 amx_bf16 amx_tile", True),
        ("fpu sse2 avx2 avx512f avx512_vnni", False),
    ],
)
def test_native_bfloat16_is_read_from_the_cpu_flags(flags, expected):
    cpuinfo = f"processor\t: 0\nmodel name\t: Some CPU\nflags\t\t: {flags}\n\nprocessor\t: 1\n"
    assert cpu_computes_bfloat16(cpuinfo) is expected
    assert cpu_computes_bfloat16("Processor\t: ARMv8\nFeatures\t: fp asimd\n") is False


def test_describe_devices_names_cores_and_library_versions():
    info = describe_devices()
    assert info["cpu_count"] == os.cpu_count()
    assert (info["tensorflow"], info["keras"]) == (tf.__version__, keras.__version__)
    assert [g["name"] for g in info["gpus"]] == [
        d.name for d in tf.config.list_physical_devices("GPU")
    ]
    json.dumps(info)  # goes into a run's config.json
