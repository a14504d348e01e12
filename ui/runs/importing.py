"""The Runs page's importer: zips made by Download zip (here or on another computer), several
at once; each is imported whole, found already here, or refused with its reason."""

from __future__ import annotations

import streamlit as st

from alexnet.jobs.importing import import_upload
from alexnet.store.importing import ALREADY_IMPORTED, REFUSED, UPLOAD_LIMIT_MB, ImportResult
from alexnet.store.run_store import RunStore
from ui.i18n import error_text, t

ROUND_KEY = "runs.import.round"  # counts imports, so the uploader starts empty after each
RESULTS_KEY = "runs.import.results"  # the last import's results, shown once


def _uploader_key() -> str:
    return f"runs.import.files.{st.session_state.get(ROUND_KEY, 0)}"


def result_text(result: ImportResult) -> str:
    """One line saying what happened to one zip, in the page's language."""
    if result.error is not None:
        return error_text(result.error)
    if result.outcome == ALREADY_IMPORTED:
        text = t("{zip}: already imported as run {run_id}; nothing changed.")
    elif result.original_id:
        text = t(
            "{zip}: imported as run {run_id}; its id {original_id} belongs to a different run "
            "here, so it got a new one."
        )
    else:
        text = t("{zip}: imported as run {run_id}.")
    return text.format(zip=result.zip_name, run_id=result.run_id, original_id=result.original_id)


def show_results() -> None:
    """The last import's outcome, one line per zip, shown once."""
    for result in st.session_state.pop(RESULTS_KEY, []):
        if result.outcome == REFUSED:
            st.error(result_text(result), icon=":material/error:")
        elif result.outcome == ALREADY_IMPORTED:
            st.info(result_text(result), icon=":material/info:")
        else:
            st.success(result_text(result), icon=":material/check_circle:")


def render(store: RunStore) -> None:
    """The uploader and its Import button, in a closed expander."""
    with st.expander(t("Import runs"), icon=":material/upload:"):
        files = st.file_uploader(
            t("Zips made by Download zip"),
            type="zip",
            accept_multiple_files=True,
            max_upload_size=UPLOAD_LIMIT_MB,
            key=_uploader_key(),
            help=t(
                "Each zip is checked before anything is written: a bad one is refused whole. "
                "Up to {limit} MB each; import bigger ones with python -m alexnet import."
            ).format(limit=UPLOAD_LIMIT_MB),
        )
        if st.button(t("Import"), icon=":material/upload:", disabled=not files, key="runs.import"):
            with st.spinner(t("Checking and importing...")):
                results = [import_upload(store, upload, upload.name) for upload in files or []]
            st.session_state[RESULTS_KEY] = results
            st.session_state[ROUND_KEY] = st.session_state.get(ROUND_KEY, 0) + 1
            st.rerun()
