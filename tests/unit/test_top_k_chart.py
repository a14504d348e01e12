"""The top-k bars beside a prediction: the most likely classes first, the truth marked."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest

from alexnet.charts.top_k import CORRECT_COLOR, OTHER_COLOR, WRONG_COLOR, top_k_svg

SVG = "{http://www.w3.org/2000/svg}"
NAMES = ["a", "b", "c", "d", "e"]


def _bars(svg: str) -> list[tuple[str, float, str, float]]:
    """(class, probability, colour, drawn width) of each bar, top to bottom."""
    rects = ET.fromstring(svg).iter(f"{SVG}rect")
    bars = [
        (
            r.get("data-class"),
            float(r.get("data-probability")),
            r.get("fill"),
            float(r.get("width")),
        )
        for r in rects
        if r.get("class") == "bar"
    ]
    return bars


def test_the_most_likely_classes_come_first_with_bars_as_long_as_their_probability() -> None:
    probs = np.array([0.05, 0.5, 0.1, 0.3, 0.05])
    bars = _bars(top_k_svg(probs, NAMES, k=3))
    assert [b[0] for b in bars] == ["b", "d", "c"]
    np.testing.assert_allclose([b[1] for b in bars], [0.5, 0.3, 0.1], atol=1e-6)
    widths = np.array([b[3] for b in bars])
    np.testing.assert_allclose(widths / widths[0], [1.0, 0.6, 0.2], atol=0.01)
    assert len(_bars(top_k_svg(probs, NAMES, k=10))) == 5


def test_the_true_class_is_green_and_a_wrong_top_guess_red() -> None:
    probs = np.array([0.05, 0.5, 0.1, 0.3, 0.05])
    bars = _bars(top_k_svg(probs, NAMES, k=3, true_label=3, title="Top 3 (true class: d)"))
    assert [b[2] for b in bars] == [WRONG_COLOR, CORRECT_COLOR, OTHER_COLOR]
    right = _bars(top_k_svg(probs, NAMES, k=3, true_label=1))
    assert [b[2] for b in right] == [CORRECT_COLOR, OTHER_COLOR, OTHER_COLOR]
    with pytest.raises(ValueError, match="expected 0 to 4"):
        top_k_svg(probs, NAMES, true_label=5)


def test_the_title_and_names_are_escaped_and_shown() -> None:
    svg = top_k_svg([0.9, 0.1], ["<cat>", "개 & dog"], title="Top 2 <예측>")
    root = ET.fromstring(svg)  # well-formed, or this raises
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Top 2 <예측>" in texts and "<cat>" in texts and "개 & dog" in texts
    assert "90.0%" in texts


def test_bad_input_is_refused_with_what_to_change() -> None:
    with pytest.raises(ValueError, match="3 probabilities for 2 class names"):
        top_k_svg([0.2, 0.3, 0.5], ["a", "b"])
    with pytest.raises(ValueError, match="k must be a positive whole number"):
        top_k_svg([0.5, 0.5], ["a", "b"], k=0)
