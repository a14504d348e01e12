"""English and Korean UI text, gettext style: the English sentence is the key.

Pages call `t("Parameters")`, which looks the text up in the session's language; a missing
translation falls back to the English text, so a page never shows a blank. Placeholders
survive translation because the caller formats after translating:

    t("{count} conv blocks").format(count=5)

Text written down before a language is known (a module-level dict of option labels) is
marked with `N_` and translated where it is shown. Text the core writes comes as a
`ConfigError` or a `Message` (`alexnet.config.messages`) that keeps its English template
and values: `error_text` and `message_text` render it through the same catalogue. The
Korean text lives in `ui.i18n.ko`, one catalogue per page, one for what pages share, and
one for the core's templates.
"""

from __future__ import annotations

import streamlit as st

from alexnet.config.checks import ConfigError
from alexnet.config.messages import Message
from ui.i18n.ko import KO

__all__ = [
    "DEFAULT_LANGUAGE", "LANGUAGES", "N_", "current_language", "error_text", "message_text",
    "set_language", "t", "translate", "translated_choice",
]  # fmt: skip

LANGUAGES: dict[str, str] = {"en": "English", "ko": "한국어"}
DEFAULT_LANGUAGE = "en"
TRANSLATIONS: dict[str, dict[str, str]] = {"ko": KO}
LANGUAGE_KEY = "alexnet.language"  # session state: a key of LANGUAGES
TRANSLATED_CHOICES_KEY = "ui.translated_choices"  # widget keys kept on a language switch


def translate(text: str, language: str) -> str:
    """The text in `language`, or the English text where no translation exists.

    Args:
        text: the English source string (also the lookup key).
        language: a key of `LANGUAGES`, e.g. "en" or "ko".

    Raises:
        ValueError: if `language` is not one of `LANGUAGES`.
    """
    if language not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}; choose one of {', '.join(LANGUAGES)}.")
    return TRANSLATIONS.get(language, {}).get(text, text)


def N_(text: str) -> str:  # the gettext name for "mark now, translate later"
    """Mark `text` for translation without translating it now."""
    return text


def current_language() -> str:
    """The session's UI language code ("en" or "ko")."""
    language = st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    """Switch the session's UI language.

    Args:
        language: a key of `LANGUAGES`.
    """
    if language not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}; choose one of {', '.join(LANGUAGES)}.")
    st.session_state[LANGUAGE_KEY] = language


def t(text: str) -> str:
    """`text` translated into the session's language (English if there is no translation).

    Args:
        text: the English source string, a literal so tests can find it; format afterwards,
            e.g. `t("{n} layers").format(n=12)`.
    """
    return translate(text, current_language())


def error_text(error: BaseException) -> str:
    """An error's message in the session's language: the core's checks raise a
    `ConfigError` that carries its English template and values, other errors may carry a
    `Message`; the rest keep their text."""
    if isinstance(error, ConfigError):
        return error.render(t)
    message = error.args[0] if len(error.args) == 1 else None
    return message.render(t) if isinstance(message, Message) else str(error)


def message_text(text: str) -> str:
    """Text the core wrote in the session's language: a `Message` is rendered from its
    translated template; other text is shown as it is."""
    return text.render(t) if isinstance(text, Message) else text


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
