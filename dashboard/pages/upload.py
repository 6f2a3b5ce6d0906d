import json

import streamlit as st

from dashboard import narrative, tables, ui, vocabulary
from dashboard.i18n import t
from dashboard.ingest import ingest

ui.page_guard()

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
who = st.text_input(t("upload.who"), key="uploaded_by", help=t("upload.who_help")) or t(
    "upload.anonymous"
)
FIELDS = list(vocabulary.fields())
EXTRA = "—"


def _mapping_editor(file_key: str, sheet) -> dict[str, str | None]:
    """The header → field table for one sheet; what the person changed."""
    found = {header: f for f, header in sheet.mapping.items()}
    rows = [
        {
            t("upload.header"): h,
            t("upload.field"): vocabulary.label(found[h]) if h in found else EXTRA,
            t("upload.suggestion"): sheet.unknown_headers.get(h) or "",
        }
        for h in sheet.headers
    ]
    labels = {vocabulary.label(f): f for f in FIELDS}
    edited = st.data_editor(
        rows,
        key=f"map_{file_key}_{sheet.name}",
        hide_index=True,
        disabled=[t("upload.header"), t("upload.suggestion")],
        column_config={
            t("upload.field"): st.column_config.SelectboxColumn(
                options=[EXTRA, *labels], required=True, help=t("upload.field_help")
            )
        },
    )
    chosen = {}
    for row in edited:
        field = labels.get(row[t("upload.field")])
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
            ingest(store, data, upload.name, who, dry_run=True, mappings=mappings),
        )
    preview = previews[file_key][1]
    with st.container(border=True):
        st.subheader(upload.name, anchor=False)
        if preview.status == "refused":
            st.error(preview.error, icon=":material/block:")
            continue
        if preview.status == "duplicate":
            st.warning(t("upload.duplicate", id=preview.upload_id), icon=":material/content_copy:")
            continue
        kinds = ", ".join(t(f"upload.kind.{k}") for k in preview.kinds)
        st.markdown(
            t("upload.will_load", kinds=kinds, loaded=preview.n_loaded, rejected=preview.n_rejected)
        )
        if preview.replaced is not None:
            st.info(
                t("upload.will_replace", id=preview.replaced),
                icon=":material/published_with_changes:",
            )
        if preview.note:
            st.caption(preview.note)
        for sheet in preview.sheets:
            if not sheet.kind:
                st.caption(t("upload.skipped", sheet=sheet.name, why=sheet.skipped))
                continue
            label = t(
                "upload.sheet",
                sheet=sheet.name,
                kind=t(f"upload.kind.{sheet.kind}"),
                rows=", ".join(map(str, sheet.header_rows)),
                loaded=sheet.n_loaded,
                rejected=sheet.n_rejected,
            )
            with st.expander(label, expanded=len(preview.sheets) == 1):
                for note in sheet.notes:
                    st.caption(note)
                st.markdown(f"**{t('upload.mapping')}**")
                chosen = _mapping_editor(file_key, sheet)
                if chosen != mappings.get(sheet.name, {}):
                    mappings[sheet.name] = chosen
                    st.rerun()
                st.markdown(f"**{t('upload.preview')}**")
                ui.table(tables.preview(preview.previews.get(sheet.name, [])))
        rejected = preview.rejections
        if rejected:
            st.markdown(f"**{t('upload.rejected', n=len(rejected))}**")
            st.dataframe(
                [
                    {
                        t("upload.sheet_col"): r.sheet,
                        t("upload.row"): r.row_number,
                        t("upload.reason"): r.reason,
                    }
                    for r in rejected
                ],
                hide_index=True,
            )
        plans.append((upload.name, data, mappings))

if plans and st.button(
    t("upload.commit", n=len(plans)), type="primary", icon=":material/cloud_upload:"
):
    before = store.records("coverage")
    bar = st.progress(0.0, text=t("upload.committing"))
    for i, (name, data, mappings) in enumerate(plans):

        def step(done: float, i=i, name=name) -> None:
            bar.progress((i + done) / len(plans), text=t("upload.committing_file", file=name))

        result = ingest(store, data, name, who, mappings=mappings, progress=step)
        if result.status == "loaded":
            st.success(
                t(
                    "upload.loaded",
                    file=name,
                    id=result.upload_id,
                    loaded=result.n_loaded,
                    rejected=result.n_rejected,
                ),
                icon=":material/check_circle:",
            )
            if result.replaced is not None:
                diff = store.records(
                    "upload_diff", {"old": result.replaced, "new": result.upload_id}
                )
                added = [d for d in diff if d["change"] == "added"]
                removed = [d for d in diff if d["change"] == "removed"]
                st.markdown(
                    t("upload.diff", id=result.replaced, added=len(added), removed=len(removed))
                )
                if diff:
                    st.dataframe(
                        [
                            {
                                t("upload.change"): t(f"upload.change_{d['change']}"),
                                t("people.name"): d["full_name"],
                                t("people.governorate"): d["governorate"],
                            }
                            for d in diff
                        ],
                        hide_index=True,
                    )
        else:
            st.error(result.error or t("upload.duplicate", id=result.upload_id))
    bar.progress(1.0, text=t("upload.done"))
    change = narrative.change(before, store.records("coverage"))
    st.info(change or t("upload.no_change"), icon=":material/insights:")
