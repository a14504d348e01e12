"""Scale every text of a Plotly figure at once, e.g. for a projector's larger page font."""

from __future__ import annotations

import plotly.graph_objects as go

PLOTLY_FONT_SIZE = 12  # Plotly's default text size, where a figure sets none
PLOTLY_HOVER_SIZE = 13  # and its default hover-label size
TITLE_RATIO = 1.4  # Plotly draws a title at 17 px beside 12 px text


def _scaled(size: float | None, default: float, factor: float) -> int:
    return round((size or default) * factor)


def scale_fonts(fig: go.Figure, factor: float, *, copy: bool = True) -> go.Figure:
    """`fig` (a copy of it, unless `copy` is False) with every font set to `factor` times its size.

    Sizes a figure leaves to Plotly's defaults (or to a page theme) are set too, so titles,
    tick labels, axis titles, legends, annotations, hover labels and trace text all grow
    together.

    Args:
        fig: the figure; changed only when `copy` is False.
        factor: e.g. 1.375 for a 22 px page font over the usual 16 px.
        copy: False changes `fig` itself, which saves copying (and checking again) every
            trace and setting of a figure that was just built for this.
    """
    if not factor > 0:
        raise ValueError(f"factor={factor!r} must be a positive number, e.g. 1.375.")
    out = go.Figure(fig) if copy else fig
    layout = out.layout
    base = layout.font.size or PLOTLY_FONT_SIZE
    layout.font.size = _scaled(base, base, factor)
    layout.title.font.size = _scaled(layout.title.font.size, base * TITLE_RATIO, factor)
    layout.legend.font.size = _scaled(layout.legend.font.size, base, factor)
    layout.hoverlabel.font.size = _scaled(layout.hoverlabel.font.size, PLOTLY_HOVER_SIZE, factor)
    out.for_each_xaxis(lambda axis: _scale_axis(axis, base, factor))
    out.for_each_yaxis(lambda axis: _scale_axis(axis, base, factor))
    for annotation in layout.annotations:
        annotation.font.size = _scaled(annotation.font.size, base, factor)
    for trace in out.data:
        textfont = getattr(trace, "textfont", None)
        if textfont is not None and isinstance(textfont.size, int | float):
            textfont.size = _scaled(textfont.size, base, factor)
        colorbar = getattr(trace, "colorbar", None)
        if colorbar is not None:
            colorbar.tickfont.size = _scaled(colorbar.tickfont.size, base, factor)
    return out


def _scale_axis(axis: object, base: float, factor: float) -> None:
    axis.tickfont.size = _scaled(axis.tickfont.size, base, factor)
    axis.title.font.size = _scaled(axis.title.font.size, base, factor)
