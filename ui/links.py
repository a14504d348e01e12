"""Links between pages that also work where a page runs on its own.

`st.page_link` only knows the pages app.py registered with `st.navigation`. A page file run
by itself (a page test, or Streamlit before app.py's first run) has none, so the link
falls back to a plain link to the same URL path (app.py's url paths are the file names).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath
from urllib.parse import urlencode

import streamlit as st
from streamlit.errors import StreamlitAPIException


def page_url(page: str, query_params: Mapping[str, str] | None = None) -> str:
    """A page file's relative URL: ("pages/compare.py", {"runs": "a"}) -> "compare?runs=a".

    Args:
        page: the page file, relative to app.py.
        query_params: parameters to append.
    """
    url = PurePosixPath(page).stem
    return f"{url}?{urlencode(dict(query_params))}" if query_params else url


def page_link(
    page: str,
    label: str,
    *,
    icon: str | None = None,
    query_params: Mapping[str, str] | None = None,
    help: str | None = None,
) -> None:
    """`st.page_link`, or a plain Markdown link where the page is not registered.

    Args:
        page: the page file, relative to app.py (e.g. "pages/compare.py").
        label: the translated link text.
        icon: a Material icon such as ":material/compare_arrows:".
        query_params: parameters the target page reads (e.g. preselected runs).
        help: a tooltip.
    """
    try:
        st.page_link(page, label=label, icon=icon, query_params=query_params, help=help)
    except StreamlitAPIException:
        st.markdown(f"[{label}]({page_url(page, query_params)})", help=help)
