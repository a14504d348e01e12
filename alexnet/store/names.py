"""Text the store keeps for people, kept so a page can show it in its own language: the
names the app gave runs, why a run ended early or cannot be read.

The batch normalization experiment names its runs ("No BN · seed 0") and their arms ("No
BN") with a `Message`. meta.json keeps the English name, and beside it the message it was
made from; a name read back is that message again while the name is unchanged, so a page
translates it, and a name a person gave (a rename) is shown as it was typed. A status's
"error" keeps its message the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alexnet.config.checks import ConfigError
from alexnet.config.messages import Message, message_data, stored_message
from alexnet.store.files import clean_name

SUFFIX = "_message"  # the key of a text's message: "name_message" beside "name"
MISSING_FILE = "{file} is missing."


def name_fields(key: str, name: object) -> dict[str, Any]:
    """meta.json's entries for a name: the cleaned text, and its message where it has one.

    Args:
        key: "name" or "arm_name".
        name: the name, a `Message` where the app made it.
    """
    fields: dict[str, Any] = {key: clean_name(name)}
    if isinstance(name, Message) and fields[key] == name:
        fields[key + SUFFIX] = name.to_dict()
    return fields


def shown_name(meta: dict[str, Any], key: str, default: str) -> str:
    """A name from meta.json: its message while the name is still the one it made, else
    the cleaned text (`default` when there is none)."""
    return stored_message(clean_name(meta.get(key)) or default, meta.get(key + SUFFIX))


def problem_message(error: Exception) -> str:
    """Why a run folder cannot be read, as a `Message` where the error says it in parts (a
    missing file, a failed check); otherwise the error's text."""
    if isinstance(error, FileNotFoundError) and error.filename:
        return Message(MISSING_FILE, file=Path(error.filename).name)
    if isinstance(error, ConfigError):
        return error.as_message()
    return str(error)


def message_fields(key: str, text: str) -> dict[str, Any]:
    """A record's entries for `text` (status.json's "error"): the text, and beside it the
    message it was made from, if any (None clears an earlier one)."""
    return {key: text, key + SUFFIX: message_data(text)}


def stored_text(record: dict[str, Any], key: str) -> str:
    """`record[key]` as `message_fields` wrote it: its message while it reads the same."""
    return stored_message(str(record.get(key) or ""), record.get(key + SUFFIX))
