"""Make the README's screenshots: Build, Train with live curves, the BN vs none comparison and
what it shows inside the networks.

    python scripts/screenshots.py [--output docs/screenshots] [--compare-epochs 5]
    python scripts/screenshots.py --only inside

Starts `streamlit run app.py` with a scratch runs folder on the shipped CIFAR-10 sample,
drives it in headless Chromium as a user would, and writes build.png, train.png,
compare.png and compare_inside.png (about 1400 px wide, quantized to 256 colors to stay
small; `--only` makes some of them). On the way it
times the default "Batch normalization vs none" experiment, from the click on Start to both
runs finished, and prints the figure (the README quotes it). Takes a few minutes.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PIL import Image  # noqa: E402

from alexnet.store.run_store import ACTIVE_STATES, RunStore  # noqa: E402
from tests.e2e.app_server import (  # noqa: E402
    CHROMIUM_ARGS,
    browser_executable,
    go_to,
    settle,
    streamlit_app,
)
from tests.waiting import wait_for  # noqa: E402
from tests.workers import kill_workers  # noqa: E402

WIDTH = 1400
TIMEOUT_MS = 180_000


def save_png(png: bytes, path: Path, crop: tuple[int, int] | None = None) -> None:
    """Write a screenshot quantized to 256 colors, optionally cropped to rows (top, bottom).

    Args:
        png: the screenshot's PNG bytes.
        path: where to write it.
        crop: the rows to keep, in pixels, or None for all.
    """
    image = Image.open(io.BytesIO(png)).convert("RGB")
    if crop is not None:
        image = image.crop((0, max(0, crop[0]), image.width, min(image.height, crop[1])))
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    print(f"{path}: {image.width}x{image.height}, {path.stat().st_size / 1024:.0f} KB")


def _fill(where, label: str, value: str, page) -> None:
    box = where.get_by_label(label, exact=True).first
    box.fill(value)
    box.press("Enter")
    settle(page, TIMEOUT_MS, pause_ms=800)


def _top(page, locator) -> int:
    box = locator.bounding_box()
    return int(box["y"]) if box else 0


def _bottom(page, locator) -> int:
    box = locator.bounding_box()
    return int(box["y"] + box["height"]) if box else 10_000


def _tall(page) -> None:
    """Let the window hold the whole page (Streamlit scrolls inside its main block)."""
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=\"stMain\"]')]"
        ".map(e => e.scrollHeight), 900)"
    )
    page.set_viewport_size({"width": WIDTH, "height": height})
    page.wait_for_timeout(1500)
    page.mouse.move(5, 5)  # no hover: Plotly's toolbar stays hidden
    page.evaluate("() => document.activeElement && document.activeElement.blur()")


def shoot_build(page, out: Path) -> None:
    go_to(page, "Build", TIMEOUT_MS)
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    page.mouse.move(5, 5)
    page.wait_for_timeout(1500)
    save_png(page.screenshot(), out / "build.png")


def shoot_train(page, store: RunStore, out: Path, epochs: int, shown_epochs: int) -> None:
    go_to(page, "Train", TIMEOUT_MS)
    page.get_by_label("Network").first.wait_for()
    _fill(page, "Training images (0 = all)", "0", page)
    _fill(page, "Epochs", str(epochs), page)
    _fill(page, "Validation split", "0.10", page)  # validation curves beside the training ones
    page.get_by_role("button", name="Start training").click()

    def epochs_done() -> int:
        return max((int(i.status.get("epoch") or 0) for i in store.list()), default=0)

    wait_for(lambda: epochs_done() >= shown_epochs, 900, f"{shown_epochs} epochs")
    page.wait_for_timeout(2500)  # the fragment's next poll draws the latest points
    _tall(page)
    heading = page.get_by_role("heading", level=1).first
    charts = page.locator('[data-testid="stPlotlyChart"]')
    png = page.screenshot()
    save_png(png, out / "train.png", (_top(page, heading) - 30, _bottom(page, charts.last) + 20))
    page.set_viewport_size({"width": WIDTH, "height": 1000})
    page.get_by_role("button", name="Stop").click()
    wait_for(lambda: all(i.state not in ACTIVE_STATES for i in store.list()), 120, "the stop")


def run_experiment(page, store: RunStore, epochs: int | None) -> float:
    """Start the BN vs none experiment on Compare and wait for both runs; returns seconds."""
    go_to(page, "Compare", TIMEOUT_MS)
    if epochs is not None:
        _fill(page, "Epochs", str(epochs), page)
    before = {i.run_id for i in store.list()}
    start = time.monotonic()
    page.get_by_role("button", name="Start: batch normalization vs none").click()

    def done() -> bool:
        new = [i for i in store.list() if i.run_id not in before]
        return len(new) == 2 and all(i.state not in ACTIVE_STATES for i in new)

    wait_for(done, 900, "the experiment")
    seconds = time.monotonic() - start
    states = [i.state for i in store.list() if i.run_id not in before]
    print(f"experiment ({epochs or 'default'} epochs): {seconds:.0f} s, states {states}")
    return seconds


def shoot_compare(page, out: Path, epochs: int) -> None:
    """The experiment's section once both runs have ended: settings, curves, what Keras reports."""
    page.reload()  # a fresh session: the page draws the ended experiment without polling
    page.get_by_text("Compare any runs").wait_for()
    settle(page, TIMEOUT_MS)
    _fill(page, "Epochs", str(epochs), page)  # the setting the pair ran with
    page.get_by_text("What plain Keras reports").click()  # the lesson: both validations
    settle(page, TIMEOUT_MS)
    page.wait_for_timeout(2000)
    _tall(page)
    top = page.get_by_text("Experiment: batch normalization vs none").first
    caption = page.get_by_text("so they show what the network has really learned").first
    save_png(
        page.screenshot(), out / "compare.png", (_top(page, top) - 40, _bottom(page, caption) + 30)
    )
    page.set_viewport_size({"width": WIDTH, "height": 1000})


