"""ui/entry.py leans on how Streamlit treats a `pages/` folder: fail loudly if that changes.

Streamlit has no supported way to keep a `pages/` folder beside an entry script that calls
`st.navigation` and have a first request to /build run through the entry script: the class
attribute `PagesManager.uses_pages_directory` is set from the folder's existence, only
`st.navigation` clears it, and while it is set the script runner runs the page file alone
(streamlit/streamlit#10276 keeps the flag "for apps created with the pages directory
feature"). `ensure_entrypoint` clears it as `st.navigation` would. The browser test
`test_a_fresh_server_opened_at_build_shows_the_page_inside_the_app` checks the result.
"""

from __future__ import annotations

import inspect

from streamlit.commands import navigation
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import script_runner

from ui import entry

CHANGED = (
    "Streamlit changed how it treats a pages/ folder beside the entry script: check "
    "ui/entry.py (direct links such as /build on a fresh server) against its new behaviour."
)


def test_streamlit_still_keeps_the_pages_folder_flag_that_ensure_entrypoint_clears():
    assert hasattr(PagesManager, "uses_pages_directory"), CHANGED
    assert "PagesManager.uses_pages_directory = False" in inspect.getsource(navigation), CHANGED
    runner = inspect.getsource(script_runner)
    assert "if PagesManager.uses_pages_directory:" in runner and "_mpa_v1(" in runner, CHANGED
    assert "PagesManager.uses_pages_directory = False" in inspect.getsource(entry)


def test_every_page_calls_ensure_entrypoint_first(repo_root):
    for page in sorted((repo_root / "pages").glob("*.py")):
        if page.name == "__init__.py":
            continue
        code = page.read_text(encoding="utf-8")
        assert "ensure_entrypoint()" in code, f"{page.name} can be opened outside app.py"
