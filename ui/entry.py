"""Make sure a page runs inside app.py (page config, navigation, sidebar).

Streamlit treats an app with a `pages/` folder as an old-style multipage app until the
entry script first calls `st.navigation`. So on a freshly started server, a bookmark
such as http://localhost:8501/build would run pages/build.py on its own: no wide layout,
no sidebar, the old file-name menu. Each page calls `ensure_entrypoint()` first; it
switches Streamlit to the `st.navigation` mode (as app.py would) and reruns the same URL.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def ensure_entrypoint() -> None:
    """Rerun through app.py when Streamlit ran this page file directly."""
    if PagesManager.uses_pages_directory:
        # What st.navigation does on its first call; the rerun then goes through app.py.
        PagesManager.uses_pages_directory = False
        st.rerun()
