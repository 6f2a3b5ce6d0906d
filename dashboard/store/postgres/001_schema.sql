-- The shared store's schema in PostgreSQL: the tables of record, as the
-- embedded store's migrations 001-010 leave them (dashboard/migrations/),
-- written in PostgreSQL's own dialect. The read tables (fact_*), the views
-- and the scope macros are not here: each app process builds them in its own
-- DuckDB from these tables (dashboard/store/postgres.py).

create sequence audit_id_seq;
create sequence enrolment_id_seq;
create sequence follow_up_id_seq;
create sequence participant_id_seq;
create sequence pending_id_seq;
create sequence proposal_id_seq;
create sequence rejected_row_id_seq;
create sequence target_id_seq;

-- Original bytes, content-addressed, so any upload can be downloaded or re-read.
create table files (
    sha256      varchar primary key,
    size_bytes  bigint not null,
    content     bytea not null
);

create table uploads (
    upload_id           integer primary key,
    file_name           varchar not null,
    sha256              varchar not null,
    size_bytes          bigint not null,
    uploaded_by         varchar not null,
    uploaded_at         timestamp not null default localtimestamp,
    status              varchar not null default 'active'
                        check (status in ('active', 'withdrawn', 'replaced')),
    kinds               varchar[] not null,
    sheets              text not null,
    n_rows_read         integer not null,
    n_rows_loaded       integer not null,
    n_rows_rejected     integer not null,
    replaces_upload_id  integer,
    committed_at        timestamp,
    n_rows_set_aside    integer default 0,
    n_rows_pending      integer default 0
);
-- Two offices committing the same bytes at once: one upload, the other
-- finds it (dashboard/ingest/commit.py reads it as a duplicate).
create unique index uploads_sha256 on uploads (sha256);

create table participants (
    participant_id      integer not null default nextval('participant_id_seq'),
    full_name           varchar not null,
    name_key            varchar not null,
    gender              varchar not null check (gender in ('female', 'male', 'unknown')),
    governorate_pcode   varchar,
    governorate_raw     varchar,
    person_ref          varchar,
    phone               varchar,
    phone_key           varchar,
    unit                varchar,
    rank                varchar,
    first_upload_id     integer not null,
    merged_into         integer
);

create table courses (
    course_id    integer primary key,  -- the one after the last (insert_courses.sql)
    course_key   varchar not null unique,
    course_name  varchar not null,
    programme    varchar,
    start_date   date,
    end_date     date
);

create table enrolments (
    enrolment_id    integer not null default nextval('enrolment_id_seq'),
    participant_id  integer not null,
    course_id       integer not null,
    upload_id       integer not null,
    sheet           varchar not null,
    row_number      integer not null,
    start_date      date,
    end_date        date,
    days_attended   double precision,
    is_completed    boolean,
    pre_score       double precision,
    post_score      double precision,
    extra           text
);

create table follow_ups (
    follow_up_id    integer not null default nextval('follow_up_id_seq'),
    participant_id  integer not null,
    stage           varchar not null
                    check (stage in ('followed_up', 'applied_learning', 'tot_selected', 'tot_completed')),
    stage_date      date,
    upload_id       integer not null,
    sheet           varchar not null,
    row_number      integer not null,
    extra           text
);

create table targets (
    target_id                   integer primary key default nextval('target_id_seq'),
    programme                   varchar,
    governorate_pcode           varchar not null,
    n_participants_planned      integer,
    share_women_planned         double precision check (share_women_planned between 0 and 1),
    upload_id                   integer not null,
    sheet                       varchar not null,
    row_number                  integer not null,
    n_followed_up_planned       integer,
    n_applied_learning_planned  integer,
    n_tot_selected_planned      integer,
    n_tot_completed_planned     integer
);

create table rejected_rows (
    rejected_row_id  integer not null default nextval('rejected_row_id_seq'),
    upload_id        integer not null,
    sheet            varchar not null,
    row_number       integer not null,
    reason           varchar not null,
    raw              text not null,
    reason_key       varchar,
    reason_values    text
);

create table person_rows (
    participant_id      integer not null,
    upload_id           integer not null,
    sheet               varchar not null,
    row_number          integer not null,
    full_name           varchar not null,
    name_key            varchar not null,
    gender              varchar not null,
    governorate_pcode   varchar,
    governorate_raw     varchar,
    person_ref          varchar,
    phone               varchar,
    phone_key           varchar,
    unit                varchar,
    rank                varchar
);

create table pending_follow_ups (
    pending_id          integer not null default nextval('pending_id_seq'),
    upload_id           integer not null,
    sheet               varchar not null,
    row_number          integer not null,
    full_name           varchar not null,
    name_key            varchar not null,
    gender              varchar not null,
    governorate_pcode   varchar,
    phone_key           varchar,
    person_ref          varchar,
    stage               varchar not null,
    stage_date          date,
    extra               text,
    reason_key          varchar not null
);

create table merge_proposals (
    proposal_id     integer primary key default nextval('proposal_id_seq'),
    participant_id  integer not null,
    other_id        integer not null,
    upload_id       integer not null,
    reason_key      varchar not null,
    status          varchar not null default 'open'
                    check (status in ('open', 'merged', 'kept_apart')),
    decided_by      varchar,
    decided_at      timestamp
);

create table saved_mappings (
    shape_key   varchar primary key,
    mapping     text not null,
    upload_id   integer,
    saved_at    timestamp not null default localtimestamp
);

create table users (
    email            varchar primary key,
    role             varchar not null check (role in ('viewer', 'manager', 'staff', 'admin')),
    governorates     varchar[],
    password_hash    varchar,
    is_disabled      boolean not null default false,
    failed_sign_ins  integer not null default 0,
    locked_until     timestamp,
    created_at       timestamp not null default localtimestamp,
    created_by       varchar not null
);

create table audit_log (
    audit_id     bigint not null default nextval('audit_id_seq'),
    happened_at  timestamp not null default localtimestamp,
    actor        varchar not null,
    action       varchar not null,
    details      text not null
);

-- Bumped by every write that changes the data: each app process compares it
-- with the version its read tables were built from.
create table data_version (version bigint not null);
insert into data_version values (0);
