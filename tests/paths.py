"""Where the project's files are, for tests that start the app, its pages or its command line."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
APP = REPO_ROOT / "app.py"
PAGES = REPO_ROOT / "pages"


def page_file(name: str) -> str:
    """The path of a page's file, e.g. page_file("train"), as AppTest.from_file takes it."""
    return str(PAGES / f"{name}.py")
