"""A real, small trained run for the Predict and Inspect page tests (one short epoch)."""

from __future__ import annotations

import base64
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np

from alexnet.config.run_config import run_config
from alexnet.config.training import TrainConfig
from alexnet.jobs.worker import execute
from alexnet.store.run_store import RunStore
from tests.specs import TINY

TINY_CONFIG = TrainConfig(epochs=1, train_size=500, batch_size=50, validation_split=0.1)


def train_tiny_run(root: Path) -> str:
    """Train the tiny spec for one epoch on 500 sample images through the real trainer.

    Args:
        root: the runs directory to create it in.

    Returns:
        The run id (state 'finished', with checkpoints).
    """
    store = RunStore(root)
    run_id = store.create(run_config(TINY, TINY_CONFIG), name="tiny test run")
    state = execute(store, run_id, threads=1)
    if state != "finished":
        raise RuntimeError(f"the test run ended {state}: {store.read_status(run_id)}")
    return run_id


def chart_json(at: Any, key_part: str) -> dict[str, Any]:
    """The Plotly figure (JSON dict) of the AppTest chart whose element id mentions `key_part`."""
    for chart in at.get("plotly_chart"):
        if key_part in chart.proto.id:
            return json.loads(chart.proto.spec)
    raise AssertionError(f"no chart with {key_part!r} among {len(at.get('plotly_chart'))} charts")


def top_k_bars(at: Any) -> list[tuple[str, float]]:
    """(class, probability) of each bar of the Predict page's top-k picture, top to bottom."""
    pictures = [m.value for m in at.markdown if 'class="top-k"' in m.value]
    if len(pictures) != 1:
        raise AssertionError(f"{len(pictures)} top-k pictures on the page, expected 1")
    root = ET.fromstring(pictures[0])
    return [
        (r.get("data-class"), float(r.get("data-probability")))
        for r in root.iter("{http://www.w3.org/2000/svg}rect")
        if r.get("class") == "bar"
    ]


def plotly_values(value: Any) -> np.ndarray:
    """A Plotly JSON array as NumPy: plain lists, or {"dtype", "bdata", "shape"} binary blocks."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = value.get("shape")
        if shape:
            array = array.reshape([int(s) for s in str(shape).split(",")])
        return array
    return np.asarray(value)


def image_captions(at: Any) -> list[str]:
    """The captions of every st.image on the page."""
    return [img.caption for element in at.get("image") for img in element.proto.imgs]


def run_page(at: Any) -> Any:
    """Run (or rerun) an AppTest and fail with the page's exception text if it raised."""
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
