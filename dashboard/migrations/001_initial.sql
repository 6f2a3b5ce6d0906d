-- First cut of the data model (docs/ARCHITECTURE.md). Every loaded row points
-- back to (upload, sheet, row); every row read and not loaded is in rejected_rows.

create sequence upload_id_seq start 1;
create sequence participant_id_seq start 1;
create sequence course_id_seq start 1;
create sequence enrolment_id_seq start 1;
create sequence follow_up_id_seq start 1;
create sequence target_id_seq start 1;
create sequence rejected_row_id_seq start 1;

-- Original bytes, content-addressed, so any upload can be downloaded or re-read.
create table files (
    sha256      varchar primary key,
    size_bytes  bigint not null,
    content     blob not null
);

create table uploads (
    upload_id           integer primary key default nextval('upload_id_seq'),
    file_name           varchar not null,
    sha256              varchar not null,
    size_bytes          bigint not null,
    uploaded_by         varchar not null,
    uploaded_at         timestamp not null default current_timestamp,
    status              varchar not null default 'active'
                        check (status in ('active', 'withdrawn', 'replaced')),
    kinds               varchar[] not null,   -- detected kind per sheet read
    sheets              json not null,        -- per sheet: name, kind, header row, mapping, counts
    n_rows_read         integer not null,
    n_rows_loaded       integer not null,
    n_rows_rejected     integer not null,
    replaces_upload_id  integer
);

create table participants (
    participant_id      integer primary key default nextval('participant_id_seq'),
    full_name           varchar not null,     -- as first written
    name_key            varchar not null,     -- folded for matching (dashboard.text.fold_name)
    gender              varchar not null check (gender in ('female', 'male', 'unknown')),
    governorate_pcode   varchar,              -- null: not given or not resolved
    governorate_raw     varchar,              -- as written, when it did not resolve
    person_ref          varchar,              -- an ID from the roster, if it has one
    phone               varchar,              -- text, as written
    phone_key           varchar,              -- digits only, no country code or trunk 0
    unit                varchar,
    rank                varchar,
    first_upload_id     integer not null
);

create table courses (
    course_id    integer primary key default nextval('course_id_seq'),
    course_key   varchar not null unique,     -- folded course name
    course_name  varchar not null,
    programme    varchar,
    start_date   date,
    end_date     date
);

create table enrolments (
    enrolment_id    integer primary key default nextval('enrolment_id_seq'),
    participant_id  integer not null,
    course_id       integer not null,
    upload_id       integer not null,
    sheet           varchar not null,
    row_number      integer not null,         -- 1-based row in the sheet, as Excel shows it
    start_date      date,
    end_date        date,
    days_attended   double,
    is_completed    boolean,
    pre_score       double,
    post_score      double
);

create table follow_ups (
    follow_up_id    integer primary key default nextval('follow_up_id_seq'),
    participant_id  integer not null,
    stage           varchar not null
                    check (stage in ('followed_up', 'applied_learning', 'tot_selected', 'tot_completed')),
    stage_date      date,
    upload_id       integer not null,
    sheet           varchar not null,
    row_number      integer not null
);

create table targets (
    target_id                integer primary key default nextval('target_id_seq'),
    programme                varchar,
    governorate_pcode        varchar not null,
    n_participants_planned   integer,
    share_women_planned      double check (share_women_planned between 0 and 1),
    upload_id                integer not null,
    sheet                    varchar not null,
    row_number               integer not null
);

create table rejected_rows (
    rejected_row_id  integer primary key default nextval('rejected_row_id_seq'),
    upload_id        integer not null,
    sheet            varchar not null,
    row_number       integer not null,
    reason           varchar not null,
    raw              json not null          -- the cells as read, header -> value
);

-- Bumped by every commit; dashboards cache query results by it.
create table data_version (version bigint not null);
insert into data_version values (0);

-- What counts: rows of uploads that are active.
create view active_enrolments as
select
    e.*,
    p.full_name,
    p.name_key,
    p.gender,
    p.governorate_pcode,
    c.course_name,
    c.programme
from enrolments e
join uploads u using (upload_id)
join participants p using (participant_id)
join courses c using (course_id)
where u.status = 'active';

create view active_follow_ups as
select f.*
from follow_ups f
join uploads u using (upload_id)
where u.status = 'active';

create view active_targets as
select t.*
from targets t
join uploads u using (upload_id)
where u.status = 'active';

-- Reference: the 18 governorates, refreshed from data/gazetteer on every open.
create table governorates (
    pcode    varchar primary key,
    name_en  varchar not null,
    name_ar  varchar not null,
    name_ku  varchar not null
);

-- The enrolments a dashboard view is about: the shared filters, NULL meaning "all".
-- Every query starts from here, so every page filters the same way.
create macro enrolments_in_scope(governorates, gender_, date_from, date_to) as table
select *
from active_enrolments
where (governorates is null or list_contains(governorates, governorate_pcode))
  and (gender_ is null or gender = gender_)
  and (date_from is null or start_date >= date_from)
  and (date_to is null or start_date <= date_to);

-- The people behind those enrolments: one row per participant in scope.
create macro people_in_scope(governorates, gender_, date_from, date_to) as table
select distinct participant_id, gender, governorate_pcode
from enrolments_in_scope(governorates, gender_, date_from, date_to);
