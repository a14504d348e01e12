"""The generated Keras program is valid Python in the tutorial's style (run: integration)."""

from __future__ import annotations

import pytest

from alexnet.config.presets import PRESETS, get_preset
from alexnet.network.codegen import generate_code
from alexnet.network.layer_table import layer_table


@pytest.mark.parametrize("preset_id", list(PRESETS))
def test_generated_code_is_valid_python_in_the_tutorial_style(preset_id: str) -> None:
    code = generate_code(get_preset(preset_id))
    compile(code, f"{preset_id}.py", "exec")
    assert "tf.keras.Sequential(" in code
    assert "model.summary()" in code
    assert f"{layer_table(get_preset(preset_id)).total_params:,} parameters" in code
