"""How fast a cold server answers a first visit, measured in headless Chromium.

    python bench/bench_cold_pages.py [--rounds 3] [--quick]

Each round starts `streamlit run app.py` afresh (a new process: nothing imported or cached),
waits for its health check, and times in a new browser, from the navigation's start:

- Home: until its title and the architecture picture (its first box) are drawn;
- Predict: until the gallery's first test image is shown, and until the first prediction
  (the top-5 chart of the image shown before any click) is drawn; then a click on another
  test image, from the click until its own top-5 chart is drawn.

A round visits Home on one fresh server and Predict on another (each a first visit). Prints
each round and the medians. Runs use an empty runs folder, so Predict opens the best
shipped model, as on a first start. `--quick` runs one round and asserts nothing: a test
runs it to prove the bench works. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import REPO_ROOT, machine

sys.path.insert(0, str(REPO_ROOT))
from tests.e2e.app_server import CHROMIUM_ARGS, browser_executable, streamlit_app


def _browser(playwright):
    executable = browser_executable()
    if executable is None:
        sys.exit("no Chromium found: install Debian's chromium package")
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def time_home(playwright, env: dict[str, str]) -> float:
    """Milliseconds from a cold server's first navigation to Home drawn."""
    with streamlit_app(env) as url:
        browser = _browser(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.get_by_role("heading", name="AlexNet Lab").wait_for(timeout=120_000)
        page.locator("svg.layer-volumes rect").first.wait_for(timeout=120_000)
        elapsed = _ms(start)
        browser.close()
        return elapsed


def time_predict(playwright, env: dict[str, str]) -> tuple[float, float, float]:
    """(gallery shown, first prediction drawn, a click answered), in ms, on a cold server."""
    with streamlit_app(env) as url:
        browser = _browser(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        start = time.perf_counter()
        page.goto(f"{url}/predict", wait_until="commit")
        gallery = page.locator("[data-testid='stImage'] img").first
        gallery.wait_for(timeout=120_000)
        shown = _ms(start)
        title = page.locator("svg.top-k .title", has_text="Top 5").first
        title.wait_for(timeout=180_000)
        first = _ms(start)
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
        )
        shown_image = "[data-testid='stImageCaption']"
        before = page.locator(shown_image).first.text_content()
        buttons = page.locator("[data-testid='stExpander'] [data-testid='stButton'] button")
        click = time.perf_counter()
        buttons.nth(5).click()  # the sixth test image: the first is shown already
        page.wait_for_function(
            "([sel, before]) => { const c = document.querySelector(sel);"
            " return c && c.textContent !== before; }",
            arg=[shown_image, before],
            timeout=60_000,
        )
        title.wait_for(timeout=60_000)
        answered = _ms(click)
        browser.close()
        return shown, first, answered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one round, to check it works")
    args = parser.parse_args()
    rounds = 1 if args.quick else args.rounds
    from playwright.sync_api import sync_playwright

    print(machine())
    results: dict[str, list[float]] = {"home": [], "gallery": [], "first": [], "click": []}
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        env = {"ALEXNET_RUNS_DIR": str(Path(folder) / "runs"), "CIFAR10_PATH": None}
        for round_ in range(rounds):
            results["home"].append(time_home(playwright, env))
            gallery, first, click = time_predict(playwright, env)
            results["gallery"].append(gallery)
            results["first"].append(first)
            results["click"].append(click)
            print(
                f"round {round_}: Home {results['home'][-1]:.0f} ms; Predict gallery "
                f"{gallery:.0f} ms, first prediction {first:.0f} ms, a click {click:.0f} ms",
                flush=True,
            )
    print(
        "medians: "
        + ", ".join(f"{name} {statistics.median(v):.0f} ms" for name, v in results.items())
    )


if __name__ == "__main__":
    main()
