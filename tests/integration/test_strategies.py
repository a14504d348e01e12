"""Real training under MirroredStrategy and two workers, and thread limits in a fresh process.

Distributed set-ups must exist before TensorFlow starts, so each runs in its own process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import keras
import numpy as np
import pytest

from alexnet.config.run_config import run_config
from alexnet.store.run_store import RunStore
from alexnet.training.callbacks import MOVING_STATISTICS_FILE
from tests.paths import REPO_ROOT
from tests.processes import free_port
from tests.specs import QUICK, TINY, TINY_BN

# One short epoch of a small spec with batch normalization on the shipped sample (or, until
# it is there, random images).
TRAIN_SCRIPT = textwrap.dedent(
    """
    import os, sys
    import numpy as np
    import tensorflow as tf
    if sys.argv[1] == "mirrored":
        cpu = tf.config.list_physical_devices("CPU")[0]
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration()] * 2
        )
    import keras
    from alexnet.network.builder import build_model
    from alexnet.training.devices import get_strategy
    from alexnet.network.fused_batch_norm import fuse_batch_normalization
    from alexnet.data.pipeline import make_dataset
    from alexnet.config.spec import ConvBlock, DenseBlock, ModelSpec
    try:
        from alexnet.data import load_sample
        data = load_sample()
        x, y = data.x_train[:256], data.y_train[:256]
    except ImportError:
        rng = np.random.default_rng(0)
        x = rng.integers(0, 256, (256, 32, 32, 3), dtype=np.uint8)
        y = rng.integers(0, 10, 256)
    devices = ["/cpu:0", "/cpu:1"] if sys.argv[1] == "mirrored" else None
    strategy = get_strategy(sys.argv[1], devices)
    keras.utils.set_random_seed(0)
    spec = ModelSpec(
        name="small",
        conv_blocks=(ConvBlock(filters=8, kernel_size=3, pool=True),),
        dense_blocks=(DenseBlock(units=16),),
        batch_norm="before_activation",
    )
    with strategy.scope():
        model = build_model(spec)
        model.compile("adam", "sparse_categorical_crossentropy")
        fuse_batch_normalization(model)  # as the trainer does: the fused kernel on replicas
    dataset = make_dataset(x, y, batch_size=64, shuffle=True, seed=0)
    # Trainable weights only: batch normalization's moving statistics are each replica's own
    # (Keras' BatchNormalization(synchronized=False), fused or not, does not all-reduce them).
    initial = [w.numpy() for w in model.trainable_weights]
    history = model.fit(dataset, epochs=1, verbose=0)
    final = [w.numpy() for w in model.trainable_weights]
    # Recalibrated batch normalization, on a replica's batch of 32: every replica's copy of
    # the statistics, and the same statistics computed by a plain model with these weights.
    from alexnet.training.bn_recalibration import batch_norm_layers, recalibrate_batch_norm
    batches = [x[i : i + 32] for i in range(0, 128, 32)]
    recalibrate_batch_norm(model, batches)
    names = ("moving_mean", "moving_variance")
    copies = {}
    for i, variable in enumerate(
        getattr(layer, name).value for layer in batch_norm_layers(model) for name in names
    ):
        for r, copy in enumerate(getattr(variable, "values", [variable])):
            copies[f"moving_{i}_replica_{r}"] = copy.numpy()
    plain = build_model(spec)
    plain.set_weights(model.get_weights())
    recalibrate_batch_norm(plain, batches)
    for i, value in enumerate(
        getattr(layer, name).numpy() for layer in batch_norm_layers(plain) for name in names
    ):
        copies[f"reference_{i}"] = value
    np.savez(sys.argv[2], **{f"initial_{i}": w for i, w in enumerate(initial)},
             **{f"final_{i}": w for i, w in enumerate(final)}, **copies)
    print("REPLICAS", strategy.num_replicas_in_sync, "LOSS", history.history["loss"][-1])
    """
)


def run_training(strategy: str, weights: Path, env: dict[str, str] | None = None):
    environment = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONPATH": str(REPO_ROOT)}
    environment.pop("TF_CONFIG", None)
    environment.update(env or {})
    return subprocess.Popen(
        [sys.executable, "-c", TRAIN_SCRIPT, strategy, str(weights)],
        cwd=REPO_ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(process: subprocess.Popen) -> tuple[int, float]:
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 0, output[-3000:]
    words = output.split("REPLICAS")[-1].split()
    return int(words[0]), float(words[2])


def test_mirrored_strategy_over_two_cpu_devices_trains_to_a_finite_loss(tmp_path):
    replicas, loss = finish(run_training("mirrored", tmp_path / "w.npz"))
    assert replicas == 2
    assert np.isfinite(loss) and loss > 0
    # Recalibration gives both replicas the statistics a single device computes.
    saved = np.load(tmp_path / "w.npz")
    references = [name for name in saved.files if name.startswith("reference_")]
    assert len(references) == 4  # mean and variance of the conv and the dense layer
    for name in references:
        index = name.split("_")[1]
        for replica in (0, 1):
            np.testing.assert_allclose(
                saved[f"moving_{index}_replica_{replica}"], saved[name], rtol=1e-5, atol=1e-6
            )


def test_two_workers_train_together_and_end_with_identical_weights(tmp_path):
    workers = [f"127.0.0.1:{free_port()}", f"127.0.0.1:{free_port()}"]
    processes = []
    for index in range(2):
        tf_config = {"cluster": {"worker": workers}, "task": {"type": "worker", "index": index}}
        env = {"TF_CONFIG": json.dumps(tf_config)}
        processes.append(run_training("multi_worker", tmp_path / f"w{index}.npz", env))
    results = [finish(p) for p in processes]
    assert [replicas for replicas, _ in results] == [2, 2]
    first, second = np.load(tmp_path / "w0.npz"), np.load(tmp_path / "w1.npz")
    assert len(first.files) == len(second.files) > 0
    for name in first.files:  # recalibrated statistics included: no worker differs
        np.testing.assert_array_equal(first[name], second[name])
    assert any(name.startswith("moving_") for name in first.files)
    # They trained: the first kernel moved away from its initial values.
    assert not np.array_equal(first["initial_0"], first["final_0"])
    assert all(np.isfinite(first[name]).all() for name in first.files)


# The trainer itself (train_run, what `train --strategy mirrored` runs) over two logical CPU
# devices: the strategy is the one the config names, only given the two devices to mirror
# over (on a machine without GPUs MirroredStrategy would take the one CPU). A worker trains
# one run per process, and so does this: a second mirrored run in one process trips over the
# first one's collective ops.
TRAINER_SCRIPT = textwrap.dedent(
    """
    import json, sys
    import tensorflow as tf
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(
        cpu, [tf.config.LogicalDeviceConfiguration()] * 2
    )
    from alexnet.training import devices
    named, replicas = devices.get_strategy, []
    def on_two_cpus(name, chosen=None):
        strategy = named(name, ["/cpu:0", "/cpu:1"] if name == "mirrored" else chosen)
        replicas.append(strategy.num_replicas_in_sync)
        return strategy
    devices.get_strategy = on_two_cpus
    from alexnet.store.run_store import RunStore
    from alexnet.training.fit import train_run
    store = RunStore(sys.argv[1])
    states = [train_run(store, run_id) for run_id in sys.argv[2:]]
    print("RESULT", json.dumps({"states": states, "replicas": replicas}))
    """
)


def _train_in_a_fresh_process(store: RunStore, *run_ids: str) -> dict:
    environment = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", TRAINER_SCRIPT, str(store.root), *run_ids],
        cwd=REPO_ROOT, env=environment, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.split("RESULT", 1)[1])


def _mirrored_pair(store: RunStore, spec) -> tuple[str, str]:
    config = QUICK.replace(epochs=2, validation_split=0.25, bn_recalibration_images=128)
    return tuple(
        store.create(run_config(spec, config.replace(strategy=s), data_source="sample"), name=s)
        for s in ("default", "mirrored")
    )


def _weights(store: RunStore, run_id: str) -> list[np.ndarray]:
    return keras.models.load_model(store.checkpoint(run_id, "last"), compile=False).get_weights()


@pytest.mark.slow
def test_the_trainers_mirrored_path_trains_the_same_network_as_one_device(store):
    # Two replicas of half a batch each, their gradients summed: the same steps as one
    # device, up to the order of the sums.
    one, two = _mirrored_pair(store, TINY)
    result = _train_in_a_fresh_process(store, one, two)
    assert result == {"states": ["finished", "finished"], "replicas": [1, 2]}
    for a, b in zip(_weights(store, one), _weights(store, two), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
    for metric in ("loss", "accuracy"):
        curves = [[r[metric] for r in store.read_metrics(run, "step")] for run in (one, two)]
        np.testing.assert_allclose(curves[0], curves[1], rtol=1e-4)
    assert store.read_evaluation(two)["accuracy"] == store.read_evaluation(one)["accuracy"]


@pytest.mark.slow
def test_the_trainers_mirrored_path_trains_batch_normalization_to_a_whole_run(store):
    _, two = _mirrored_pair(store, TINY_BN)
    result = _train_in_a_fresh_process(store, two)
    assert result == {"states": ["finished"], "replicas": [2]}
    epochs = store.read_metrics(two, "epoch")
    assert [r["epoch"] for r in epochs] == [1, 2]
    for key in ("loss", "accuracy", "val_loss", "val_accuracy", "val_loss_moving"):
        assert all(np.isfinite(r[key]) for r in epochs), key
    evaluation = store.read_evaluation(two)
    assert evaluation["test_images"] == 1000
    assert evaluation["accuracy"] == pytest.approx(
        np.mean(np.array(evaluation["y_pred"]) == np.array(evaluation["y_true"]))
    )
    # The checkpoint holds recalibrated statistics; training's own were kept beside it.
    saved = np.load(store.run_dir(two) / "checkpoints" / MOVING_STATISTICS_FILE)
    assert len(saved.files) == 6  # mean and variance of 3 batch-normalized layers


def test_configure_threads_sets_the_pools_and_refuses_once_tensorflow_has_started():
    script = textwrap.dedent(
        """
        import tensorflow as tf
        from alexnet.training.devices import configure_threads, describe_devices
        configure_threads(1, 2)
        info = describe_devices()
        print("THREADS", info["intra_op_threads"], info["inter_op_threads"])
        tf.constant(1.0) + 1.0
        try:
            configure_threads(2, 2)
        except ValueError as error:
            print("REFUSED", "before TensorFlow starts" in str(error))
        """
    )
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert "THREADS 1 2" in result.stdout, result.stdout + result.stderr[-2000:]
    assert "REFUSED True" in result.stdout


@pytest.mark.slow
def test_two_machines_train_one_network_through_the_command_line(tmp_path):
    """Two `python -m alexnet train --strategy multi_worker` processes, as on two machines
    (docs/training.md), each with its own runs folder: both finish with identical weights."""
    workers = [f"127.0.0.1:{free_port()}", f"127.0.0.1:{free_port()}"]
    processes = []
    for index in range(2):
        tf_config = {"cluster": {"worker": workers}, "task": {"type": "worker", "index": index}}
        env = {
            **os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONPATH": str(REPO_ROOT),
            "TF_CONFIG": json.dumps(tf_config),
        }  # fmt: skip
        command = [
            sys.executable, "-m", "alexnet", "--runs-dir", str(tmp_path / f"machine{index}"),
            "train", "--preset", "cifar10_alexnet_bn", "--sample", "--train-size", "512",
            "--batch-size", "64", "--epochs", "2", "--validation-split", "0.25",
            "--strategy", "multi_worker",
        ]  # fmt: skip
        output = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT, "text": True}
        processes.append(subprocess.Popen(command, cwd=REPO_ROOT, env=env, **output))
    outputs = [p.communicate(timeout=300)[0] for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    assert "Traceback" not in "".join(outputs)
    models = []
    for index in range(2):
        store = RunStore(tmp_path / f"machine{index}")
        (info,) = store.list()
        assert info.state == "finished"
        checkpoint = store.checkpoint(info.run_id, "last")
        models.append(keras.models.load_model(checkpoint, compile=False))
    first, second = (model.get_weights() for model in models)
    assert len(first) == len(second) > 0
    for a, b in zip(first, second, strict=True):  # recalibrated statistics included
        np.testing.assert_array_equal(a, b)
