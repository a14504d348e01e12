"""What a page spends on its largest figure: building it, and turning it into JSON (json vs orjson).

    python bench/bench_figure_json.py [--runs 10] [--epochs 100] [--rounds 5]

Builds the Compare page's largest figure (the overlay of `--runs` runs, each `--epochs` of
the recommended recipe on all of CIFAR-10 logged every 10 steps, per step), drawn as the
pages draw it (long curves thinned to a few hundred points, `alexnet.charts.downsample`) and
whole, and times building it and `plotly.io.to_json(figure, validate=False)`, which is what
`st.plotly_chart` runs on every redraw, with Plotly's two engines (orjson where installed).
Variants alternate (A B A B); medians are printed. Not a test.
"""

from __future__ import annotations

import argparse
import importlib.util
import time

import numpy as np
import pandas as pd
import plotly.io as pio
from common import machine, median

from alexnet.charts import comparison
from alexnet.charts.comparison import overlay_figure
from alexnet.store.overview import RunData

STEPS_PER_EPOCH = 352  # 45,000 images in batches of 128
WHOLE = 10**9  # a point limit no curve reaches: every point drawn


def _run(index: int, epochs: int) -> RunData:
    rng = np.random.default_rng(index)
    steps = np.arange(10, epochs * STEPS_PER_EPOCH + 1, 10)
    frame = pd.DataFrame(
        {
            "step": steps,
            "epoch": steps // STEPS_PER_EPOCH + 1,
            "loss": 2.3 * np.exp(-steps / 20_000) + rng.normal(0, 0.05, len(steps)),
            "accuracy": 0.85 * (1 - np.exp(-steps / 10_000)) + rng.normal(0, 0.02, len(steps)),
            "elapsed_seconds": steps / 12.0,
        }
    )
    epochs_frame = frame.groupby("epoch").last().reset_index()
    epochs_frame["val_loss"] = epochs_frame["loss"] + 0.1
    epochs_frame["val_accuracy"] = epochs_frame["accuracy"] - 0.02
    return RunData(f"run{index}", f"run {index}", epochs_frame, steps=frame, arm=f"arm{index}")


def _build(runs: list[RunData], limit: int):
    comparison.MAX_POINTS = limit
    return overlay_figure(runs, metric="accuracy", x="step", smoothing=0.6)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(machine())
    engines = ["json"] + (["orjson"] if importlib.util.find_spec("orjson") else [])
    if len(engines) == 1:
        print("orjson is not installed: timing Plotly's json engine only")
    runs = [_run(i, args.epochs) for i in range(args.runs)]
    variants = {"thinned": comparison.MAX_POINTS, "whole": WHOLE}
    figures = {name: _build(runs, limit) for name, limit in variants.items()}
    seconds: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.rounds):
        for name, limit in variants.items():
            start = time.perf_counter()
            _build(runs, limit)
            seconds.setdefault((name, "build"), []).append(time.perf_counter() - start)
            for engine in engines:
                start = time.perf_counter()
                pio.to_json(figures[name], validate=False, engine=engine)
                seconds.setdefault((name, engine), []).append(time.perf_counter() - start)
    comparison.MAX_POINTS = variants["thinned"]
    print(f"{args.runs} runs x {args.epochs} epochs, the accuracy overlay per step")
    for name, fig in figures.items():
        points = sum(len(trace.x) for trace in fig.data)
        size = len(pio.to_json(fig, validate=False, engine="json"))
        timings = ", ".join(
            f"to_json {engine} {1000 * median(seconds[(name, engine)]):.1f} ms"
            for engine in engines
        )
        print(
            f"{name:>7}: {points:>7,} points, {size:>9,} bytes; build "
            f"{1000 * median(seconds[(name, 'build')]):.0f} ms, {timings}"
        )
    if "orjson" in engines:
        for name in figures:
            ratio = median(seconds[(name, "orjson")]) / median(seconds[(name, "json")])
            print(f"orjson / json, {name}: {ratio:.2f}")


if __name__ == "__main__":
    main()
