"""The generated Keras program, run in a fresh Python process, builds the same model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from alexnet.config.presets import PRESETS, get_preset
from alexnet.config.spec import ModelSpec
from alexnet.network.codegen import generate_code
from alexnet.network.layer_table import layer_table

# Runs each generated program as a module (so its `if __name__ == "__main__"` training block is
# skipped) and prints what Keras reports for the model it defined, as one JSON line.
PROBE = """
import json, math, runpy, sys
out = []
for path in sys.argv[1:]:
    model = runpy.run_path(path, run_name="generated")["model"]
    rows = [
        [layer.name, list(layer.output.shape[1:]),
         sum(math.prod(w.shape) for w in layer.trainable_weights),
         sum(math.prod(w.shape) for w in layer.non_trainable_weights)]
        for layer in model.layers
    ]
    out.append(rows)
print("ROWS=" + json.dumps(out))
"""

SPECS: dict[str, ModelSpec] = {
    **PRESETS,
    "overrides": get_preset("cifar10_alexnet")
    .with_batch_norm("after_activation")
    .replace(activation="elu", rescale=False)
    .replace_conv(0, batch_norm="none", activation="gelu")
    .replace_dense(0, dropout_rate=0.5, batch_norm="before_activation", activation="tanh"),
}


def _env() -> dict[str, str]:
    return {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""}


def _expected(spec: ModelSpec) -> list[list]:
    return [
        [r.name, list(r.output_shape), r.trainable_params, r.non_trainable_params]
        for r in layer_table(spec).rows
    ]


def test_generated_code_builds_the_same_table_in_a_fresh_process(tmp_path: Path) -> None:
    paths = []
    for key, spec in SPECS.items():
        path = tmp_path / f"{key}.py"
        path.write_text(generate_code(spec), encoding="utf-8")
        paths.append(str(path))
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *paths],
        capture_output=True,
        text=True,
        timeout=300,
        env=_env(),
        cwd=tmp_path,  # nothing from this repository is importable there
    )
    assert result.returncode == 0, result.stderr[-3000:]
    line = next(x for x in result.stdout.splitlines() if x.startswith("ROWS="))
    reported = json.loads(line.removeprefix("ROWS="))
    for spec, rows in zip(SPECS.values(), reported, strict=True):
        assert rows == _expected(spec), spec.name


def test_the_generated_program_runs_to_the_end_as_a_script(tmp_path: Path) -> None:
    # The whole program, training block included, on a small model.
    spec = (
        get_preset("cifar10_alexnet").replace(input_shape=(16, 16, 3)).replace_conv(0, pool=False)
    )
    path = tmp_path / "small.py"
    path.write_text(generate_code(spec), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        env=_env(),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"{layer_table(spec).total_params:,}" in result.stdout  # model.summary()'s total
    assert "accuracy" in result.stdout
