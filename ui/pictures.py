"""SVG pictures on a page: drawn by the browser itself, with no chart library to load."""

from __future__ import annotations

import streamlit as st


def show_svg(svg: str) -> None:
    """An `<svg>` element (its opening tag alone on the first line, as
    `alexnet.charts.architecture` writes it) in the page. `st.html` would strip SVG out;
    Markdown passes such an element through as an HTML block, hover titles included."""
    st.markdown(svg, unsafe_allow_html=True)
