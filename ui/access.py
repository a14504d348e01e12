"""Who is looking: this computer, or another machine on the classroom network.

The rule itself is the core's (`alexnet.store.access.may_change`); pages ask it here with
the visitor's address and, where the answer is no, say why instead of offering the button.
"""

from __future__ import annotations

import streamlit as st

from alexnet.store.access import may_change
from alexnet.store.run_store import RunInfo
from ui.i18n import t


def visitor_address() -> str | None:
    """The network address of the machine this page was opened from; None for this computer
    (and where no browser is connected, as in a page test)."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else None


def may_change_run(info: RunInfo) -> bool:
    """Whether this page may stop, resume, rename, tag or delete the run."""
    return may_change(info, visitor_address())


def not_yours() -> str:
    """Why a run's buttons are missing, in the page's language."""
    return t(
        "Another computer started this run: only that computer, or the one the app runs on, "
        "can stop, resume, rename or delete it."
    )
