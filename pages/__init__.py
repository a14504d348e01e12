"""The app's pages, one file each, run by `st.navigation` in app.py (a package only so the
layer contracts in pyproject.toml can check what the pages import)."""
