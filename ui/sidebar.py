"""The sidebar every page shares: language switch and the projector font."""

from __future__ import annotations

import streamlit as st

from ui import i18n, state
from ui.i18n import LANGUAGES, t

_LANGUAGE_WIDGET = "sidebar.language"
_LARGE_FONT_WIDGET = "sidebar.large_font"

# Streamlit sizes its text in rem, so scaling the root font scales the whole page.
LARGE_FONT_CSS = """
<style>
html { font-size: 22px; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
[data-testid="stCaptionContainer"], [data-testid="stWidgetLabel"] p,
[data-testid="stDataFrame"], .stCode code { font-size: 1.15rem !important; }
[data-baseweb="input"] input, [data-baseweb="select"] div, textarea {
  font-size: 1rem !important;
}
[data-testid="stMetricValue"] { font-size: 2.4rem !important; }
</style>
"""

# A progress bar glides to each new value. A page that moves it every other second while a run
# trains would keep the browser repainting for most of that second, on the cores the
# training needs; the bar jumps instead.
STILL_PROGRESS_CSS = """
<style>
[data-testid="stProgress"] * { transition: none !important; animation: none !important; }
</style>
"""


def _keep_translated_choices() -> None:
    # A select box remembers the label it showed, not the option. Shown in another language
    # that label matches no option, and the widget would hand back the old label as its
    # value. Writing each value back (read while the old labels still apply) stores the
    # option itself. Pages register such widgets with ui.i18n.translated_choice(key).
    for widget_key in st.session_state.get(i18n.TRANSLATED_CHOICES_KEY, ()):
        if widget_key in st.session_state:
            st.session_state[widget_key] = st.session_state[widget_key]


def _language_changed() -> None:
    language = st.session_state[_LANGUAGE_WIDGET]
    _keep_translated_choices()
    i18n.set_language(language)
    st.query_params["lang"] = language  # a reload or a shared link keeps the language


def _large_font_changed() -> None:
    state.set_large_font(st.session_state[_LARGE_FONT_WIDGET])


def _initial_language() -> None:
    # A link such as ?lang=ko chooses the language before anything was clicked.
    if i18n.LANGUAGE_KEY not in st.session_state:
        requested = st.query_params.get("lang")
        if requested in LANGUAGES:
            i18n.set_language(requested)


def render_sidebar() -> None:
    """Draw the shared sidebar controls and apply the projector font where it is on."""
    _initial_language()
    # Widget values are copied into ui.state keys, which survive page switches.
    st.session_state[_LANGUAGE_WIDGET] = i18n.current_language()
    st.session_state[_LARGE_FONT_WIDGET] = state.large_font()
    with st.sidebar:
        st.radio(
            t("Language"),
            options=list(LANGUAGES),
            format_func=LANGUAGES.__getitem__,
            key=_LANGUAGE_WIDGET,
            horizontal=True,
            on_change=_language_changed,
        )
        st.toggle(
            t("Large font for projectors"),
            key=_LARGE_FONT_WIDGET,
            on_change=_large_font_changed,
            help=t("Makes all text bigger so it can be read from the back of a classroom."),
        )
    st.html(STILL_PROGRESS_CSS)  # style only: it takes no room on the page
    if state.large_font():
        st.markdown(LARGE_FONT_CSS, unsafe_allow_html=True)
