"""A run as one zip file: what someone needs to look at it elsewhere or hand it in.

Holds config.json, meta.json, status.json, metrics.jsonl, epochs.csv, evaluation.json,
the metrics as CSV (metrics_epochs.csv, metrics_steps.csv) and the model (the best
checkpoint, else the last) as model.keras, all under a folder named after the run id.
"""

from __future__ import annotations

import io
import zipfile

from alexnet.store.run_store import RunStore

FILES = (
    "config.json", "meta.json", "status.json", "metrics.jsonl", "epochs.csv", "evaluation.json",
)  # fmt: skip


def export_zip(store: RunStore, run_id: str) -> bytes:
    """The zip of one run, in memory (for a download button or `Path.write_bytes`).

    Args:
        store: the run store holding the run.
    """
    import pandas as pd  # only for a zip: a worker imports the store but never needs pandas

    folder = store.run_dir(run_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in FILES:
            if (folder / name).is_file():
                archive.write(folder / name, f"{run_id}/{name}")
        for kind in ("epoch", "step"):
            csv = pd.DataFrame(store.read_metrics(run_id, kind)).to_csv(index=False)
            archive.writestr(f"{run_id}/metrics_{kind}s.csv", csv)
        found = store.best_checkpoint(run_id)
        if found is not None:
            archive.write(found[0], f"{run_id}/model.keras")
    return buffer.getvalue()
