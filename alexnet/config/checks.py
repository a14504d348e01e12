"""The checks every setting goes through, and the error they raise.

A `ConfigError` is a `ValueError` whose text is built from an English template and its
values, so the command line prints the English sentence while a page translates the
template (the template is the translation key, as for any UI text) and fills in the same
values. `where` names the place in the page's words: "training", "model", "conv1", "fc2".
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from alexnet.config.messages import Message, fill

NOT_WHOLE = "{where}: {name} must be a whole number, got {value}."
OUT_OF_RANGE = "{where}: {name}={value} is out of range; use a value from {low} to {high}."
NOT_A_NUMBER = "{where}: {name} must be a finite number, got {value}."
NOT_SUPPORTED = "{where}: {name}={value} is not supported; choose one of {choices}."
NOT_A_FLAG = "{where}: {name} must be true or false, got {value}."
WITH_HINT = "{text} {hint}"


class ConfigError(ValueError):
    """A setting that cannot be used: what was given, what is allowed, how to fix it.

    Args:
        template: the English message with `{placeholders}`; also its translation key.
        hint: an optional second sentence (a template too), e.g. what the tutorial uses.
        **values: the placeholders' values.
    """

    def __init__(self, template: str, hint: str = "", **values: Any) -> None:
        self.template = template
        self.hint = hint
        self.values = values
        super().__init__(self.render(lambda text: text))

    def render(self, translate: Any) -> str:
        """The message with each template passed through `translate` (e.g. a page's `t`)."""
        text = fill(self.template, self.values, translate)
        return f"{text} {fill(self.hint, self.values, translate)}" if self.hint else text

    def as_message(self) -> Message:
        """The same text as a `Message`, to store (e.g. as a failed run's reason)."""
        text = Message(self.template, **self.values)
        return (
            Message(WITH_HINT, text=text, hint=Message(self.hint, **self.values))
            if self.hint
            else text
        )

    def at(self, where: str) -> ConfigError:
        """The same error, placed elsewhere (e.g. "conv1" instead of "conv block")."""
        return ConfigError(self.template, self.hint, **{**self.values, "where": where})


def check_whole(where: str, name: str, value: object, low: int, high: int, hint: str = "") -> int:
    """`value` as a whole number from `low` to `high` (not a bool, not a float)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(NOT_WHOLE, where=where, name=name, value=repr(value))
    if not low <= value <= high:
        raise ConfigError(
            OUT_OF_RANGE, hint, where=where, name=name, value=value, low=low, high=high
        )
    return value


def check_number(where: str, name: str, value: object) -> float:
    """`value` as a finite float (an int or a float, not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ConfigError(NOT_A_NUMBER, where=where, name=name, value=repr(value))
    return float(value)


def check_choice(where: str, name: str, value: object, choices: Iterable[str]) -> None:
    """`value` is one of `choices`."""
    choices = tuple(choices)
    if value not in choices:
        raise ConfigError(
            NOT_SUPPORTED, where=where, name=name, value=repr(value), choices=", ".join(choices)
        )


def check_flag(where: str, name: str, value: object) -> None:
    """`value` is True or False."""
    if not isinstance(value, bool):
        raise ConfigError(NOT_A_FLAG, where=where, name=name, value=repr(value))
