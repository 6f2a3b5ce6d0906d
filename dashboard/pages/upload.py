import json

import streamlit as st

from dashboard import access, narrative, tables, ui
from dashboard.i18n import listed, t
from dashboard.ingest import ingest, vocabulary
from dashboard.text import markdown_plain as plain

ui.page_guard("upload")

st.title(t("nav.upload"))
st.caption(t("upload.intro"))
files = st.file_uploader(
    t("upload.drop"),
    type=["xlsx", "xlsm", "xls", "ods", "csv"],
    accept_multiple_files=True,
    key="upload_files",
    help=t("upload.drop_help"),
)
if not files:
    st.info(t("upload.empty"), icon=":material/upload_file:")
    st.stop()

store = ui.store()
user = ui.who.current()
if ui.who.is_local():  # one administrator at this computer: say who is uploading
    who = st.text_input(t("upload.who"), key="uploaded_by", help=t("upload.who_help")) or t(
        "upload.anonymous"
    )
else:  # signed in: the upload is theirs
    who = user.email
# Staff correct their own uploads; an admin any (a replaced upload stops counting).
mine_only = None if user.may("admin") else who
LABELS = {vocabulary.label(f): f for f in vocabulary.fields()}
EXTRA = "—"


def _mapping_editor(file_key: str, sheet) -> dict[str, str | None]:
    """The column → field table for one sheet; what the person changed."""
    rows = [
        {
            t("upload.header"): c["header"],
            t("upload.field"): vocabulary.label(c["field"]) if c["field"] else EXTRA,
            t("upload.sure"): tables.how_sure(c),
            t("upload.suggestion"): vocabulary.label(c["suggestion"]) if c["suggestion"] else "",
        }
        for c in sheet.columns
    ]
    edited = st.data_editor(
        rows,
        key=f"map_{file_key}_{sheet.name}",
        hide_index=True,
        disabled=[t("upload.header"), t("upload.sure"), t("upload.suggestion")],
        column_config={
            t("upload.field"): st.column_config.SelectboxColumn(
                options=[EXTRA, *LABELS], required=True, help=t("upload.field_help")
            )
        },
    )
    found = {c["header"]: c["field"] for c in sheet.columns}
    chosen = {}
    for row in edited:
        field = LABELS.get(row[t("upload.field")])
        if field != found.get(row[t("upload.header")]):
            chosen[row[t("upload.header")]] = field
    return chosen


