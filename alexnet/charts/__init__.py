"""Plotly figures: pure functions from a layer table, run curves or an evaluation to a figure.

May import alexnet.config, network and store. No TensorFlow, no Streamlit.
"""
