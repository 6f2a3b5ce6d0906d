import streamlit as st

from dashboard import access, audit, tables, ui, uploads
from dashboard.i18n import listed, t
from dashboard.ingest import identity

ui.page_guard("uploads")

st.title(t("nav.uploads"))
ui.show_flash()
store = ui.store()
user = ui.who.current()
history = ui.records("uploads")
scoped = user.governorates is not None
if scoped:  # an upload spans governorates: a user scoped to some sees their own only
    history = [u for u in history if u["uploaded_by"] == user.email]
if not history:
    st.info(t("uploads_page.empty"), icon=":material/upload_file:")
    st.stop()


def _quality() -> None:
    """How complete the data is, and the people to look at: across every
    governorate, so not for a user scoped to some."""
    st.subheader(t("uploads_page.quality"), anchor=False)
    q = ui.records("data_quality")[0]
    n = q["n_participants"]
    c1, c2, c3 = st.columns(3)
    c4, c5, c6 = st.columns(3)
    ui.share_card(c1, t("uploads_page.gender_known"), q["n_gender_known"], n)
    ui.share_card(c2, t("uploads_page.governorate_known"), q["n_governorate_known"], n)
    unresolved = ui.records("unresolved_governorates")
    duplicates = ui.records("possible_duplicates")
    ui.card(
        c3, t("uploads_page.unresolved"), len(unresolved), help=t("uploads_page.unresolved_help")
    )
    ui.card(
        c4, t("uploads_page.duplicates"), len(duplicates), help=t("uploads_page.duplicates_help")
    )
    ui.card(
        c5,
        t("uploads_page.dates_outside"),
        q["n_dates_outside"],
        help=t("uploads_page.dates_outside_help"),
    )
    pending = ui.records("pending_follow_ups")
    proposals = ui.records("merge_proposals")
    ui.card(
        c6,
        t("uploads_page.pending"),
        len(pending),
        t("uploads_page.proposals_note", n=len(proposals)) if proposals else None,
        help=t("uploads_page.pending_help"),
    )
    if proposals:
        with st.expander(t("uploads_page.proposals_list", n=len(proposals)), expanded=True):
            st.caption(t("uploads_page.proposals_help"))
            ui.table(tables.proposals(proposals))
            by_proposal = {p["proposal_id"]: p for p in proposals}
            picked = st.selectbox(
                t("uploads_page.proposal"),
                list(by_proposal),
                format_func=lambda i: tables.proposal_line(by_proposal[i]),
                key="proposal_chosen",
            )
            same, apart = st.columns(2)
            if same.button(t("uploads_page.same_person"), icon=":material/merge:"):
                identity.merge(store, picked, decided_by=user.email)
                ui.flash(t("uploads_page.merged", id=picked))
                st.rerun()
            if apart.button(t("uploads_page.two_people"), icon=":material/call_split:"):
                identity.keep_apart(store, picked, decided_by=user.email)
                ui.flash(t("uploads_page.kept_apart", id=picked))
                st.rerun()
    if pending:
        with st.expander(t("uploads_page.pending_list", n=len(pending))):
            ui.table(tables.pending(pending))
    if unresolved:
        with st.expander(t("uploads_page.unresolved_list", n=len(unresolved))):
            ui.table(tables.labelled(unresolved, "uploads_page.col"))
    if duplicates:
        with st.expander(t("uploads_page.duplicates_list", n=len(duplicates))):
            ui.table(tables.possible_duplicates(duplicates))


if scoped:
    st.caption(t("access.quality_unscoped"))
else:
    _quality()

st.subheader(t("uploads_page.history"), anchor=False)
ui.table(tables.upload_history(history))

by_id = {u["upload_id"]: u for u in history}


def _describe(upload_id: int) -> str:
    # The status is not in the option's words: a picker keeps the words it
    # first showed for a value, so a withdrawn upload would still read "active".
    return t("uploads_page.option", id=upload_id, file=by_id[upload_id]["file_name"])


chosen = st.selectbox(
    t("uploads_page.choose"), list(by_id), format_func=_describe, key="upload_chosen"
)
upload = by_id[chosen]
st.caption(t("uploads_page.chosen_status", status=t(f"uploads_page.status.{upload['status']}")))
left, middle, right = st.columns(3)
# Staff change their own uploads, an admin any; uploads.withdraw and restore
# refuse anyone else whatever the page shows.
mine = access.may_change_upload(user, upload["uploaded_by"])
not_mine = None if mine else t("access.not_yours", id=chosen)
try:
    if upload["status"] == "active":
        if left.button(
            t("uploads_page.withdraw"),
            icon=":material/remove_circle:",
            help=not_mine or t("uploads_page.withdraw_help"),
            disabled=not mine,
        ):
            uploads.withdraw(store, chosen, user)
            ui.flash(t("uploads_page.withdrawn", id=chosen))
            st.rerun()
    elif left.button(
        t("uploads_page.restore"),
        icon=":material/restore:",
        help=not_mine or t("uploads_page.restore_help"),
        disabled=not mine,
    ):
        swapped = uploads.restore(store, chosen, user)
        ui.flash(
            t("uploads_page.restored", id=chosen)
            + (" " + t("uploads_page.swapped", ids=listed(map(str, swapped))) if swapped else "")
        )
        st.rerun()
except access.Refused as refused:
    st.error(str(refused), icon=":material/lock:")


def _downloaded(what: str, name: str, content: bytes):
    """The file, once its download is logged (who, which upload, which file)."""

    def data() -> bytes:
        audit.log(store, user.email, "export", what=what, upload_id=chosen, file=name)
        return content

    return data


name, content = uploads.original(store, chosen)
middle.download_button(
    t("uploads_page.original"),
    _downloaded("original", name, content),
    file_name=name,
    icon=":material/download:",
    on_click="ignore",
)
fix = uploads.fixit(store, chosen) if upload["n_rows_rejected"] else None
if fix:
    right.download_button(
        t("uploads_page.fixit", n=upload["n_rows_rejected"]),
        _downloaded("fixit", *fix),
        file_name=fix[0],
        icon=":material/build:",
        on_click="ignore",
        help=t("uploads_page.fixit_help"),
    )
else:
    right.caption(t("uploads_page.nothing_rejected"))