plans = []
previews = st.session_state.setdefault("_upload_previews", {})
for n, upload in enumerate(files):
    data = upload.getvalue()
    file_key = f"{n}_{upload.file_id}"
    mappings = st.session_state.setdefault(f"mappings_{file_key}", {})
    # The dry run reads the whole file: kept until its mapping or the data changes,
    # not repeated on every rerun (typing a name, opening an expander).
    stamp = (json.dumps(mappings, sort_keys=True), store.data_version())
    if previews.get(file_key, (None,))[0] != stamp:
        previews[file_key] = (
            stamp,
            ingest(
                store,
                data,
                upload.name,
                who,
                dry_run=True,
                mappings=mappings,
                replaceable_by=mine_only,
            ),
        )
    preview = previews[file_key][1]
    with st.container(border=True):
        st.subheader(plain(preview.file_name), anchor=False)
        if preview.status == "refused":
            st.error(plain(preview.error), icon=":material/block:")
            continue
        if preview.status == "duplicate":
            st.warning(t("upload.duplicate", id=preview.upload_id), icon=":material/content_copy:")
            continue
        try:
            access.require_facts(user, preview.facts)
        except access.Refused as refused:
            st.error(plain(str(refused)), icon=":material/lock:")
            continue
        st.markdown(
            t(
                "upload.will_load",
                facts=tables.facts_words(preview.facts),
                loaded=preview.n_loaded,
                rejected=preview.n_rejected,
            )
            + (" " + t("upload.will_wait", n=preview.n_pending) if preview.n_pending else "")
        )
        if preview.replaced is not None:
            st.info(
                t("upload.will_replace", id=preview.replaced),
                icon=":material/published_with_changes:",
            )
        if preview.note:
            st.caption(plain(preview.note))
        for sheet in preview.sheets:
            if not sheet.facts:
                st.caption(t("upload.skipped", sheet=plain(sheet.name), why=plain(sheet.skipped)))
                continue
            label = t(
                "upload.sheet",
                sheet=plain(sheet.name),
                facts=tables.facts_words(sheet.facts),
                rows=listed(map(str, sheet.header_rows)),
                loaded=sheet.n_loaded,
                aside=sheet.n_set_aside,
                pending=sheet.n_pending,
                rejected=sheet.n_rejected,
            )
            with st.expander(label, expanded=len(preview.sheets) == 1):
                if sheet.why:
                    st.caption(plain(sheet.why))
                if sheet.mapping_from:
                    st.caption(t(f"upload.mapping_from.{sheet.mapping_from}"))
                for note in sheet.notes:
                    st.caption(plain(note))
                unmapped = sheet.unmapped
                if unmapped:
                    st.warning(
                        t(
                            "upload.unmapped",
                            n=len(unmapped),
                            columns=plain(listed(f"'{c['header']}'" for c in unmapped)),
                        ),
                        icon=":material/help:",
                    )
                if sheet.context:
                    st.markdown(f"**{t('upload.context')}**")
                    ui.table(tables.context(sheet.context))
                st.markdown(f"**{t('upload.mapping')}**")
                chosen = _mapping_editor(file_key, sheet)
                if chosen != mappings.get(sheet.name, {}):
                    mappings[sheet.name] = chosen
                    st.rerun()
                if sheet.set_aside:
                    st.markdown(f"**{t('upload.set_aside', n=sheet.n_set_aside)}**")
                    ui.table(tables.set_aside(sheet.set_aside))
                st.markdown(f"**{t('upload.preview')}**")
                ui.table(tables.preview(preview.previews.get(sheet.name, [])))
        rejected = preview.rejections
        if rejected:
            st.markdown(f"**{t('upload.rejected', n=len(rejected))}**")
            ui.table(tables.rejections(rejected))
        plans.append((preview.file_name, data, mappings))

if plans and st.button(
    t("upload.commit", n=len(plans)), type="primary", icon=":material/cloud_upload:"
):
    bar = st.progress(0.0, text=t("upload.committing"))
    for i, (name, data, mappings) in enumerate(plans):

        def step(done: float, i=i, name=name) -> None:
            bar.progress(
                (i + done) / len(plans), text=t("upload.committing_file", file=plain(name))
            )

        result = ingest(store, data, name, who, mappings=mappings, progress=step, actor=user.email)
        if result.status == "loaded":
            st.success(
                t(
                    "upload.loaded",
                    file=plain(name),
                    id=result.upload_id,
                    loaded=result.n_loaded,
                    rejected=result.n_rejected,
                )
                + (" " + t("upload.waiting", n=result.n_pending) if result.n_pending else "")
                + (" " + t("upload.linked", n=result.n_linked) if result.n_linked else "")
                + (" " + t("upload.proposed", n=result.n_proposed) if result.n_proposed else ""),
                icon=":material/check_circle:",
            )
            if result.replaced is not None:
                counts = {
                    c: sum(d["change"] == c for d in result.diff)
                    for c in ("added", "removed", "changed")
                }
                st.markdown(t("upload.diff", id=result.replaced, **counts))
                if result.diff:
                    ui.table(tables.upload_diff(result.diff))
            change = narrative.change(result.before, result.after)
            st.info(change or t("upload.no_change"), icon=":material/insights:")
        elif result.status == "duplicate":
            st.warning(t("upload.duplicate", id=result.upload_id), icon=":material/content_copy:")
        else:
            st.error(plain(result.error))
    bar.progress(1.0, text=t("upload.done"))
