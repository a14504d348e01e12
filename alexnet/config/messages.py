"""Text the core writes for people, kept as its English template and values.

A page shows the core's words in the session's language by translating the template (the
English text is the translation key, as for any UI text) and filling in the same values.
`ConfigError` carries an error this way; `Message` carries any other text (a data set's
description, a problem found on disk) as a `str` that reads as English where no page
translates it (the command line, JSON files) and remembers how it was made.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from typing import Any

# Values under these names may be words ("training", "conv block", "running", "another
# computer"): a page translates those of `TRANSLATED_WORDS`; Keras' names ("filters"), places
# ("conv1") and addresses stay.
TRANSLATED_VALUES = ("where", "name", "state", "machine")
TRANSLATED_WORDS = (
    "training", "model", "conv block", "dense block", "The spec", "data", "input height",
    "input width", "input channels", "queued", "running", "stopping", "another computer",
)  # fmt: skip


_SHORT_FORMAT = re.compile(r"[,_]?(\.\d)?[dfg%]?")


def _same(text: str) -> str:
    return text


def fill(template: str, values: dict[str, Any], translate: Callable[[str], str] = _same) -> str:
    """`template` passed through `translate` and filled with `values`; a value that is a
    `Message` is rendered the same way, and a word of `TRANSLATED_WORDS` under a name of
    `TRANSLATED_VALUES` is translated."""
    shown = {
        key: value.render(translate)
        if isinstance(value, Message)
        else translate(value)
        if key in TRANSLATED_VALUES and value in TRANSLATED_WORDS
        else value
        for key, value in values.items()
    }
    return translate(template).format(**shown)


class Message(str):
    """English text made from `template` and `values`, which a page can render translated.

    Args:
        template: the English text with `{placeholders}`; also its translation key.
        **values: the placeholders' values (a value may be a `Message` itself).
    """

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, **values: Any) -> Message:
        text = super().__new__(cls, fill(template, values))
        text.template = template
        text.values = values
        return text

    def __reduce__(self) -> tuple[Any, ...]:  # pickled (Streamlit's caches) with its template
        return _rebuild, (self.template, self.values)

    def render(self, translate: Callable[[str], str]) -> str:
        """The text with its template (and any inner message) passed through `translate`."""
        return fill(self.template, self.values, translate)

    def to_dict(self) -> dict[str, Any]:
        """The template and values as JSON data (inner messages as dicts too)."""
        values = {k: v.to_dict() if isinstance(v, Message) else v for k, v in self.values.items()}
        return {"template": self.template, "values": values}

    @classmethod
    def from_dict(cls, data: object) -> Message:
        """A message read back from `to_dict`'s data.

        Raises:
            ValueError: `data` is not such a message, or its values do not fill its template.
        """
        if not isinstance(data, dict) or not isinstance(data.get("template"), str):
            raise ValueError("a message needs a text template")
        _check_plain_fields(data["template"])
        values = data.get("values", {})
        if not isinstance(values, dict):
            raise ValueError("a message's values must be an object")
        shown = {}
        for key, value in values.items():
            if isinstance(value, dict):
                shown[str(key)] = cls.from_dict(value)
            elif isinstance(value, str | int | float):
                shown[str(key)] = value
            else:
                raise ValueError(f"a message value must be text or a number, got {value!r}")
        try:
            return cls(data["template"], **shown)
        except (KeyError, IndexError, ValueError, AttributeError, TypeError) as error:
            raise ValueError(f"the values do not fill the template ({error})") from None


def _check_plain_fields(template: str) -> None:
    """A template read from a file (perhaps an imported run's) may only name its values,
    with at most a short number format (`{n:,}`, `{x:.1%}`): no attribute or index lookups,
    conversions, widths or long precisions (`{x:>999999999}` would build a huge string)."""
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError as error:
        raise ValueError(f"the template is not a text template ({error})") from None
    for _, name, spec, conversion in fields:
        if name is not None and (
            not name.isidentifier() or conversion or not _SHORT_FORMAT.fullmatch(spec or "")
        ):
            raise ValueError(f"a template may only name its values, not {{{name}...}}")


def message_data(text: str) -> dict[str, Any] | None:
    """What to store beside `text` so that `stored_message` can read it back as a message:
    its `Message.to_dict` data, or None for plain text."""
    return text.to_dict() if isinstance(text, Message) else None


def stored_message(text: str, data: object) -> str:
    """Text read back from a file with, beside it, the `Message.to_dict` data it was made
    from: that message while it still reads as `text`, else `text` (changed since, or the
    data is damaged)."""
    try:
        message = Message.from_dict(data)
    except (ValueError, RecursionError):
        return text
    return message if message == text else text


def _rebuild(template: str, values: dict[str, Any]) -> Message:
    return Message(template, **values)
