"""Which runs Compare overlays: the runs to offer, the default choice, and their labels.

The runs of this computer come first, then the shipped pretrained runs (read, never
written). A link such as `?runs=a,b` (the Runs page's "Open in Compare") chooses its runs;
otherwise the latest experiment is chosen with the newest run of the tutorial's recipe
as a reference. Runs deleted meanwhile leave the choice.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from alexnet.jobs.bn_experiment import class_runs
from alexnet.store.overview import RunData, run_data
from alexnet.store.run_store import RunInfo, RunStore
from alexnet.store.shipped import shipped_runs, shipped_store
from ui.i18n import message_text, t
from ui.words import state_label

SELECTION_KEY = "compare.runs"
_QUERY_KEY = "compare.query"  # the ?runs= link the selection was last taken from


@dataclass(frozen=True)
class Offered:
    """The runs Compare can overlay."""

    store: RunStore
    shipped: RunStore
    by_id: dict[str, RunInfo]  # this computer's runs first, then the shipped ones
    shipped_ids: frozenset[str]
    references: frozenset[str]  # finished runs of the tutorial's own recipe


def tutorial_runs(store: RunStore, runs: list[RunInfo]) -> list[str]:
    """The finished runs that trained with the tutorial's own recipe, newest first."""
    found = []
    for info in runs:
        try:
            if info.state == "finished" and store.read_config(info.run_id).is_tutorial_recipe:
                found.append(info.run_id)
        except (OSError, ValueError):
            continue
    return found


def offered_runs(store: RunStore) -> Offered:
    """Every run Compare can draw (OSError when a runs folder cannot be read)."""
    infos = [i for i in store.list() if not i.damaged]
    shipped = shipped_store()
    by_id = {i.run_id: i for i in infos}
    shipped_infos = [i for i in shipped_runs(shipped) if i.run_id not in by_id]
    by_id.update({i.run_id: i for i in shipped_infos})
    return Offered(
        store=store,
        shipped=shipped,
        by_id=by_id,
        shipped_ids=frozenset(i.run_id for i in shipped_infos),
        references=frozenset(tutorial_runs(store, infos)),
    )


def _default_selection(offered: Offered) -> list[str]:
    requested = [r for p in st.query_params.get_all("runs") for r in p.split(",") if r]
    if requested:
        return [r for r in requested if r in offered.by_id]
    chosen = [i.run_id for i in class_runs(offered.store) if i.run_id in offered.by_id]
    own = [i for r, i in offered.by_id.items() if r not in offered.shipped_ids]
    chosen += tutorial_runs(offered.store, own)[:1]
    return list(dict.fromkeys(chosen))


def prepare_selection(offered: Offered) -> None:
    """Set the chooser's value before it is drawn: a new link wins over an earlier choice."""
    ss = st.session_state
    query = ",".join(st.query_params.get_all("runs"))
    if SELECTION_KEY not in ss or (query and ss.get(_QUERY_KEY) != query):
        ss[SELECTION_KEY] = _default_selection(offered)
        ss[_QUERY_KEY] = query
    else:
        ss[SELECTION_KEY] = [r for r in ss[SELECTION_KEY] if r in offered.by_id]


def run_label(offered: Offered, run_id: str) -> str:
    """The chooser's text for a run: name, state, marks (★ tutorial recipe, shipped), id."""
    info = offered.by_id[run_id]
    mark = " ★ " + t("tutorial recipe") if run_id in offered.references else ""
    mark += " · " + t("shipped") if run_id in offered.shipped_ids else ""
    return f"{message_text(info.name)} ({state_label(info.state)}){mark} · {run_id}"


def choose_runs(offered: Offered) -> list[str]:
    """The run chooser; returns the chosen run ids."""
    prepare_selection(offered)
    labels = {r: run_label(offered, r) for r in offered.by_id}
    return st.multiselect(
        t("Runs"), list(offered.by_id), format_func=labels.__getitem__, key=SELECTION_KEY,
        help=t("Runs marked ★ used the tutorial's own training recipe; they are drawn thicker."),
        placeholder=t("Choose runs to compare"),
    )  # fmt: skip


def chosen_data(offered: Offered, run_ids: list[str]) -> list[RunData]:
    """The chosen runs' curves and figures (a run that cannot be read is left out)."""
    found = (
        run_data(offered.shipped if r in offered.shipped_ids else offered.store, r) for r in run_ids
    )
    return [d for d in found if d is not None]
