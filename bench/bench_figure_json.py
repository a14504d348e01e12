"""How long a page spends turning its largest figure into JSON: Plotly's json vs orjson.

    python bench/bench_figure_json.py [--runs 10] [--epochs 100] [--rounds 5]

Builds the Compare page's largest figure (the overlay of `--runs` runs, each `--epochs` of
the recommended recipe on all of CIFAR-10 logged every 10 steps, per step) and times
`plotly.io.to_json(figure, validate=False)`, which is what `st.plotly_chart` runs on every
redraw, with Plotly's two engines alternating (A B A B). orjson must be installed.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
import plotly.io as pio
from common import machine, median

from alexnet.charts.comparison import overlay_figure
from alexnet.store.overview import RunData

STEPS_PER_EPOCH = 352  # 45,000 images in batches of 128


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(machine())
    runs = [_run(i, args.epochs) for i in range(args.runs)]
    fig = overlay_figure(runs, metric="accuracy", x="step", smoothing=0.6)
    points = sum(len(trace.x) for trace in fig.data)
    sizes = {
        engine: len(pio.to_json(fig, validate=False, engine=engine))
        for engine in ("json", "orjson")
    }
    print(f"{args.runs} runs x {args.epochs} epochs: {len(fig.data)} traces, {points:,} points")
    seconds: dict[str, list[float]] = {"json": [], "orjson": []}
    for _ in range(args.rounds):
        for engine in seconds:
            start = time.perf_counter()
            pio.to_json(fig, validate=False, engine=engine)
            seconds[engine].append(time.perf_counter() - start)
    for engine, values in seconds.items():
        print(f"{engine:>6}: median {1000 * median(values):.1f} ms ({sizes[engine]:,} bytes)")
    print(f"orjson / json: {median(seconds['orjson']) / median(seconds['json']):.2f}")


if __name__ == "__main__":
    main()
