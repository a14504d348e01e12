"""The classroom loop in a real browser: two students' experiments, handed in as four zips,
imported by the teacher on the Runs page, drawn by Compare as a band of two seeds per network."""

from __future__ import annotations

from pathlib import Path

import pytest

from alexnet.store.run_store import RunStore
from tests.cli_runner import run_cli
from tests.e2e.app_server import settle

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
TIMEOUT_MS = 120_000


def _handed_in(tmp_path: Path) -> list[Path]:
    """Each student's pair: the experiment on their own laptop with their own seed, exported."""
    zips = []
    for student, seed in (("a", 7), ("b", 8)):
        runs = tmp_path / f"laptop-{student}"
        done = run_cli(
            "experiment", "bn", "--sample", "--train-size", "500", "--epochs", "1",
            "--first-seed", str(seed), runs=runs, timeout=600,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        for info in RunStore(runs).list():
            target = tmp_path / f"{student}-{info.run_id}.zip"
            assert run_cli("export", info.run_id, "-o", str(target), runs=runs).returncode == 0
            zips.append(target)
    return zips


def test_four_handed_in_runs_imported_on_the_runs_page_are_two_seeds_per_network(
    server, browser, server_runs_dir, tmp_path, screenshots
):
    zips = _handed_in(tmp_path)
    page = browser.new_context(viewport={"width": 1400, "height": 2000}).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{server}/runs")
    page.get_by_text("Import runs").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [str(z) for z in zips]
    )
    page.get_by_role("button", name="Import", exact=True).click()
    settle(page, TIMEOUT_MS)
    page.get_by_text("imported as").first.wait_for()
    assert len(RunStore(server_runs_dir).list()) == 4

    page.goto(f"{server}/compare")
    page.get_by_text("pairs on").first.wait_for()
    settle(page, TIMEOUT_MS)
    # Plotly draws the legends after the script run has ended.
    page.locator(".js-plotly-plot .legendtext", has_text="BatchNorm (mean of 2)").first.wait_for()
    legend = page.locator(".js-plotly-plot .legendtext").all_text_contents()
    assert "No BN (mean of 2)" in legend and "BatchNorm (mean of 2)" in legend, legend
    page.get_by_text("of 2 pairs on test accuracy").first.wait_for()
    page.get_by_text("Batch normalization's lead in each pair").first.wait_for()
    page.screenshot(path=str(screenshots / "classroom_loop_compare.png"), full_page=True)