def shoot_compare_inside(page, out: Path) -> None:
    """The views inside the networks of the ended experiment: one layer's inputs and the two
    sentences under them."""
    page.reload()
    heading = page.get_by_text("Inside the networks", exact=True).first
    heading.wait_for()
    settle(page, TIMEOUT_MS)
    page.wait_for_timeout(2000)
    _tall(page)
    second = page.get_by_text("Here the median input of").first
    save_png(
        page.screenshot(),
        out / "compare_inside.png",
        (_top(page, heading) - 30, _bottom(page, second) + 30),
    )
    page.set_viewport_size({"width": WIDTH, "height": 1000})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--train-epochs", type=int, default=30)
    parser.add_argument("--train-shown-epochs", type=int, default=6)
    parser.add_argument("--compare-epochs", type=int, default=5)
    parser.add_argument("--skip-default-timing", action="store_true")
    parser.add_argument(
        "--only", default="build,train,compare,inside", help="which screenshots (comma list)"
    )
    args = parser.parse_args()
    only = set(args.only.split(","))
    args.output.mkdir(parents=True, exist_ok=True)
    executable = browser_executable()
    if executable is None:
        sys.exit("no Chromium found: install Debian's chromium or run playwright install")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        runs, keras_home = Path(scratch) / "runs", Path(scratch) / "keras"
        runs.mkdir()
        keras_home.mkdir()
        env = {"ALEXNET_RUNS_DIR": str(runs), "KERAS_HOME": str(keras_home), "CIFAR10_PATH": None}
        store = RunStore(runs)
        try:
            with streamlit_app(env) as url, sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": WIDTH, "height": 1000})
                page.set_default_timeout(TIMEOUT_MS)
                page.goto(url)
                page.get_by_text("Start here").wait_for()
                settle(page, TIMEOUT_MS)
                if "build" in only:
                    shoot_build(page, args.output)
                if "train" in only:
                    shoot_train(
                        page, store, args.output, args.train_epochs, args.train_shown_epochs
                    )
                if not args.skip_default_timing and "compare" in only:
                    run_experiment(page, store, None)
                if only & {"compare", "inside"}:
                    run_experiment(page, store, args.compare_epochs)
                if "compare" in only:
                    shoot_compare(page, args.output, args.compare_epochs)
                if "inside" in only:
                    shoot_compare_inside(page, args.output)
                browser.close()
        finally:
            kill_workers(runs)


if __name__ == "__main__":
    main()
