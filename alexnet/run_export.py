"""A run as one zip file: what someone needs to look at it elsewhere or hand it in.

Holds config.json, meta.json, status.json, metrics.jsonl, epochs.csv, evaluation.json,
the metrics as CSV (metrics_epochs.csv, metrics_steps.csv) and the model (the best
checkpoint, else the last) as model.keras, all under a folder named after the run id.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

FILES = (
    "config.json", "meta.json", "status.json", "metrics.jsonl", "epochs.csv", "evaluation.json",
)  # fmt: skip


def export_zip(store: Any, run_id: str) -> bytes:
    """The zip of one run, in memory (for a download button or `Path.write_bytes`).

    Args:
        store: the `alexnet.runs.RunStore` holding the run.
        run_id: the run.
    """
    import pandas as pd

    folder = store.run_dir(run_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in FILES:
            if (folder / name).is_file():
                archive.write(folder / name, f"{run_id}/{name}")
        for kind in ("epoch", "step"):
            csv = pd.DataFrame(store.read_metrics(run_id, kind)).to_csv(index=False)
            archive.writestr(f"{run_id}/metrics_{kind}s.csv", csv)
        for which in ("best", "last"):
            if store.checkpoint(run_id, which).is_file():
                archive.write(store.checkpoint(run_id, which), f"{run_id}/model.keras")
                break
    return buffer.getvalue()
