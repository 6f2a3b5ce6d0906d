"""Query results as the tables people see (and export). No Streamlit here.

Coded values become words (``female`` → "Women"), internal columns go, and
columns take their labels from the catalogue, so the table on screen and the
file exported from it are one and the same object.
"""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.compute as pc

from dashboard import GENDERS, STAGES, access
from dashboard.filters import governorate_label, governorate_name
from dashboard.i18n import is_small, listed, share, t
from dashboard.ingest import vocabulary

# Column -> catalogue key of its label, in the order shown.
# A viewer's rows carry a pseudonym in place of the name, phone and unit
# (``access.pseudonymised``): the columns a table lacks are left out.
PARTICIPANT_COLUMNS = {
    "pseudonym": "people.pseudonym",
    "full_name": "people.name",
    "gender": "people.gender",
    "governorate": "people.governorate",
    "phone": "people.phone",
    "unit": "people.unit",
    "rank": "people.rank",
    "courses": "people.courses",
    "n_courses": "people.n_courses",
    "first_course": "people.first_course",
    "last_course": "people.last_course",
    "furthest_stage": "people.furthest_stage",
    "uploads": "people.uploads",
}


def _words(column: pa.ChunkedArray, codes: tuple[str, ...], key: str) -> pa.Array:
    labels = pa.array([t(f"{key}.{c}") for c in codes])
    return labels.take(pc.index_in(column, value_set=pa.array(codes)))


# Coded columns -> (their codes, the catalogue section of their words): each
# row is one person, so "Woman", not "Women".
_CODED = {"gender": (GENDERS, "one_gender"), "furthest_stage": (STAGES, "stage")}


def _governorates(table: pa.Table) -> pa.Array:
    """Each row's governorate in words, from its P-code and the spelling as
    written (``filters.governorate_label``), worked out once per distinct pair."""
    pcode, raw = (
        pc.fill_null(table.column(c).combine_chunks(), "")
        for c in ("governorate_pcode", "governorate_raw")
    )
    pairs = pc.binary_join_element_wise(pcode, raw, "\x1f")
    distinct = pc.unique(pairs)
    words = pa.array(
        [governorate_label(*k.split("\x1f")) for k in distinct.to_pylist()],
        pa.string(),
    )
    return words.take(pc.index_in(pairs, value_set=distinct))


def _shown(table: pa.Table, columns: dict[str, str]) -> pa.Table:
    """The ``columns`` of ``table`` it has, in order, labelled, coded values in words."""
    out = {}
    for name, key in columns.items():
        if name not in table.column_names and name != "governorate":
            continue
        if name == "governorate":
            out[t(key)] = _governorates(table)
            continue
        column = table.column(name)
        if name in _CODED:
            column = _words(column, *_CODED[name])
        out[t(key)] = column
    return pa.table(out)


def participants(table: pa.Table) -> pa.Table:
    """``queries/participants.sql`` rows as the Participants page shows them."""
    return _shown(table, PARTICIPANT_COLUMNS)


def participant_rows(store, params: dict, search: str | None, user) -> pa.Table:
    """Every participant under the filters and search (all pages), as shown
    to ``user`` (pseudonymised for a viewer: ``access.pseudonymised``)."""
    rows = store.query("participants", params | {"search": search} | access.order(user))
    return participants(access.pseudonymised(rows, user))


def source_uploads(store, params: dict) -> list[dict]:
    """The uploads the rows under these filters come from, for an export's notes."""
    return store.records("uploads_in_scope", params)


