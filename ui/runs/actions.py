"""The Runs page's actions on one run: rename, tag, stop, delete (confirmed), download, open."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from alexnet.store.export import export_zip
from alexnet.store.model_files import usable_checkpoint
from alexnet.store.overview import RunSummary
from alexnet.store.run_store import ACTIVE_STATES, RunStore
from ui.access import may_change_run, not_yours
from ui.i18n import error_text, message_text, t
from ui.links import page_link
from ui.runs.table import imported_text
from ui.state import set_chosen_model

CONFIRM_KEY = "runs.confirm_delete"  # the run id waiting for "Yes, delete"
MESSAGE_KEY = "runs.message"  # (kind, text) shown once after an action


def _say(kind: str, text: str) -> None:
    st.session_state[MESSAGE_KEY] = (kind, text)


def _refused(store: RunStore, run_id: str) -> bool:
    # Checked again when the button's action runs, not only when it is drawn.
    if may_change_run(store.get(run_id)):
        return False
    _say("error", not_yours())
    return True


def _rename(store: RunStore, run_id: str) -> None:
    if _refused(store, run_id):
        return
    try:
        store.rename(run_id, st.session_state[f"runs.name.{run_id}"])
    except (ValueError, OSError) as error:
        _say("error", t("The run could not be renamed: {error}").format(error=error))
    else:
        _say("success", t("Renamed."))


def _save_tags(store: RunStore, run_id: str) -> None:
    if _refused(store, run_id):
        return
    text = st.session_state[f"runs.tags.{run_id}"]
    try:
        store.set_tags(run_id, [tag.strip() for tag in text.split(",")])
    except (ValueError, OSError) as error:
        _say("error", t("The tags could not be saved: {error}").format(error=error))
    else:
        _say("success", t("Tags saved."))


def _stop(store: RunStore, run_id: str) -> None:
    if _refused(store, run_id):
        return
    try:
        store.request_stop(run_id)
    except (ValueError, OSError) as error:
        _say("error", error_text(error))
    else:
        _say("info", t("Stopping: the run saves a checkpoint after the current batch."))


def _ask_delete(run_id: str) -> None:
    st.session_state[CONFIRM_KEY] = run_id


def _delete(store: RunStore, run_id: str) -> None:
    if _refused(store, run_id):
        return
    st.session_state[CONFIRM_KEY] = None
    try:
        store.delete(run_id)
    except (ValueError, OSError) as error:
        _say("error", t("The run was not deleted: {error}").format(error=error))
    else:
        _say("success", t("Run {run_id} deleted.").format(run_id=run_id))


def _cancel_delete() -> None:
    st.session_state[CONFIRM_KEY] = None


def _open_in_predict(run_id: str) -> None:
    set_chosen_model(f"run:{run_id}")


def show_message() -> None:
    """The outcome of the last action, shown once."""
    message = st.session_state.pop(MESSAGE_KEY, None)
    if message:
        kind, text = message
        getattr(st, kind)(text)


def _render_delete(store: RunStore, row: RunSummary) -> None:
    if row.state in ACTIVE_STATES:
        st.button(t("Delete"), icon=":material/delete:", disabled=True, key="runs.delete")
        st.caption(t("A run that is queued or training cannot be deleted; stop it first."))
        return
    if st.session_state.get(CONFIRM_KEY) != row.run_id:
        st.button(
            t("Delete"),
            icon=":material/delete:",
            on_click=_ask_delete,
            args=(row.run_id,),
            key="runs.delete",
        )
        return
    st.warning(
        t("Delete run “{name}” for good? Its metrics, checkpoints and model are removed.").format(
            name=message_text(row.name)
        ),
        icon=":material/warning:",
    )
    yes, no = st.columns(2)
    yes.button(
        t("Yes, delete"),
        type="primary",
        on_click=_delete,
        args=(store, row.run_id),
        key="runs.delete.yes",
    )
    no.button(t("Cancel"), on_click=_cancel_delete, key="runs.delete.no")


def render(store: RunStore, row: RunSummary) -> None:
    """Every action for one run (damaged runs can only be deleted); a run another computer
    started can be opened and downloaded here, not changed."""
    run_id = row.run_id
    changeable = may_change_run(store.get(run_id))
    if row.state == "damaged":
        st.error(
            t("This run folder is damaged and cannot be shown: {problem}").format(
                problem=message_text(row.problem)
            ),
            icon=":material/error:",
        )
        if changeable:
            _render_delete(store, row)
        return
    _render_labels(store, row, changeable)
    _render_origin(row)
    cols = st.columns(4, vertical_alignment="center")  # the link is shorter than the buttons
    with cols[0]:
        page_link(
            "pages/compare.py",
            t("Open in Compare"),
            icon=":material/compare_arrows:",
            query_params={"runs": run_id},
        )
    with cols[1]:
        _render_open_in_predict(store, run_id)
    with cols[2]:
        _render_download(store, run_id)
    with cols[3]:
        if changeable and row.state in ACTIVE_STATES:
            st.button(
                t("Stop"), icon=":material/stop:", on_click=_stop, args=(store, run_id),
                key="runs.stop",
            )  # fmt: skip
        if changeable:
            _render_delete(store, row)
    if not changeable:
        st.caption(not_yours())
    if row.problem and row.state in ("failed", "interrupted"):
        st.warning(message_text(row.problem), icon=":material/warning:")


def _render_origin(row: RunSummary) -> None:
    if row.imported is None:
        return
    at = row.imported.get("at")
    when = dt.datetime.fromtimestamp(at) if isinstance(at, int | float) else None
    st.caption(
        t("Imported from {machine} on {date}, from {zip}.").format(
            machine=imported_text(row),
            date=f"{when:%Y-%m-%d %H:%M}" if when else "?",
            zip=row.imported.get("zip") or "?",
        )
    )


def _render_download(store: RunStore, run_id: str) -> None:
    st.download_button(
        t("Download zip"),
        data=lambda: export_zip(store, run_id),
        file_name=f"{run_id}.zip",
        mime="application/zip",
        icon=":material/download:",
        on_click="ignore",
        key="runs.download",
        help=t(
            "Config, metrics as CSV and JSON lines, evaluation, the model (.keras), its "
            "checkpoints and TensorBoard logs: all that Import needs to bring it back."
        ),
    )


def _render_labels(store: RunStore, row: RunSummary, changeable: bool) -> None:
    run_id = row.run_id
    left, right = st.columns(2)
    with left:
        st.text_input(
            t("Name"), value=row.name, key=f"runs.name.{run_id}", max_chars=80,
            disabled=not changeable,
        )  # fmt: skip
        st.button(
            t("Rename"), on_click=_rename, args=(store, run_id), key="runs.rename",
            disabled=not changeable,
        )  # fmt: skip
    with right:
        st.text_input(
            t("Tags"),
            value=", ".join(row.tags),
            key=f"runs.tags.{run_id}",
            help=t("Separate tags with commas, e.g. baseline, batch norm."),
            disabled=not changeable,
        )
        st.button(
            t("Save tags"), on_click=_save_tags, args=(store, run_id), key="runs.save_tags",
            disabled=not changeable,
        )  # fmt: skip


def _render_open_in_predict(store: RunStore, run_id: str) -> None:
    usable = usable_checkpoint(store, store.get(run_id)) is not None
    if st.button(
        t("Open in Predict"),
        icon=":material/image_search:",
        disabled=not usable,
        on_click=_open_in_predict,
        args=(run_id,),
        key="runs.predict",
    ):
        try:
            st.switch_page("pages/predict.py")
        except st.errors.StreamlitAPIException:  # run outside app.py: no other pages
            st.info(t("Open the Predict page: this run is chosen there."))
