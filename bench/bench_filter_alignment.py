"""Share of the float32 ceiling a network reaches: filter counts as given vs rounded up to 16.

A 512-bit vector holds 16 float32 values, so a convolution with 56 or 84 filters (the CIFAR-10
AlexNet's conv2 to conv5) fills its last vector of output channels only partly. This trains
the preset as it is and the same network with every filter count rounded up to a multiple of
16, alternating (A B A B ...) in one process after a warm-up round, and reports images/s and
achieved GFLOP/s (training FLOPs from the layer table) as a share of the matmul ceiling
measured in the same run. The rounded network does more work per image; the question is how
much faster it does each FLOP.

Run:  python bench/bench_filter_alignment.py [--images 10240] [--rounds 3]
      python bench/bench_filter_alignment.py --images 2560 --rounds 1      # quick
Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import dataclasses

import common

LANES = 16  # float32 values in a 512-bit vector register


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    common.add_fit_arguments(parser, images=10240, rounds=3, spec="cifar10_alexnet")
    args = parser.parse_args()

    import keras

    from alexnet.config.presets import get_preset
    from alexnet.data.pipeline import make_dataset
    from alexnet.network.builder import build_model
    from alexnet.network.layer_table import layer_table

    given = get_preset(args.spec)
    rounded = given.replace(
        conv_blocks=tuple(
            dataclasses.replace(block, filters=-(-block.filters // LANES) * LANES)
            for block in given.conv_blocks
        )
    )
    x, y, _, _ = common.load_cifar10(args.random)
    print(common.machine())
    arms, flops, filters = {}, {}, {}
    for label, spec in (("as given", given), (f"rounded to {LANES}", rounded)):
        keras.utils.set_random_seed(0)
        model = build_model(spec)
        model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
        data = make_dataset(x, y, batch_size=args.batch_size, shuffle=True, seed=0, repeat=True)
        arms[label] = (model, data, args.batch_size)
        flops[label] = layer_table(spec).training_flops_per_image
        filters[label] = [block.filters for block in spec.conv_blocks]
    rates, ceiling = common.alternate_fits(arms, args.images, args.rounds)
    steps = max(1, args.images // args.batch_size)
    print(f"matmul ceiling {ceiling:.0f} GFLOP/s; batch {args.batch_size}, {steps} steps per arm")
    achieved = {}
    for label in arms:
        rate = common.median(rates[label])
        achieved[label] = rate * flops[label] / 1e9
        print(
            f"  {label:14s} filters {filters[label]}: {flops[label] / 1e6:5.1f} MFLOP/image, "
            f"{rate:6.0f} img/s, {achieved[label]:4.0f} GFLOP/s = "
            f"{achieved[label] / ceiling:4.0%} of ceiling"
        )
    first, second = achieved.values()
    print(f"  GFLOP/s ratio rounded / as given: {second / first:.2f}x")


if __name__ == "__main__":
    main()