def pathway_by_group(rows: list[dict], user) -> pa.Table:
    """``queries/follow_up_by_group.sql`` rows: each stage as "n of trained
    — %"; for a viewer, a count under five as "<5" and without the share
    that would give it away (``access.count``)."""
    columns: dict[str, list] = {
        t("follow_up.group_governorate"): [],
        t("follow_up.group_gender"): [],
    }
    for stage in ("trained", *STAGES):
        columns[t("follow_up.trained") if stage == "trained" else t(f"stage.{stage}")] = []
    for r in rows:
        values = [governorate_name(r["governorate_pcode"]), t(f"gender.{r['gender']}")]
        trained = access.count(user, r["n_trained"])
        values.append(f"{trained} ⚠" if is_small(r["n_trained"]) else str(trained))
        for s in STAGES:
            n = access.count(user, r[f"n_{s}"])
            small = (n, trained) != (r[f"n_{s}"], r["n_trained"])
            values.append(t("number.of", n=n, d=trained) if small else share(n, r["n_trained"]))
        for column, value in zip(columns.values(), values, strict=True):
            column.append(value)
    return pa.table(columns)


OVERDUE_COLUMNS = {
    "pseudonym": "people.pseudonym",
    "full_name": "people.name",
    "gender": "people.gender",
    "governorate": "people.governorate",
    "phone": "people.phone",
    "course_name": "follow_up.course",
    "ended": "follow_up.ended",
    "due": "follow_up.due",
    "days_overdue": "follow_up.days_overdue",
}


def overdue(table: pa.Table) -> pa.Table:
    """``queries/overdue_follow_ups.sql`` rows as the Follow-up page shows them."""
    return _shown(table, OVERDUE_COLUMNS)


def overdue_rows(store, params: dict, user) -> pa.Table:
    """Every overdue follow-up under the filters (all pages), as shown to ``user``."""
    rows = store.query("overdue_follow_ups", params | access.order(user))
    return overdue(access.pseudonymised(rows, user))


def labelled(rows: list[dict], section: str) -> pa.Table:
    """Rows with each column labelled from ``[section]`` of the catalogue."""
    if not rows:
        return pa.table({})
    return pa.table({t(f"{section}.{k}"): [r[k] for r in rows] for k in rows[0]})


def possible_duplicates(rows: list[dict]) -> pa.Table:
    """``possible_duplicates`` as read: each record's governorate named in
    the reader's language."""
    return labelled(
        [
            {
                "full_name": r["full_name"],
                "governorates": listed(map(governorate_label, r["pcodes"], r["written"])),
                "n_records": r["n_records"],
            }
            for r in rows
        ],
        "uploads_page.col",
    )


HISTORY_COLUMNS = (
    "upload_id",
    "file_name",
    "uploaded_by",
    "uploaded_at",
    "status",
    "kinds",
    "n_rows_read",
    "n_rows_loaded",
    "n_rows_rejected",
    "replaces_upload_id",
    "replaced_by_upload_id",
)


def upload_history(rows: list[dict]) -> pa.Table:
    shown = [
        {
            **{k: r[k] for k in HISTORY_COLUMNS},
            "status": t(f"uploads_page.status.{r['status']}"),
            "kinds": listed(t(f"upload.kind.{k}") for k in r["kinds"]),
        }
        for r in rows
    ]
    return labelled(shown, "uploads_page.col")


# Normalised columns an upload preview shows, in order, when a sheet has them.
PREVIEW_COLUMNS = {
    "row_number": "upload.row",
    "full_name": "people.name",
    "gender": "people.gender",
    "governorate_pcode": "people.governorate",
    "governorate_raw": "preview.governorate_raw",
    "phone": "people.phone",
    "unit": "people.unit",
    "rank": "people.rank",
    "course_name": "filters.course",
    "start_date": "preview.start_date",
    "end_date": "preview.end_date",
    "days_attended": "preview.days_attended",
    "programme": "filters.programme",
    "n_participants_planned": "preview.planned",
    "share_women_planned": "preview.women_share",
}


