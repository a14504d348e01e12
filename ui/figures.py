"""Every Plotly figure reaches the page through `show_figure`, which applies the projector font.

The large projector font (ui.sidebar) enlarges the page's text with CSS, which cannot reach
inside a Plotly chart; here the figure's own fonts grow by the same ratio. Every size is set
explicitly, at normal size too: Streamlit's chart theme would otherwise draw tick labels at
its own 12 px, whatever size the figure asks for.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import streamlit as st

from alexnet.charts.scaling import scale_fonts
from ui.state import font_scale


def page_figure(fig: go.Figure, *, copy: bool = True) -> go.Figure:
    """`fig` with its fonts at the page's size (larger with the projector font).

    Args:
        copy: False changes `fig` itself (cheaper, for a figure built just for this).
    """
    return scale_fonts(fig, font_scale(), copy=copy)


def show_figure(
    fig: go.Figure,
    *,
    key: str,
    container: Any = None,
    fonts_ready: bool = False,
    static: bool = False,
    **options: Any,
) -> Any:
    """`st.plotly_chart(fig)` in `container` (default: the page), scaled for a projector.

    Args:
        container: a column or container to draw in; None draws where the page is.
        fonts_ready: `fig` came from `page_figure` already (e.g. kept from an earlier run).
        static: a picture without hover, zoom or tool bar: the browser redraws it in less
            time, which a chart that changes every few seconds while training needs
            (docs/benchmarks.md, "Watching a run").
        **options: passed on to `st.plotly_chart` (e.g. `on_select`, `width`).

    Returns:
        What `st.plotly_chart` returns (the selection event, where `on_select` is set).
    """
    if not fonts_ready:
        fig = page_figure(fig)
    if static:
        options["config"] = {**options.get("config", {}), "staticPlot": True}
    return (container or st).plotly_chart(fig, key=key, **options)
