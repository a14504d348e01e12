"""How long `layer_table` takes: the Build page recomputes it on every widget change.

Prints the median time per call, in microseconds, for the three presets and for the
largest spec that validation allows (the most rows: 12 conv blocks with batch norm and a
pool, 6 dense blocks with batch norm and dropout). The page must react in well under 50 ms,
so it also prints the median of everything the page computes for one edit (spec, table,
DataFrame, volume picture, code and JSON), in milliseconds, without Streamlit's own work.

    python bench/bench_layer_table.py
"""

from __future__ import annotations

import statistics
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd

from alexnet.charts.architecture import layer_volume_svg
from alexnet.config.presets import PRESETS
from alexnet.config.spec import (
    MAX_CONV_BLOCKS,
    MAX_DENSE_BLOCKS,
    ConvBlock,
    DenseBlock,
    ModelSpec,
)
from alexnet.config.spec_json import spec_from_dict, spec_to_dict, spec_to_json
from alexnet.network.codegen import generate_code
from alexnet.network.layer_table import layer_table

CALLS_PER_SAMPLE = 200
SAMPLES = 50


def largest_valid_spec() -> ModelSpec:
    """Every block the limits allow, each with every optional layer, close to the size limits."""
    return ModelSpec(
        name="largest allowed",
        input_shape=(64, 64, 3),
        num_classes=1000,
        batch_norm="before_activation",
        conv_blocks=tuple(
            # A 1x1 pool with strides 1 adds a layer without shrinking the map.
            ConvBlock(
                filters=64, kernel_size=3, padding="same", pool=True, pool_size=1, pool_strides=1
            )
            for _ in range(MAX_CONV_BLOCKS)
        ),
        dense_blocks=tuple(
            DenseBlock(units=256, dropout_rate=0.5) for _ in range(MAX_DENSE_BLOCKS)
        ),
    )


def median_microseconds(spec: ModelSpec) -> float:
    samples = timeit.repeat(lambda: layer_table(spec), number=CALLS_PER_SAMPLE, repeat=SAMPLES)
    return statistics.median(samples) / CALLS_PER_SAMPLE * 1e6


def page_work(data: dict) -> None:
    """What the Build page computes after one edit, Streamlit aside."""
    spec = spec_from_dict(data)  # the page builds a fresh spec from its widgets
    table = layer_table(spec)
    pd.DataFrame.from_records(table.to_records())
    layer_volume_svg(table, spec.input_shape)
    generate_code(spec)
    spec_to_json(spec)


def median_page_milliseconds(spec: ModelSpec) -> float:
    data = spec_to_dict(spec)
    samples = timeit.repeat(lambda: page_work(data), number=5, repeat=20)
    return statistics.median(samples) / 5 * 1e3


def main() -> None:
    specs = dict(PRESETS)
    specs["largest_valid"] = largest_valid_spec()
    print(f"layer_table: median per call over {SAMPLES} x {CALLS_PER_SAMPLE} calls")
    print(f"{'spec':<22} {'rows':>5} {'params':>13} {'median us':>10} {'page ms':>8}")
    for name, spec in specs.items():
        table = layer_table(spec)  # also proves the largest spec is valid
        print(
            f"{name:<22} {len(table.rows):>5} {table.total_params:>13,} "
            f"{median_microseconds(spec):>10.1f} {median_page_milliseconds(spec):>8.2f}"
        )


if __name__ == "__main__":
    main()