def preview(rows: list[dict]) -> pa.Table:
    """Staged rows as the upload page previews them: coded values in words."""
    out = []
    for r in rows:
        shown = {}
        for name, key in PREVIEW_COLUMNS.items():
            if name not in r:
                continue
            value = r[name]
            if name == "gender" and value:
                value = t(f"gender.{value}")
            elif name == "governorate_pcode" and value:
                value = governorate_name(value)
            shown[t(key)] = value
        out.append(shown)
    return pa.Table.from_pylist(out)


# -- what an upload's preview shows -------------------------------------------

FACT_ORDER = ("participants", "enrolments", "follow_up", "targets", "context")


def facts_words(facts: list[str]) -> str:
    """What a file or sheet contributes, in words: "participants, enrolments, follow-up"."""
    return listed(t(f"upload.fact.{f}") for f in FACT_ORDER if f in facts)


def how_sure(column: dict) -> str:
    """How a column's field was found, and how sure: "exact", "fuzzy (92%)"."""
    how = column["how"]
    if column["field"] is None and how != "tool":
        return t("upload.how.none")
    words = t(f"upload.how.{how}")
    if how == "fuzzy":
        return t("upload.how.fuzzy_score", score=column["score"])
    if column.get("role") == "alternate":
        words += " · " + t("upload.how.alternate")
    elif column.get("role") in ("female", "male", "total"):
        words += " · " + t(f"upload.role.{column['role']}")
    return words


def context(found: dict) -> pa.Table:
    """Values a sheet gives once for all its rows, and where each came from."""
    return pa.table(
        {
            t("upload.context_field"): [vocabulary.label(k) for k in found],
            t("upload.context_value"): [v["value"] for v in found.values()],
            t("upload.context_source"): [str(v["source"]) for v in found.values()],
        }
    )


def set_aside(rows: dict[str, list[int]]) -> pa.Table:
    """Rows set aside as not people: why, and which."""
    return pa.table(
        {
            t("upload.aside_reason"): [t(f"ingest.aside.{k}") for k in rows],
            t("upload.aside_rows"): [
                listed(map(str, v[:20])) + (", …" if len(v) > 20 else "") for v in rows.values()
            ],
            t("upload.aside_n"): pa.array([len(v) for v in rows.values()], pa.int64()),
        }
    )


def rejections(rejected: list) -> pa.Table:
    return pa.table(
        {
            t("upload.sheet_col"): [r.sheet for r in rejected],
            t("upload.row"): pa.array([r.row_number for r in rejected], pa.int64()),
            t("upload.reason"): [str(r.reason) for r in rejected],
        }
    )


def upload_diff(rows: list[dict]) -> pa.Table:
    """``queries/upload_diff.sql`` rows as the page lists them."""
    return pa.table(
        {
            t("upload.change"): [t(f"upload.change_{d['change']}") for d in rows],
            t("people.name"): [d["full_name"] for d in rows],
            t("people.governorate"): [
                governorate_label(d["governorate_pcode"], d["governorate_raw"]) for d in rows
            ],
            t("upload.change_what"): [
                t(f"upload.detail.{d['detail']}") if d["detail"] else "" for d in rows
            ],
            t("upload.change_before"): [
                _said(d["detail"], d["before"], d["before_raw"]) for d in rows
            ],
            t("upload.change_after"): [
                _said(d["detail"], d["after"], d["after_raw"]) for d in rows
            ],
        }
    )


def _said(detail: str | None, value: str | None, written: str | None) -> str:
    if detail == "governorate":
        return governorate_label(value, written)
    if detail == "gender" and value:
        return t(f"one_gender.{value}")
    return value or ""


def pending(rows: list[dict]) -> pa.Table:
    """``queries/pending_follow_ups.sql`` rows as the data-quality page lists them."""
    return pa.table(
        {
            t("uploads_page.col.upload_id"): pa.array([r["upload_id"] for r in rows], pa.int64()),
            t("upload.sheet_col"): [r["sheet"] for r in rows],
            t("upload.row"): pa.array([r["row_number"] for r in rows], pa.int64()),
            t("people.name"): [r["full_name"] for r in rows],
            t("people.governorate"): [
                governorate_label(r["governorate_pcode"], None) for r in rows
            ],
            t("uploads_page.col.stages"): [
                listed(t(f"stage.{s}") for s in r["stages"] or []) for r in rows
            ],
            t("upload.reason"): [t(f"ingest.pending.{r['reason_key']}") for r in rows],
        }
    )


