"""Training throughput of the CIFAR-10 AlexNet by batch size, with XLA (`jit_compile`) on/off.

Each setting trains through `alexnet.data.pipeline` (a repeating uint8 dataset, `fit` with
`steps_per_epoch`) on the same number of images per measurement; settings alternate
(A B C ... A B C ...) after a warm-up round that traces every function, and the median of
the rounds is reported with the share of the matmul ceiling measured in the same run.

Run:  python bench/bench_batch_size.py [--images 6400] [--rounds 3]
      python bench/bench_batch_size.py --images 1280 --rounds 1 --batch-sizes 32,128  # quick
Not a test: it prints figures.
"""

from __future__ import annotations

import argparse

import common


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    common.add_fit_arguments(parser, images=6400, rounds=3, spec="cifar10_alexnet")
    parser.add_argument("--batch-sizes", default="32,64,128,256")
    parser.add_argument("--jit", default="off,on", help="comma list of: off, on")
    args = parser.parse_args()

    import keras

    from alexnet.config.presets import get_preset
    from alexnet.data.pipeline import make_dataset
    from alexnet.network.builder import build_model
    from alexnet.network.layer_table import layer_table

    spec = get_preset(args.spec)
    flops = layer_table(spec).training_flops_per_image
    x, y, _, _ = common.load_cifar10(args.random)
    print(common.machine())
    arms = {}
    for batch_size in map(int, args.batch_sizes.split(",")):
        for jit in args.jit.split(","):
            keras.utils.set_random_seed(0)
            model = build_model(spec)
            model.compile(
                "adam",
                "sparse_categorical_crossentropy",
                metrics=["accuracy"],
                jit_compile=jit == "on",
            )
            data = make_dataset(x, y, batch_size=batch_size, shuffle=True, seed=0, repeat=True)
            arms[(batch_size, jit)] = (model, data, batch_size)
    # Round 0 warms up: tracing (and XLA compilation).
    rates, ceiling = common.alternate_fits(arms, args.images, args.rounds)
    print(f"{spec.name}: {flops / 1e6:.0f} MFLOP per training image; matmul ceiling {ceiling:.0f}")
    best = max(rates, key=lambda key: common.median(rates[key]))
    for (batch_size, jit), values in rates.items():
        rate = common.median(values)
        mark = "  <- fastest" if (batch_size, jit) == best else ""
        print(
            f"  batch {batch_size:4d} jit_compile {jit:3s}: {rate:6.0f} img/s "
            f"({rate * flops / 1e9 / ceiling:4.0%} of ceiling){mark}"
        )


if __name__ == "__main__":
    main()
