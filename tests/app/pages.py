"""What page tests share about the app's pages: their files and the session keys they hand on.

The keys are spelled out here rather than imported from `ui`, so the tests check the
contract between the pages (the Build page hands its network to Train under SPEC_KEY).
"""

from __future__ import annotations

from tests.paths import page_file

SPEC_KEY = "alexnet.spec"  # ui.state.SPEC_KEY: the network the Build page hands the other pages
RUN_KEY = (
    "train.run_id"  # ui.train.run_panel.RUN_KEY: the run this session started on the Train page
)

__all__ = ["RUN_KEY", "SPEC_KEY", "page_file"]
