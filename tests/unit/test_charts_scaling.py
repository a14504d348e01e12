"""Every text of a figure grows with the projector font, the figure passed in stays as it was."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from alexnet.charts.scaling import scale_fonts


def _figure() -> go.Figure:
    fig = make_subplots(rows=1, cols=2)
    fig.add_scatter(x=[1, 2], y=[3, 4], row=1, col=1)
    fig.add_bar(x=[1, 2], y=[3, 4], text=["a", "b"], textfont={"size": 10}, row=1, col=2)
    fig.add_annotation(text="note", x=1, y=3)
    fig.update_layout(title="a title", font={"size": 16}, legend={"font": {"size": 14}})
    fig.update_xaxes(title="step", tickfont={"size": 12})
    return fig


def test_every_text_is_scaled_and_sizes_left_to_defaults_are_set():
    original = _figure()
    scaled = scale_fonts(original, 1.5)
    layout = scaled.layout
    assert layout.font.size == 24
    assert layout.legend.font.size == 21
    assert layout.title.font.size == round(16 * 1.4 * 1.5)  # Plotly's title is 1.4x the text
    assert layout.hoverlabel.font.size == round(13 * 1.5)  # Plotly's hover default
    for axis in (layout.xaxis, layout.xaxis2):
        assert axis.tickfont.size == 18 and axis.title.font.size == 24
    for axis in (layout.yaxis, layout.yaxis2):
        assert axis.tickfont.size == 24  # unset: the figure's text size
    assert layout.annotations[0].font.size == 24
    assert scaled.data[1].textfont.size == 15
    assert original.layout.font.size == 16 and original.layout.xaxis.tickfont.size == 12


def test_factor_one_makes_every_size_explicit_without_changing_it():
    scaled = scale_fonts(_figure(), 1.0)
    assert scaled.layout.xaxis.tickfont.size == 12 and scaled.layout.yaxis.tickfont.size == 16


@pytest.mark.parametrize("factor", [0, -1.0])
def test_a_factor_that_is_not_positive_is_refused(factor):
    with pytest.raises(ValueError, match="positive"):
        scale_fonts(go.Figure(), factor)
