"""Input pipeline settings: which tf.data choices keep a 2-core CPU busiest.

Part 1, the pipeline alone (no model), one epoch of uint8 CIFAR-10 at batch 128:
- "slices": the textbook `from_tensor_slices((x, y)).shuffle(n).batch(b).prefetch(AUTOTUNE)`;
- "gather": `alexnet.data.pipeline.make_dataset` (a shuffled index permutation, batched, then each
  batch taken from the NumPy array in one step);
and the epoch-boundary cost: seconds from creating a fresh iterator to its first batch, with
TensorFlow's autotune on and off.

Part 2, the epoch-boundary gap inside `fit`: seconds from the end of one epoch to the end of
the next epoch's first batch, for NumPy arrays (uint8, float32) and for our repeating dataset;
a tiny model keeps the batches short so the gap stands out.

Part 3, training the CIFAR-10 AlexNet (`fit` on a repeating dataset for a fixed number of
steps), alternating settings A B A B: the private thread pool size and
the prefetch depth of `alexnet.data.pipeline`.

Part 4, where the images live: arrays in memory vs memory-mapped from the decoded cache
(`load_cifar10(memory_map=True)`, rows read with pread, what a worker trains from): the
reading cost per batch, and training the CIFAR-10 AlexNet with flips and crops, A B A B.

Run:  python bench/bench_pipeline.py [--steps 60] [--rounds 2]
Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import time

import common


def textbook(x, y, batch_size: int, autotune: bool):
    import tensorflow as tf

    dataset = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(len(x), seed=0)
    dataset = dataset.batch(batch_size).prefetch(tf.data.AUTOTUNE)
    options = tf.data.Options()
    options.autotune.enabled = autotune
    return dataset.with_options(options)


def ours(x, y, batch_size: int, autotune: bool):
    from alexnet.data import pipeline

    original = pipeline.dataset_options

    def options_with_autotune():
        options = original()
        options.autotune.enabled = autotune
        return options

    pipeline.dataset_options = options_with_autotune
    try:
        return pipeline.make_dataset(x, y, batch_size=batch_size, shuffle=True, seed=0)
    finally:
        pipeline.dataset_options = original


def pipeline_only(x, y, batch_size: int) -> None:
    print("pipeline alone, one epoch of", len(x), "images at batch", batch_size)
    for name, build in (("slices", textbook), ("gather", ours)):
        for autotune in (True, False):
            dataset = build(x, y, batch_size, autotune)
            first_batches, rates = [], []
            for _ in range(3):
                start = time.perf_counter()
                iterator = iter(dataset)
                next(iterator)
                first_batches.append(time.perf_counter() - start)
                count = batch_size
                for images, _ in iterator:
                    count += len(images)
                rates.append(count / (time.perf_counter() - start))
            print(
                f"  {name:6s} autotune {'on ' if autotune else 'off'}: "
                f"{common.median(rates):9,.0f} img/s, first batch of a new epoch "
                f"{common.median(first_batches) * 1000:6.1f} ms"
            )


def epoch_boundaries(x, y, batch_size: int, rounds: int) -> None:
    import keras
    import numpy as np

    from alexnet.config.spec import ConvBlock, ModelSpec
    from alexnet.data import pipeline
    from alexnet.network.builder import build_model

    class Gaps(keras.callbacks.Callback):
        def __init__(self) -> None:
            super().__init__()
            self.gaps: list[float] = []
            self.epoch_end: float | None = None

        def on_epoch_end(self, epoch, logs=None):
            self.epoch_end = time.perf_counter()

        def on_train_batch_end(self, batch, logs=None):
            if self.epoch_end is not None:
                self.gaps.append(time.perf_counter() - self.epoch_end)
                self.epoch_end = None

    tiny = ModelSpec(name="tiny", conv_blocks=(ConvBlock(filters=4, kernel_size=3, strides=4),))
    steps = pipeline.steps_per_epoch(len(x), batch_size)
    x_float = x.astype(np.float32) / 255
    variants = {
        "fit(uint8 numpy)": lambda m, cb: m.fit(
            x, y, batch_size=batch_size, epochs=4, verbose=0, callbacks=[cb]
        ),
        "fit(float32 numpy)": lambda m, cb: m.fit(
            x_float, y, batch_size=batch_size, epochs=4, verbose=0, callbacks=[cb]
        ),
        "fit(make_dataset, repeat)": lambda m, cb: m.fit(
            pipeline.make_dataset(x, y, batch_size=batch_size, shuffle=True, seed=0, repeat=True),
            steps_per_epoch=steps,
            epochs=4,
            verbose=0,
            callbacks=[cb],
        ),
    }
    gaps: dict[str, list[float]] = {name: [] for name in variants}
    print(f"epoch-boundary gaps in fit (tiny model, {len(x)} images, batch {batch_size})")
    for _ in range(rounds):
        for name, run in variants.items():
            model = build_model(tiny.replace(rescale="float32" not in name))
            model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
            callback = Gaps()
            run(model, callback)
            gaps[name] += callback.gaps
    for name, values in gaps.items():
        print(
            f"  {name:26s} median {common.median(values) * 1000:6.0f} ms, "
            f"worst {max(values) * 1000:6.0f} ms over {len(values)} boundaries"
        )


def training(x, y, batch_size: int, steps: int, rounds: int) -> None:

    from alexnet.config.presets import CIFAR10_ALEXNET
    from alexnet.data import pipeline
    from alexnet.network.builder import build_model

    settings = {
        "threads 1, prefetch 2 (default)": (1, 2),
        "threads 2, prefetch 2": (2, 2),
        "shared pool, prefetch 2": (0, 2),
        "threads 1, prefetch 1": (1, 1),
    }
    model = build_model(CIFAR10_ALEXNET)
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    rates: dict[str, list[float]] = {name: [] for name in settings}
    print(f"training the CIFAR-10 AlexNet, {steps} steps of batch {batch_size} per measurement")
    for round_ in range(rounds + 1):
        for name, (threads, prefetch) in settings.items():
            pipeline.PIPELINE_THREADS, pipeline.PREFETCH_BATCHES = threads, prefetch
            dataset = pipeline.make_dataset(
                x, y, batch_size=batch_size, shuffle=True, seed=0, repeat=True
            )
            start = time.perf_counter()
            model.fit(dataset, epochs=1, steps_per_epoch=steps, verbose=0)
            if round_:  # round 0 warms up: tracing, thread pools, oneDNN kernels
                rates[name].append(steps * batch_size / (time.perf_counter() - start))
    pipeline.PIPELINE_THREADS, pipeline.PREFETCH_BATCHES = 1, 2
    for name, values in rates.items():
        print(f"  {name:32s} median {common.median(values):5.0f} img/s  {values}")


def image_sources(batch_size: int, steps: int, rounds: int) -> None:
    if not common.SHARED_CIFAR10.exists():
        print(f"image sources: skipped, no CIFAR-10 at {common.SHARED_CIFAR10}")
        return
    import numpy as np

    from alexnet.config.presets import CIFAR10_ALEXNET
    from alexnet.data import load_cifar10
    from alexnet.data.file_rows import row_reader
    from alexnet.data.pipeline import make_dataset
    from alexnet.network.builder import build_model

    mapped = load_cifar10(common.SHARED_CIFAR10, memory_map=True)
    sources = {"in memory": np.array(mapped.x_train), "memory-mapped": mapped.x_train}
    rng = np.random.default_rng(0)
    batches = [rng.permutation(len(mapped.y_train))[:batch_size] for _ in range(200)]
    for name, x in sources.items():
        read = row_reader(x)
        start = time.perf_counter()
        for idx in batches:
            read(idx)
        per_batch = (time.perf_counter() - start) / len(batches) * 1000
        print(f"  reading a random batch of {batch_size}, {name:13s}: {per_batch:.3f} ms")
    arms = {}
    for name, x in sources.items():
        model = build_model(CIFAR10_ALEXNET)
        model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
        data = make_dataset(
            x,
            mapped.y_train,
            batch_size=batch_size,
            shuffle=True,
            seed=0,
            flip=True,
            crop_padding=4,
            repeat=True,
        )
        arms[name] = (model, data, batch_size)
    rates, _ = common.alternate_fits(arms, steps * batch_size, rounds)
    for name, values in rates.items():
        print(f"  training from {name:13s} median {common.median(values):5.0f} img/s  {values}")
    ratio = common.median(rates["memory-mapped"]) / common.median(rates["in memory"])
    print(f"  memory-mapped / in memory: {ratio:.3f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--random", action="store_true", help="random images, not CIFAR-10")
    args = parser.parse_args()
    x, y, _, _ = common.load_cifar10(args.random)
    print(common.machine())
    pipeline_only(x, y, args.batch_size)
    epoch_boundaries(x, y, args.batch_size, args.rounds)
    training(x, y, args.batch_size, args.steps, args.rounds)
    if not args.random:
        image_sources(args.batch_size, args.steps, args.rounds)


if __name__ == "__main__":
    main()
