"""Prediction and evaluation throughput: Keras on NumPy arrays vs `alexnet.data.pipeline`.

`model.predict(numpy)` and `model.evaluate(numpy)` build a new `tf.data` pipeline (with
autotune) on every call; `predict_batches` and `make_predict_dataset` / `make_dataset` feed
fixed, prefetched uint8 batches. Each variant runs alternately (A B C A B C ...) on the same
trained-from-scratch CIFAR-10 AlexNet; medians are reported.

Run:  python bench/bench_predict.py [--images 10000] [--rounds 3] [--batch-sizes 32,256]
Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import time

import common


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-sizes", default="32,256")
    parser.add_argument("--random", action="store_true", help="random images, not CIFAR-10")
    args = parser.parse_args()

    from alexnet.config.presets import CIFAR10_ALEXNET
    from alexnet.data.pipeline import make_dataset, make_predict_dataset, predict_batches
    from alexnet.network.builder import build_model

    _, _, x, y = common.load_cifar10(args.random)
    x, y = x[: args.images], y[: args.images]
    print(common.machine())
    model = build_model(CIFAR10_ALEXNET)
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    for batch_size in map(int, args.batch_sizes.split(",")):
        variants = {
            "predict(numpy)": lambda b=batch_size: model.predict(x, batch_size=b, verbose=0),
            "predict_batches": lambda b=batch_size: predict_batches(model, x, batch_size=b),
            "evaluate(numpy)": lambda b=batch_size: model.evaluate(x, y, batch_size=b, verbose=0),
            "evaluate(make_dataset)": lambda b=batch_size: model.evaluate(
                make_dataset(x, y, batch_size=b, shuffle=False, seed=0), verbose=0
            ),
            "predict(make_predict_dataset)": lambda b=batch_size: model.predict(
                make_predict_dataset(x, b), verbose=0
            ),
        }
        rates: dict[str, list[float]] = {name: [] for name in variants}
        for round_ in range(args.rounds + 1):
            for name, run in variants.items():
                start = time.perf_counter()
                run()
                if round_:  # round 0 warms up (tracing)
                    rates[name].append(len(x) / (time.perf_counter() - start))
        base = common.median(rates["predict(numpy)"])
        print(f"batch {batch_size}, {len(x)} images:")
        for name, values in rates.items():
            rate = common.median(values)
            print(f"  {name:30s} {rate:7.0f} img/s  ({rate / base:.2f}x predict(numpy))")


if __name__ == "__main__":
    main()
