"""Streamlit helpers shared by the pages: session state, translated text, the sidebar."""
