"""Every text an AppTest page shows, and the English left in it.

`shown_texts` walks the page's element tree (main area and sidebar) and collects what a
reader sees: markdown, titles, captions, labels, help texts, options, metrics, alerts, a
dataframe's column names and text cells, and a Plotly chart's titles, axis titles and legend names.
`english_in` finds English in them: a word of four or more ASCII letters, or two short ones
in a row, that is not one of the technical terms every language writes the same way.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from typing import Any

from google.protobuf.json_format import MessageToDict

# Words that stay as they are in every language: Keras' vocabulary, names of things and of
# people. Compared without case; words with a digit or "_" (conv1, float32, kernel_size)
# are identifiers and never count.
ALLOWED = frozenset(
    word.lower()
    for word in (
        # Keras' vocabulary: layers, arguments, activations, optimizers
        "Keras", "Conv2D", "Dense", "MaxPooling2D", "BatchNorm", "BatchNormalization", "BN",
        "Dropout", "Flatten", "Lambda", "Activation", "Rescaling", "filters", "strides",
        "padding", "same", "valid", "units", "optimizer", "relu", "gelu", "selu", "swish",
        "tanh", "sigmoid", "softmax", "Adam", "AdamW", "SGD", "rmsprop", "None", "true", "false",
        # other technical terms
        "TensorFlow", "TensorBoard", "JSON", "JSONL", "zip", "JPEG", "WebP", "TIFF", "FLOP",
        "FLOPs", "MFLOP", "GFLOP", "MAC", "Grad", "CAM",
        # names
        "AlexNet", "ImageNet", "CIFAR", "Alex", "Krizhevsky", "Ilya", "Sutskever", "Geoffrey",
        "Hinton", "English", "Lab", "predictions",  # the output layer's name
    )
)  # fmt: skip

# Text fields of Streamlit's element messages that a reader sees.
TEXT_FIELDS = frozenset(
    {"body", "label", "help", "placeholder", "options", "content", "caption", "text", "delta"}
)
# Style sheets, HTML tags, markdown link targets, addresses, inline code, file names and run
# ids: not prose.
NOT_PROSE = re.compile(
    r"<style>.*?</style>|<[^>]*>|\]\([^)]*\)|https?://\S+|`[^`]*`"
    r"|[\w.-]*\w\.(?:tar\.gz|gz|zip|json|jsonl|png|jpe?g|keras|py|csv)(?![A-Za-z0-9])"
    r"|\d{8}-\d{6}-[0-9a-f]{6}",
    re.DOTALL,
)
# A word, or words joined by hyphens ("max-pooling"); one with a digit or "_" is a name.
WORD = re.compile(r"[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*")


def _strings(value: Any, field: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _strings(inner, key)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner, field)
    elif isinstance(value, str) and field in TEXT_FIELDS:
        yield value


def _chart_texts(spec: str) -> Iterator[str]:
    figure = json.loads(spec)
    layout = figure.get("layout", {})
    for key, part in layout.items():
        if key == "title" or key.startswith(("xaxis", "yaxis", "legend")):
            title = part.get("title") if isinstance(part, dict) and key != "title" else part
            text = title.get("text") if isinstance(title, dict) else title
            if isinstance(text, str):
                yield text
    for annotation in layout.get("annotations", []):
        yield annotation.get("text", "")
    for trace in figure.get("data", []):
        if trace.get("showlegend", True) and isinstance(trace.get("name"), str):
            yield trace["name"]


def _svg_texts(markup: str) -> Iterator[str]:
    """The words an SVG picture shows: its texts and its hover titles (not its markup)."""
    root = ET.fromstring(markup)
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] in ("text", "title") and element.text:
            yield element.text


def _nodes(node: Any) -> Iterator[Any]:
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        if getattr(node, "proto", None) is not None:  # an expander's or a tab's label
            yield node
        for child in children.values():
            yield from _nodes(child)
    else:
        yield node


def shown_texts(at: Any) -> list[str]:
    """Each text the page shows (`at` has run)."""
    texts: list[str] = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        kind = getattr(node, "type", "")
        if kind == "plotly_chart":
            texts.extend(_chart_texts(proto.spec))
        elif kind == "markdown" and node.value.startswith("<svg"):
            texts.extend(_svg_texts(node.value))
        elif kind in ("arrow_data_frame", "arrow_table", "dataframe", "table"):
            frame = node.value
            texts.extend(str(column) for column in frame.columns)
            texts.extend(v for column in frame for v in frame[column] if isinstance(v, str))
        else:
            texts.extend(_strings(MessageToDict(proto)))
    return texts


def english_in(texts: Iterable[str], data: Iterable[str] = ()) -> list[str]:
    """The English phrases in `texts`, each with its text.

    Args:
        texts: what a page shows.
        data: names the test itself gave (runs, files): data, not the page's words.
    """
    found = []
    for text in texts:
        prose = NOT_PROSE.sub(" ", text)
        for name in sorted(data, key=len, reverse=True):
            prose = prose.replace(name, " ")
        words, run, gap = [], [], 0
        for match in WORD.finditer(prose):
            token = match.group()
            name = any(c.isdigit() or c == "_" for c in token)
            parts = [] if name else [w for w in token.split("-") if w.lower() not in ALLOWED]
            joined = run and not prose[gap : match.start()].strip(" '")
            if parts and joined and len(parts) == len(token.split("-")):
                run.extend(parts)
            else:
                words.append(run)
                run = parts
            gap = match.end()
        words.append(run)
        phrases = [" ".join(r) for r in words if len(r) >= 2 or (r and len(r[0]) >= 4)]
        found.extend(f"{phrase!r} in {text!r}" for phrase in phrases)
    return found
