"""Home: what AlexNet is, its three tutorial variants, the data in use, the runs, where to start."""

from __future__ import annotations

import streamlit as st

from ui.entry import ensure_entrypoint
from ui.home import sections
from ui.i18n import t

ensure_entrypoint()
st.title(t("AlexNet Lab"))
st.markdown(
    t(
        "AlexNet is the convolutional network of Alex Krizhevsky, Ilya Sutskever and Geoffrey "
        "Hinton that won the ImageNet competition in 2012 by a wide margin and started the "
        "deep-learning era of computer vision. It stacks five convolutional layers with "
        "max-pooling and three dense layers, uses ReLU activations and dropout, and was "
        "trained on two GPUs. Here you can rebuild it, train it, compare variants and look "
        "inside."
    )
)
left, right = st.columns([2, 3])
with left:
    sections.render_variants()
with right:
    sections.render_architecture()
data_col, runs_col = st.columns(2)
with data_col:
    sections.render_data()
with runs_col:
    sections.render_latest_runs()
sections.render_steps()
