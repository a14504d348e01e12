"""Who may change a run: the rule behind every Stop, Resume, Rename, Tags and Delete button.

Started on a classroom network (`streamlit run app.py --server.address 0.0.0.0`), the app is
opened from students' machines as well as the teacher's. Every page may watch any run, train
its own and download any; changing a run is for the machine that started it, and for the
computer the app runs on (the teacher's), which may change every run. A page knows its
visitor's network address (`st.context.ip_address`: None on this computer); a run keeps the
address of the page that started it (`RunInfo.started_from`: None when started here, from
the command line or by an import on this computer).

Addresses identify machines, not people: two students behind one address share their runs,
and the app trusts the network it was started on (see README, Security).
"""

from __future__ import annotations

from alexnet.store.run_store import RunInfo


def may_change(info: RunInfo, address: str | None) -> bool:
    """Whether a page opened from `address` may stop, resume, rename, tag or delete a run.

    Args:
        info: the run.
        address: the visitor's network address; None for this computer.
    """
    return address is None or info.started_from == address
