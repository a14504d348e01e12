"""Training throughput with BatchNormalization: Keras 3's own ops vs TensorFlow's fused kernel.

Two copies of the same network with the same initial weights train through `alexnet.data.pipeline`
(a repeating uint8 dataset, `fit` with `steps_per_epoch`), one with Keras'
`BatchNormalization` code and one after `alexnet.network.fused_batch_norm.fuse_batch_normalization`
(what the trainer does). They alternate (A B A B ...) after a warm-up round that traces both;
reported are the medians, the median of the per-round ratios fused/Keras, and the share of the
matmul ceiling measured in the same run. The network without batch normalization runs too
(`--specs`), as the bound batch normalization cannot beat.

Run:  python bench/bench_fused_batch_norm.py [--images 6400] [--rounds 5] [--batch-size 128]
      python bench/bench_fused_batch_norm.py --images 1280 --rounds 1   # quick
Not a test: it prints figures.
"""

from __future__ import annotations

import argparse

import common


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    common.add_fit_arguments(parser, images=6400, rounds=5, spec="cifar10_alexnet_bn")
    parser.add_argument("--bound", default="cifar10_alexnet", help="the same net without BN")
    args = parser.parse_args()

    import keras

    from alexnet.config.presets import get_preset
    from alexnet.data.pipeline import make_dataset
    from alexnet.network.builder import build_model
    from alexnet.network.fused_batch_norm import fuse_batch_normalization
    from alexnet.network.layer_table import layer_table

    spec = get_preset(args.spec)
    flops = layer_table(spec).training_flops_per_image
    x, y, _, _ = common.load_cifar10(args.random)
    print(common.machine())
    data = make_dataset(x, y, batch_size=args.batch_size, shuffle=True, seed=0, repeat=True)
    arms: dict[str, tuple] = {}
    for arm in ("keras", "fused", "no BN"):
        keras.utils.set_random_seed(0)
        model = build_model(get_preset(args.bound) if arm == "no BN" else spec)
        if arm == "fused":
            model.set_weights(arms["keras"][0].get_weights())
            print(f"fused layers: {fuse_batch_normalization(model)}")
        model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
        arms[arm] = (model, data, args.batch_size)
    rates, ceiling = common.alternate_fits(arms, args.images, args.rounds)
    steps = max(1, args.images // args.batch_size)
    print(
        f"{spec.name}, batch {args.batch_size}, {steps * args.batch_size} images x "
        f"{args.rounds} rounds; {flops / 1e6:.0f} MFLOP per training image; "
        f"matmul ceiling {ceiling:.0f} GFLOP/s"
    )
    for arm, values in rates.items():
        rate = common.median(values)
        print(f"  {arm:6s}: {rate:6.0f} img/s ({rate * flops / 1e9 / ceiling:4.0%} of ceiling)")
    ratios = [f / k for f, k in zip(rates["fused"], rates["keras"], strict=True)]
    print(f"  fused / keras median ratio: {common.median(ratios):.2f}x")


if __name__ == "__main__":
    main()
