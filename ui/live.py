"""How a page watches training: a light look every two seconds, the charts every few.

A page that shows a run while it trains shares a small machine's cores with the training.
Watching costs twice: the server runs part of the page again, and the browser draws what
comes back. Each re-run makes the browser render the page's elements again, and each new
figure makes it draw that chart from scratch (`st.plotly_chart` draws a changed figure as a
new chart). So a watching page splits what it draws in two fragments:

- the status (state, progress bar, Stop and Resume) re-runs every `STATUS_SECONDS`: it reads
  a few small files and the metrics file's newest line, so Stop and a run's end show within
  a second or two;
- the charts re-run every `CHART_SECONDS`, and build their figures again only when the run
  logged new records or a setting changed (`cached_figures`); otherwise the figures built
  before are sent again as they are, and the browser keeps the charts it drew. A figure is
  built once for all sessions: a class watching one experiment asks for the same figures
  thirty times, and building them per session starved the training they show
  (`bench/bench_class_load.py`).

Compare's experiment pair is drawn by one fragment every `PAIR_SECONDS`: states, curves and
the views inside together. Every fragment re-run makes the browser render the page again and
redraw each changed chart, and that page holds three live charts: a status every two seconds
and charts every five cost the pair 6-9% of its speed, one fragment every ten 1-4%
(docs/benchmarks.md, "Watching a run"). While the pair trains, its charts are pictures
(`show_figure`'s `static`), which the browser redraws in less time.

Listing every run (which reads each run's files) is left to whole-page runs; a watching
page looks at the queue only every `QUEUE_SECONDS` (`look_at_queue`). What this costs is
measured by `bench/bench_watch_cost.py` (docs/benchmarks.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from alexnet.jobs.run_queue import RunQueue
from alexnet.store.run_store import RunStore
from ui.figures import page_figure
from ui.i18n import current_language
from ui.state import large_font

STATUS_SECONDS = 2.0
CHART_SECONDS = 5.0
PAIR_SECONDS = 10.0  # Compare's experiment: states, curves and views in one fragment
QUEUE_SECONDS = 10.0


# The newest figures kept for every session: a few pages' places, in two languages and fonts.
SHARED_FIGURES = 32


@dataclass
class FigureCache:
    """The figures of one place on a page, what they were built from, and how often."""

    key: tuple[Hashable, ...]
    figures: list[go.Figure]
    builds: int


def cached_figures(
    slot: str, key: Sequence[Hashable], build: Callable[[], Sequence[go.Figure]]
) -> list[go.Figure]:
    """The figures `build` makes for `key`, built once per key for all sessions.

    Args:
        slot: the session-state key that holds them (one per place on a page).
        key: everything the figures depend on, e.g. the run, its metrics' version and the
            chart settings; the language and the projector font are added here. Any
            session asking with the same slot and key gets the same figures.
        build: makes the figures (called only when no session has them for this key).

    Returns:
        The figures with the page's fonts (see `ui.figures.page_figure`), shared with other
        sessions: show them with `show_figure(..., fonts_ready=True)`, never change them.
    """
    full_key = (*key, current_language(), large_font())
    cache: FigureCache | None = st.session_state.get(slot)
    if cache is None or cache.key != full_key:
        figures = _shared_figures((slot, *full_key), build)
        cache = FigureCache(full_key, figures, (cache.builds if cache else 0) + 1)
        st.session_state[slot] = cache
    return cache.figures


@st.cache_resource(max_entries=SHARED_FIGURES, show_spinner=False)
def _shared_figures(
    key: tuple[Hashable, ...], _build: Callable[[], Sequence[go.Figure]]
) -> list[go.Figure]:
    # One build per key: sessions asking for a key being built wait for it.
    return [page_figure(fig, copy=False) for fig in _build()]


def cached_value(slot: str, key: Sequence[Hashable], build: Callable[[], Any]) -> Any:
    """What `build` returns for `key`, built once per key in this session: e.g. the records
    several figures and sentences are made from, read again only when a run wrote more.

    Args:
        slot: the session-state key that holds it.
        key: everything the value depends on (e.g. the runs and their records' versions).
        build: makes the value (called only when the key changed).
    """
    full_key = tuple(key)
    held = st.session_state.get(slot)
    if held is None or held[0] != full_key:
        held = (full_key, build())
        st.session_state[slot] = held
    return held[1]


def figure_builds(slot: str) -> int:
    """How many times the figures of `slot` changed in this session."""
    cache: FigureCache | None = st.session_state.get(slot)
    return cache.builds if cache else 0


def look_at_queue(store: RunStore, run_id: str | None = None) -> int | None:
    """Start the queued runs that are due, and `run_id`'s place in line (None: not queued).

    Both need every run's status, so a watching page asks at most every `QUEUE_SECONDS`;
    in between it gets the last answer. Workers start the next run themselves as they end;
    this only catches a queue left waiting, e.g. after a worker was killed.
    """
    slot = f"live.queue.{store.root}.{run_id}"
    last = st.session_state.get(slot)
    now = time.monotonic()
    if last is None or now - last[0] >= QUEUE_SECONDS:
        queue = RunQueue(store)
        if queue.waiting():
            queue.start_due()
        place = queue.position(run_id) if run_id else None
        last = (now, place)
        st.session_state[slot] = last
    return last[1]
