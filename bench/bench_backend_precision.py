"""Train-step throughput of the presets per Keras backend and dtype policy.

Checks, on whatever backend `KERAS_BACKEND` selects (tensorflow by default, jax or torch
where installed) and on whatever device that backend finds (a GPU when present):
- the built model agrees with the pure-Python layer table (names, shapes, parameters);
- a mixed-precision model still returns float32 probabilities that sum to 1;
- images per second of `train_on_batch` for float32 and mixed precision, A B A B.

Run:  python bench/bench_backend_precision.py [--steps 30] [--batch-size 256]
Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keras

from alexnet.config.presets import PRESETS
from alexnet.network.builder import build_model
from alexnet.network.layer_table import layer_table


def check_table(spec) -> bool:
    model = build_model(spec)
    for row, layer in zip(layer_table(spec).rows, model.layers, strict=True):
        shape = tuple(layer.output.shape[1:])
        trainable = sum(int(np.prod(w.shape)) for w in layer.trainable_weights)
        frozen = sum(int(np.prod(w.shape)) for w in layer.non_trainable_weights)
        got = (layer.name, shape, trainable, frozen)
        want = (row.name, row.output_shape, row.trainable_params, row.non_trainable_params)
        if got != want:
            print(f"  MISMATCH {want} != {got}")
            return False
    return True


def images_per_second(spec, policy: str, batch_size: int, steps: int) -> tuple[float, float]:
    keras.mixed_precision.set_dtype_policy(policy)
    try:
        model = build_model(spec)
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        rng = np.random.default_rng(0)
        x = rng.integers(0, 256, size=(batch_size, *spec.input_shape), dtype=np.uint8)
        y = rng.integers(0, spec.num_classes, size=(batch_size,))
        for _ in range(3):  # compile and warm up
            model.train_on_batch(x, y)
        start = time.perf_counter()
        for _ in range(steps):
            loss = model.train_on_batch(x, y)
        float(keras.ops.convert_to_numpy(loss))  # wait for the device
        elapsed = time.perf_counter() - start
        probs = keras.ops.convert_to_numpy(model(x[:4], training=False))
        assert probs.dtype == np.float32, probs.dtype
        return steps * batch_size / elapsed, float(np.abs(probs.sum(axis=1) - 1).max())
    finally:
        keras.mixed_precision.set_dtype_policy("float32")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    backend = keras.backend.backend()
    print(f"keras {keras.__version__}, backend {backend}")
    if backend == "jax":
        import jax

        print("devices:", jax.devices())
    elif backend == "tensorflow":
        import tensorflow as tf

        print("devices:", tf.config.list_physical_devices())
    gpu = backend != "tensorflow" or bool(
        __import__("tensorflow").config.list_physical_devices("GPU")
    )
    mixed = "mixed_float16" if gpu else "mixed_bfloat16"

    for preset_id, spec in PRESETS.items():
        print(f"{preset_id}: layer table equals Keras: {check_table(spec)}")
        if not gpu and preset_id == "imagenet_alexnet":
            print("  (skipping ImageNet throughput on CPU)")
            continue
        runs: dict[str, list[float]] = {"float32": [], mixed: []}
        worst_sum_error = 0.0
        for _ in range(args.rounds):  # A B A B: the two policies alternate
            for policy in runs:
                ips, err = images_per_second(spec, policy, args.batch_size, args.steps)
                runs[policy].append(ips)
                worst_sum_error = max(worst_sum_error, err)
        f32, mp = statistics.median(runs["float32"]), statistics.median(runs[mixed])
        print(
            f"  float32 {f32:,.0f} img/s, {mixed} {mp:,.0f} img/s, ratio {mp / f32:.2f} "
            f"(median of {args.rounds}); softmax sums within {worst_sum_error:.1e} of 1"
        )


if __name__ == "__main__":
    main()
