"""English/Korean UI text, gettext style: the English sentence is the key.

Pages call `ui.i18n.t("Parameters")`, which calls `translate` with the session's language.
A missing translation falls back to the English text, so a page never shows a blank.
Placeholders survive translation because the caller formats after translating:

    t("{count} conv blocks").format(count=5)

Text that must be written down before a language is known (a module-level dict of option
labels, for example) is marked with `N_` and translated where it is shown.
"""

from __future__ import annotations

from alexnet.i18n_ko import KO

LANGUAGES: dict[str, str] = {"en": "English", "ko": "한국어"}
DEFAULT_LANGUAGE = "en"
TRANSLATIONS: dict[str, dict[str, str]] = {"ko": KO}


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
    """Mark `text` for translation without translating it now.

    Args:
        text: the English source string.
    """
    return text
