"""`t(text)`: UI text in the session's language. See alexnet/i18n.py for the mechanism."""

from __future__ import annotations

import streamlit as st

from alexnet.i18n import N_, translate
from ui.state import TRANSLATED_CHOICES_KEY, current_language

__all__ = ["N_", "t", "translated_choice"]


def t(text: str) -> str:
    """`text` translated into the session's language (English if there is no translation).

    Args:
        text: the English source string, a literal so tests can find it; format afterwards,
            e.g. `t("{n} layers").format(n=12)`.
    """
    return translate(text, current_language())


def translated_choice(key: str) -> str:
    """Register a keyed select box or radio whose option labels go through `t`; returns `key`.

    Streamlit stores such a widget's value as the label it showed, so after a language
    switch the old label would match no option. The sidebar rewrites registered values
    when the language changes. Use it as `st.selectbox(..., key=translated_choice("k"))`.

    Args:
        key: the widget's key.
    """
    registered = st.session_state.setdefault(TRANSLATED_CHOICES_KEY, set())
    registered.add(key)
    return key
