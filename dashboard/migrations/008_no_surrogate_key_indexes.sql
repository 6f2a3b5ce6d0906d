-- The big tables keep no index on their surrogate keys. Each id is given by a
-- sequence, or (participants) as the next after the last under the write
-- lock, so none can repeat; but DuckDB builds and checks a primary key's index
-- on every insert, which cost an upload of 100,000 rows 0.15 s of its 1.7
-- (bench/ingest.py), and no query looks a row up by its id alone. DuckDB cannot
-- drop a constraint, so each table is built again as it stands, without one.

create table participants_ (
    participant_id      integer default nextval('participant_id_seq') not null,
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
insert into participants_ select * from participants order by participant_id;
drop table participants;
alter table participants_ rename to participants;

create table enrolments_ (
    enrolment_id    integer default nextval('enrolment_id_seq') not null,
    participant_id  integer not null,
    course_id       integer not null,
    upload_id       integer not null,
    sheet           varchar not null,
    row_number      integer not null,
    start_date      date,
    end_date        date,
    days_attended   double,
    is_completed    boolean,
    pre_score       double,
    post_score      double,
    extra           json
);
insert into enrolments_ select * from enrolments order by enrolment_id;
drop table enrolments;
alter table enrolments_ rename to enrolments;

create table follow_ups_ (
    follow_up_id    integer default nextval('follow_up_id_seq') not null,
    participant_id  integer not null,
    stage           varchar not null
        check (stage in ('followed_up', 'applied_learning', 'tot_selected', 'tot_completed')),
    stage_date      date,
    upload_id       integer not null,
    sheet           varchar not null,
    row_number      integer not null,
    extra           json
);
insert into follow_ups_ select * from follow_ups order by follow_up_id;
drop table follow_ups;
alter table follow_ups_ rename to follow_ups;

create table rejected_rows_ (
    rejected_row_id  integer default nextval('rejected_row_id_seq') not null,
    upload_id        integer not null,
    sheet            varchar not null,
    row_number       integer not null,
    reason           varchar not null,
    raw              json not null,
    reason_key       varchar,
    reason_values    json
);
insert into rejected_rows_ select * from rejected_rows order by rejected_row_id;
drop table rejected_rows;
alter table rejected_rows_ rename to rejected_rows;

create table pending_follow_ups_ (
    pending_id          integer default nextval('pending_id_seq') not null,
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
    extra               json,
    reason_key          varchar not null
);
insert into pending_follow_ups_ select * from pending_follow_ups order by pending_id;
drop table pending_follow_ups;
alter table pending_follow_ups_ rename to pending_follow_ups;
