"""The words every page shares: run states, durations, "epoch N of M" and CIFAR-10's classes.

A run's state reads the same on Home, Train, Compare, Runs, Predict and Inspect; a duration
is written one way everywhere.
"""

from __future__ import annotations

import math

from ui.i18n import N_, t

STATE_LABELS = {
    "queued": N_("queued"), "running": N_("training"), "stopping": N_("stopping"),
    "stopped": N_("stopped"), "finished": N_("finished"), "failed": N_("failed"),
    "interrupted": N_("interrupted"), "damaged": N_("damaged"), "unknown": N_("unknown"),
}  # fmt: skip

# CIFAR-10's class names (alexnet.data.CLASS_NAMES), marked for the catalogue.
CLASS_LABELS = (
    N_("airplane"), N_("automobile"), N_("bird"), N_("cat"), N_("deer"), N_("dog"), N_("frog"),
    N_("horse"), N_("ship"), N_("truck"),
)  # fmt: skip


def class_label(name: str) -> str:
    """A class name in the session's language (CIFAR-10's classes; others as they are)."""
    return t(name) if name in CLASS_LABELS else name


def state_label(state: str) -> str:
    """A run state ("running", "finished", ...) in the session's language."""
    return t(STATE_LABELS.get(state, STATE_LABELS["unknown"]))


def duration(seconds: float | None) -> str:
    """A length of time to read at a glance: "42 s", "3 min 05 s", "1 h 07 min"; "?" unknown."""
    if seconds is None or not math.isfinite(seconds):
        return "?"
    minutes, secs = divmod(max(0, round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return t("{hours} h {minutes:02d} min").format(hours=hours, minutes=minutes)
    if minutes:
        return t("{minutes} min {seconds:02d} s").format(minutes=minutes, seconds=secs)
    return t("{seconds} s").format(seconds=secs)


def epoch_of(epoch: int | None, epochs: int) -> str:
    """ "epoch 3 of 10" in the session's language (no epoch done yet counts as 0)."""
    return t("epoch {epoch} of {epochs}").format(epoch=epoch or 0, epochs=epochs)
