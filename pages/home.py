"""Home: what AlexNet Lab is, and where to start."""

from __future__ import annotations

import streamlit as st

from ui.entry import ensure_entrypoint
from ui.i18n import t

ensure_entrypoint()
st.title(t("AlexNet Lab"))
st.markdown(
    t(
        "AlexNet won the ImageNet competition in 2012 and started the deep-learning era of "
        "computer vision: five convolutional layers, max-pooling and three dense layers, "
        "trained on GPUs. Here you can rebuild it, change it and see what every change does "
        "to shapes, parameters and cost."
    )
)
st.page_link("pages/build.py", label=t("Build a network"), icon=":material/construction:")
