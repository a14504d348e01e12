"""AlexNet Lab: `streamlit run app.py`. Page config, navigation and the shared sidebar."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui.i18n import N_, t
from ui.sidebar import render_sidebar

ROOT = Path(__file__).resolve().parent

# (file in pages/, title, icon, url path). A page appears once its file exists, so adding
# one is a line here and a file there. Titles are translated when the menu is drawn;
# url paths stay English so links keep working in every language.
PAGES = [
    ("home.py", N_("Home"), ":material/home:", "home"),
    ("build.py", N_("Build"), ":material/construction:", "build"),
    ("train.py", N_("Train"), ":material/model_training:", "train"),
    ("compare.py", N_("Compare"), ":material/compare_arrows:", "compare"),
    ("predict.py", N_("Predict"), ":material/image_search:", "predict"),
    ("runs.py", N_("Runs"), ":material/history:", "runs"),
    ("inspect.py", N_("Inspect"), ":material/visibility:", "inspect"),
]

st.set_page_config(
    page_title="AlexNet Lab",
    page_icon=":material/neurology:",
    layout="wide",
    initial_sidebar_state="expanded",
)

render_sidebar()  # first: it sets the language (from ?lang=) that the menu titles use
pages = [
    st.Page(f"pages/{file}", title=t(title), icon=icon, url_path=url, default=(file == "home.py"))
    for file, title, icon, url in PAGES
    if (ROOT / "pages" / file).exists()
]
st.navigation(pages).run()
