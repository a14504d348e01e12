"""Which CIFAR-10 a run would use, found by looking at paths only (no images are read).

The home page and the Compare page's experiment want to say "full CIFAR-10 from ..." or
"the shipped sample" without reading 160 MB. This follows the same order of preference as
`alexnet.data.load_cifar10` ($CIFAR10_PATH, Keras' cache, a verified download, the
sample) but only checks that files exist; a file that exists but is not CIFAR-10 is
reported by the loader when a run starts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from alexnet.config.messages import Message
from alexnet.data.download import ARCHIVE_NAME
from alexnet.data.folders import download_folder, keras_cache_folders
from alexnet.data.sources import ENV_VAR

FULL_TRAIN_IMAGES = 50_000
FULL_TEST_IMAGES = 10_000
SAMPLE_TRAIN_IMAGES = 2_500  # 250 per class, see alexnet/data/sample/README.md
SAMPLE_TEST_IMAGES = 1_000
MISSING_PATH = (
    "${variable} names {path}, which does not exist. Set it to the CIFAR-10 archive, or unset "
    "it and restart the app to train on the shipped sample."
)


@dataclass(frozen=True)
class DataStatus:
    """Where training data would come from, as far as the file system tells."""

    source: str  # "path", "keras_cache", "download" or "sample" (as `ImageData.source`)
    path: Path | None  # the archive or folder; None for the shipped sample
    train_images: int  # training images that source holds
    test_images: int
    problem: str = ""  # e.g. $CIFAR10_PATH names a missing file (runs would fail)

    @property
    def full(self) -> bool:
        """Whether this is the full CIFAR-10 (not the shipped sample)."""
        return self.source != "sample"

    @property
    def run_source(self) -> str:
        """The `data_source` of `alexnet.config.run_config.run_config` that trains on it."""
        return "cifar10" if self.full else "sample"


def data_status() -> DataStatus:
    """Describe the CIFAR-10 source `load_cifar10()` would pick, without reading it."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        path = Path(env).expanduser()
        problem = "" if path.exists() else Message(MISSING_PATH, variable=ENV_VAR, path=str(path))
        return DataStatus("path", path, FULL_TRAIN_IMAGES, FULL_TEST_IMAGES, problem)
    for folder in keras_cache_folders():
        if folder.is_dir():
            return DataStatus("keras_cache", folder, FULL_TRAIN_IMAGES, FULL_TEST_IMAGES)
    archive = download_folder() / ARCHIVE_NAME
    if archive.is_file():
        return DataStatus("download", archive, FULL_TRAIN_IMAGES, FULL_TEST_IMAGES)
    return DataStatus("sample", None, SAMPLE_TRAIN_IMAGES, SAMPLE_TEST_IMAGES)
