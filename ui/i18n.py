"""`t(text)`: UI text in the session's language. See alexnet/i18n.py for the mechanism."""

from __future__ import annotations

from alexnet.i18n import N_, translate
from ui.state import current_language

__all__ = ["N_", "t"]


def t(text: str) -> str:
    """`text` translated into the session's language (English if there is no translation).

    Args:
        text: the English source string, a literal so tests can find it; format afterwards,
            e.g. `t("{n} layers").format(n=12)`.
    """
    return translate(text, current_language())