def proposals(rows: list[dict]) -> pa.Table:
    """Open merge proposals: the person known before beside the one added."""
    return pa.table(
        {
            t("uploads_page.col.proposal"): pa.array([r["proposal_id"] for r in rows], pa.int64()),
            t("people.name"): [r["full_name"] for r in rows],
            t("people.governorate"): [
                governorate_label(r["governorate_pcode"], r["governorate_raw"]) for r in rows
            ],
            t("people.phone"): [r["phone"] for r in rows],
            t("uploads_page.col.other_name"): [r["other_name"] for r in rows],
            t("uploads_page.col.other_governorate"): [
                governorate_label(r["other_governorate_pcode"], r["other_governorate_raw"])
                for r in rows
            ],
            t("uploads_page.col.other_phone"): [r["other_phone"] for r in rows],
            t("uploads_page.col.upload_id"): pa.array([r["upload_id"] for r in rows], pa.int64()),
            t("upload.reason"): [t(r["reason_key"]) for r in rows],
        }
    )


def proposal_line(row: dict) -> str:
    return t(
        "uploads_page.proposal_option",
        id=row["proposal_id"],
        name=row["full_name"],
        other=row["other_name"],
    )


def accounts(rows: list[dict]) -> pa.Table:
    """``auth.users`` as the Users page shows them: a role and a state in
    words, the governorates by name (none: every one)."""
    shown = [
        {
            "email": r["email"],
            "role": t(f"access.role.{r['role']}"),
            "governorates": listed(governorate_name(g) for g in r["governorates"] or ())
            or t("users.everywhere"),
            "state": t(f"users.state.{_account_state(r)}"),
            "created_at": r["created_at"],
            "created_by": r["created_by"],
        }
        for r in rows
    ]
    return labelled(shown, "users.col")


def women_by_course(rows: list[dict], user) -> pa.Table:
    """``queries/gender_by_course.sql`` rows, by name: each course's people
    and its women as "n of d — %" (a viewer's small counts as "<5", without
    the share that would give them away)."""
    rows = sorted(rows, key=lambda r: r["course_name"])
    women = []
    for r in rows:
        n, d = access.count(user, r["n_women"]), access.count(user, r["n_participants"])
        small = (n, d) != (r["n_women"], r["n_participants"])
        women.append(t("number.of", n=n, d=d) if small else share(n, r["n_participants"]))
    return pa.table(
        {
            t("filters.course"): [r["course_name"] for r in rows],
            t("gender_page.course_start"): [r["start_date"] for r in rows],
            t("overview.participants"): [
                str(access.count(user, r["n_participants"])) for r in rows
            ],
            t("gender.female"): women,
        }
    )


def _account_state(r: dict) -> str:
    return "disabled" if r["is_disabled"] else "locked" if r["is_locked"] else "open"


def audit_entries(rows: list[dict]) -> pa.Table:
    """``audit.entries`` as the Audit page shows and exports them: the
    details as the JSON they are stored as, plain text."""
    shown = [
        {
            "audit_id": r["audit_id"],
            "happened_at": r["happened_at"],
            "actor": r["actor"],
            "action": r["action"],
            "details": json.dumps(r["details"], ensure_ascii=False, sort_keys=True),
        }
        for r in rows
    ]
    if not shown:
        return pa.table({t(f"audit_page.col.{k}"): [] for k in
                         ("audit_id", "happened_at", "actor", "action", "details")})  # fmt: skip
    return labelled(shown, "audit_page.col")
