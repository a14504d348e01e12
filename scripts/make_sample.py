"""Make the CIFAR-10 sample shipped in alexnet/data/sample/ from the official-layout archive.

    python scripts/make_sample.py /path/to/cifar-10-python.tar.gz

picks, with a fixed seed, the same stratified subset every time (250 training and 100 test
images per class by default) and writes it losslessly as PNG sheets of 32x32 tiles plus
labels.json (labels, the images' indices in the full data set, the seed and the archive's
sha256). The archive is read with the project's safe loader.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from alexnet.data.cifar10 import read_cifar10  # noqa: E402
from alexnet.data.sample import SAMPLE_DIR, sheet_from_images  # noqa: E402
from alexnet.data.splits import stratified_indices  # noqa: E402

COLUMNS = 50  # tiles per sheet row: a 1600-pixel-wide picture


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pick(y: np.ndarray, per_class: int, seed: int) -> np.ndarray:
    keep = stratified_indices(y, per_class * 10, seed=seed)
    counts = np.bincount(y[keep], minlength=10)
    if not (counts == per_class).all():
        raise SystemExit(f"expected {per_class} images per class, got {counts.tolist()}")
    return keep


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("archive", type=Path, help="cifar-10-python.tar.gz or its extracted folder")
    parser.add_argument("--out", type=Path, default=SAMPLE_DIR, help="output folder")
    parser.add_argument("--train-per-class", type=int, default=250)
    parser.add_argument("--test-per-class", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    data = read_cifar10(args.archive)
    args.out.mkdir(parents=True, exist_ok=True)
    meta: dict[str, object] = {
        "source": args.archive.name,
        "source_sha256": _sha256(args.archive) if args.archive.is_file() else None,
        "seed": args.seed,
        "columns": COLUMNS,
    }
    # Different seeds per split so the two picks are independent draws.
    splits = (
        ("train", data.x_train, data.y_train, args.train_per_class, args.seed),
        ("test", data.x_test, data.y_test, args.test_per_class, args.seed + 1),
    )
    for name, x, y, per_class, seed in splits:
        keep = _pick(y, per_class, seed)
        sheet = sheet_from_images(x[keep], COLUMNS)
        Image.fromarray(sheet).save(args.out / f"{name}.png", format="PNG", optimize=True)
        meta[name] = {"labels": y[keep].tolist(), "source_index": keep.tolist()}
        size = (args.out / f"{name}.png").stat().st_size
        print(f"{name}: {len(keep):,} images, {name}.png {size / 1e6:.2f} MB")
    (args.out / "labels.json").write_text(json.dumps(meta, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
