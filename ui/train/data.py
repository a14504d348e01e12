"""The Train page's data source: which CIFAR-10 is used, how many images, and a download.

The choice maps onto the run config's `data_source`: "cifar10" (the path typed here, else
`$CIFAR10_PATH`, else Keras' cache or an earlier download, else the shipped sample, as
`alexnet.data.load_cifar10` decides) or "sample" (always the shipped sample). What is found
is loaded once per path and kept as a short summary (never the arrays: the worker process
loads the images itself).
"""

from __future__ import annotations

import os
import time

import streamlit as st

from alexnet.data import CIFAR10_SHA256, CIFAR10_URL, keras_home, load_cifar10
from alexnet.data.summary import DataSummary, summarize_data
from ui.i18n import N_, error_text, message_text, t, translated_choice

SOURCE_KEY = "train.data.source"
PATH_KEY = "train.data.path"
_SOURCES = {"cifar10": N_("CIFAR-10 (best copy found)"), "sample": N_("Shipped sample")}
_MB = 1024 * 1024
# Where "Download CIFAR-10" fetches from (tests point these at a local server).
DOWNLOAD_URL = CIFAR10_URL
DOWNLOAD_SHA256 = CIFAR10_SHA256


@st.cache_data(show_spinner=False, max_entries=8)
def _counted_data(source: str, path: str | None, places: tuple[str | None, str]) -> DataSummary:
    # A cached loader: `places` ($CIFAR10_PATH, Keras' folder) is part of the cache key, as
    # what is found changes with them. Full CIFAR-10 is decoded once into the cache the
    # worker then reads, so choosing the data here also saves the first run its decoding.
    del places
    return summarize_data(source, path)


def data_summary(source: str, path: str | None) -> DataSummary:
    """What a data choice holds (counted once per choice and kept; never the arrays).

    Args:
        source: "cifar10" or "sample".
        path: a CIFAR-10 archive or folder, or None.

    Raises:
        ValueError: the path is not CIFAR-10 (the message names the file and what to change).
        OSError: the path cannot be read.
    """
    return _counted_data(source, path, (os.environ.get("CIFAR10_PATH"), str(keras_home())))


def _download() -> None:
    bar = st.progress(0.0, text=t("Connecting…"))
    shown = [0.0, 0.0]  # when the bar was last redrawn, and the bytes done

    def progress(done: int, total: int, speed: float) -> None:
        # Called for every chunk: redraw at most ten times a second (and at the end).
        now = time.monotonic()
        shown[1] = done
        if now - shown[0] < 0.1 and done < total:
            return
        shown[0] = now
        fraction = min(done / total, 1.0) if total > 0 else 0.0
        bar.progress(
            fraction,
            text=t("{done:.1f} of {total:.1f} MB at {speed:.1f} MB/s").format(
                done=done / _MB, total=total / _MB, speed=speed / _MB
            ),
        )

    started = time.perf_counter()
    try:
        data = load_cifar10(
            None, download=True, progress=progress, url=DOWNLOAD_URL, sha256=DOWNLOAD_SHA256
        )
    except (OSError, ValueError) as error:
        bar.empty()
        st.error(
            t(
                "The download failed: {error}. Check the internet connection and try again; "
                "a partial download is resumed."
            ).format(error=error)
        )
        return
    seconds = time.perf_counter() - started
    bar.progress(
        1.0,
        text=t("Done: {mb:.1f} MB in {seconds:.0f} s").format(mb=shown[1] / _MB, seconds=seconds),
    )
    _counted_data.clear()
    st.success(message_text(data.description))


def render_data_source() -> DataSummary | None:
    """The data-source controls; returns the chosen data, or None (after an error message)."""
    st.subheader(t("Data"))
    st.radio(
        t("Images"),
        list(_SOURCES),
        format_func=lambda key: t(_SOURCES[key]),
        key=translated_choice(SOURCE_KEY),
        horizontal=True,
        help=t(
            "CIFAR-10 has 50,000 training and 10,000 test photos of 10 classes, 32x32 pixels "
            "each. The shipped sample is a small part of it that is always available, even "
            "offline: good for a quick first run."
        ),
    )
    source = st.session_state[SOURCE_KEY]
    path = None
    if source == "cifar10":
        path = (
            st.text_input(
                t("CIFAR-10 path (optional)"),
                key=PATH_KEY,
                placeholder="cifar-10-python.tar.gz",
                help=t(
                    "The official cifar-10-python.tar.gz archive or its extracted "
                    "cifar-10-batches-py folder. Empty: the CIFAR10_PATH environment variable, "
                    "then Keras' download cache, then the shipped sample."
                ),
            ).strip()
            or None
        )
    try:
        with st.spinner(t("Looking for the images…")):
            info = data_summary(source, path)
    except (OSError, ValueError) as error:
        st.error(t("These images cannot be used: {error}").format(error=error_text(error)))
        return None
    st.info(t("In use: {description}").format(description=message_text(info.description)))
    if source == "cifar10" and info.found == "sample":
        st.caption(
            t(
                "The full CIFAR-10 was not found, so the shipped sample is used. Download it "
                "(about 163 MB) or type the path of a copy you have."
            )
        )
        if st.button(t("Download CIFAR-10"), icon=":material/download:", key="train.download"):
            _download()
    return info
