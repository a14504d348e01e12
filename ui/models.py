"""The model chooser shared by Predict and Inspect: trained runs and shipped pretrained models.

A model is a `.keras` file: a run's `checkpoints/best.keras` (else `last.keras`) for runs that
finished or were stopped, a shipped run in `alexnet/pretrained/<run_id>/` (read through a run
store over that folder, see `alexnet.store.shipped`), or a loose `.keras` file there. Loading
goes through `alexnet.analysis.models.load_model` (safe mode) and is cached per file path and
modification time, so a checkpoint written again (a resumed run) is loaded afresh.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from alexnet.store.run_store import RunStore
from alexnet.store.shipped import MODEL_FILE, shipped_runs
from alexnet.store.shipped import pretrained_dir as shipped_dir
from ui.i18n import N_, t, translated_choice

PRETRAINED_DIR = Path(__file__).resolve().parent.parent / "alexnet" / "pretrained"
USABLE_STATES = ("finished", "stopped")  # a worker no longer writes their checkpoints
CHOICE_KEY = "models.choice"  # the chosen model's key, shared by Predict and Inspect
_SHOWN_KEY = "models.shown"  # the key last shown, to notice a choice made elsewhere
_STATE_LABELS = {"finished": N_("finished"), "stopped": N_("stopped")}


@dataclass(frozen=True)
class ModelChoice:
    """One model the user can pick."""

    key: str  # stable id for the session: "run:<id>", "shipped:<id>" or "pretrained:<file>"
    label: str  # what the chooser shows
    path: Path  # the .keras file
    run_id: str | None = None  # None for a loose pretrained file
    runs_dir: Path | None = None  # a shipped run's folder of runs; None: the default store

    @property
    def mtime(self) -> float:
        try:
            return self.path.stat().st_mtime
        except OSError:
            return 0.0

    @property
    def cache_key(self) -> tuple[str, float]:
        """(path, modification time): changes when the file is written again."""
        return str(self.path), self.mtime


def available_models(
    store: RunStore | None = None, pretrained_dir: Path | None = None
) -> list[ModelChoice]:
    """Shipped models first (they work on first start; the most accurate first), then usable
    runs, newest first.

    Args:
        store: the run store; None for the default (`$ALEXNET_RUNS_DIR` or runs/).
        pretrained_dir: the folder of shipped runs and `.keras` files (may be absent); None
            for `$ALEXNET_PRETRAINED_DIR`, else `PRETRAINED_DIR`.
    """
    pretrained_dir = shipped_dir(PRETRAINED_DIR) if pretrained_dir is None else pretrained_dir
    choices = _shipped_choices(pretrained_dir)
    choices += [
        ModelChoice(f"pretrained:{path.name}", t("Pretrained: {name}").format(name=path.stem), path)
        for path in sorted(pretrained_dir.glob("*.keras"))
        if pretrained_dir.is_dir()
    ]
    store = store or RunStore()
    for info in store.list():
        if info.damaged or info.state not in USABLE_STATES:
            continue
        found = store.best_checkpoint(info.run_id)
        if found is None:
            continue
        path = found[0]
        label = t("Run: {name} ({state}, {epochs} epochs)").format(
            name=info.name, state=t(_STATE_LABELS[info.state]), epochs=info.status.get("epoch", "?")
        )
        choices.append(ModelChoice(f"run:{info.run_id}", label, path, info.run_id))
    return choices


def _shipped_choices(folder: Path) -> list[ModelChoice]:
    shipped = RunStore(folder)  # only read: a finished run's files are never written on read
    scored = []
    for info in shipped_runs(shipped):
        accuracy = (shipped.read_evaluation(info.run_id) or {}).get("accuracy")
        label = t("Shipped: {name} ({accuracy} test accuracy)").format(
            name=info.name, accuracy="?" if accuracy is None else f"{accuracy:.1%}"
        )
        path = shipped.run_dir(info.run_id) / MODEL_FILE
        choice = ModelChoice(f"shipped:{info.run_id}", label, path, info.run_id, shipped.root)
        scored.append((-1.0 if accuracy is None else accuracy, choice))
    # The best model opens Predict and Inspect; sorted() keeps newest-first among equals.
    return [choice for _, choice in sorted(scored, key=lambda pair: -pair[0])]


@st.cache_resource(max_entries=4, show_spinner=False)
def _load(path: str, mtime: float) -> Any:
    del mtime  # part of the cache key only
    from alexnet.analysis.models import load_model

    return load_model(path)


def load(choice: ModelChoice) -> Any:
    """The Keras model of a choice (cached).

    Raises:
        ValueError: if the file is not a loadable model (the message says why).
    """
    return _load(*choice.cache_key)


def class_names(model: Any, choice: ModelChoice | None = None) -> list[str]:
    """What each output of the model means (alexnet.analysis.models), numbered ones translated.

    Args:
        model: the loaded model.
        choice: where it came from; a run's data source decides (random data: numbered).
    """
    from alexnet.analysis.models import model_class_names

    source = None
    if choice is not None and choice.run_id is not None:
        try:
            source = RunStore(choice.runs_dir).read_config(choice.run_id).data.source
        except (OSError, ValueError):
            source = None
    generic = t("class {n}")
    return [
        generic.format(n=name.split()[1]) if name.startswith("class ") else name
        for name in model_class_names(model, source)
    ]


def stored_evaluation(choice: ModelChoice, store: RunStore | None = None) -> dict[str, Any] | None:
    """The evaluation saved beside a model: a run's evaluation.json or `<name>.json`.

    Args:
        store: the run store (for runs).
    """
    if choice.run_id is not None:
        if choice.runs_dir is not None:  # a shipped run
            return RunStore(choice.runs_dir).read_evaluation(choice.run_id)
        return (store or RunStore()).read_evaluation(choice.run_id)
    for candidate in (
        choice.path.with_suffix(".evaluation.json"),
        choice.path.with_suffix(".json"),
    ):
        try:
            data = json.loads(candidate.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            return data
    return None


def damaged_runs(store: RunStore | None = None) -> list[str]:
    """One line per run folder that could not be read, saying why (for a warning).

    Args:
        store: the run store; None for the default.
    """
    return [
        f"{info.run_id}: {info.problem}" for info in (store or RunStore()).list() if info.damaged
    ]


def choose_model(key: str) -> tuple[ModelChoice, Any] | None:
    """A model chooser; returns (choice, loaded model), or None after saying why there is none.

    The choice is kept in the session, so Predict and Inspect show the same model.

    Args:
        key: widget key prefix of the page.
    """
    try:
        choices = available_models()
        damaged = damaged_runs()
    except (OSError, ValueError) as error:
        st.error(t("The runs folder could not be read: {error}").format(error=error))
        return None
    if damaged:
        st.warning(
            t("These runs could not be read and are left out: {runs}").format(
                runs="; ".join(damaged)
            ),
            icon=":material/warning:",
        )
    if not choices:
        st.info(
            t(
                "There is no trained model yet. Train a model on the Train page first; "
                "it appears here when it has finished or was stopped."
            ),
            icon=":material/info:",
        )
        return None
    by_key = {c.key: c for c in choices}
    widget_key = translated_choice(f"{key}.model")
    ss = st.session_state
    remembered = ss.get(CHOICE_KEY)
    if remembered in by_key and (remembered != ss.get(_SHOWN_KEY) or widget_key not in ss):
        # Chosen elsewhere (the other page, or "open in Predict" on the Runs page).
        ss[widget_key] = remembered
    elif ss.get(widget_key) not in by_key:
        ss[widget_key] = next(iter(by_key))  # first visit, or the chosen run was deleted
    chosen_key = st.selectbox(
        t("Model"),
        list(by_key),
        format_func=lambda k: by_key[k].label,
        key=widget_key,
        help=t(
            "Finished or stopped training runs, and the pretrained models shipped with the app."
        ),
    )
    choice = by_key.get(chosen_key) or choices[0]
    ss[CHOICE_KEY] = ss[_SHOWN_KEY] = choice.key
    try:
        with st.spinner(t("Loading the model...")):
            model = load(choice)
    except ValueError as error:
        st.error(
            t("This model could not be loaded: {error}").format(error=error),
            icon=":material/error:",
        )
        return None
    return choice, model
