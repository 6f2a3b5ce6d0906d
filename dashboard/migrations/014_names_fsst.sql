-- Names, phones, IDs and raw rows are compressed by FSST, named here, not
-- chosen by DuckDB. They are a different text on almost every row, so
-- DuckDB's analysis, which tries a dictionary, FSST and more on every column
-- of every row group before it writes one, picks FSST for them anyway, and
-- the trying was a third of what writing them cost: a 100,000-row combined
-- roster's commit 0.42 -> 0.33 s into a new DuckDB file, 0.60 -> 0.52 s into one
-- that holds an upload, the file 4% larger (bench/ingest.py's roster).
-- The columns of few values (gender, governorate, sheet, stage) keep the
-- compression DuckDB picks. A column's compression is set when its table is
-- made, so each table is made again as it stands (as in
-- 008_no_surrogate_key_indexes.sql).

create table participants_ (
    participant_id      integer default nextval('participant_id_seq') not null,
    full_name           varchar using compression fsst not null,
    name_key            varchar using compression fsst not null,
    gender              varchar not null check (gender in ('female', 'male', 'unknown')),
    governorate_pcode   varchar,
    governorate_raw     varchar,
    person_ref          varchar using compression fsst,
    phone               varchar using compression fsst,
    phone_key           varchar using compression fsst,
    unit                varchar,
    rank                varchar,
    first_upload_id     integer not null,
    merged_into         integer
);
insert into participants_ select * from participants order by participant_id;
drop table participants;
alter table participants_ rename to participants;

create table person_rows_ (
    participant_id      integer not null,
    upload_id           integer not null,
    sheet               varchar not null,
    row_number          integer not null,
    full_name           varchar using compression fsst not null,
    name_key            varchar using compression fsst not null,
    gender              varchar not null,
    governorate_pcode   varchar,
    governorate_raw     varchar,
    person_ref          varchar using compression fsst,
    phone               varchar using compression fsst,
    phone_key           varchar using compression fsst,
    unit                varchar,
    rank                varchar
);
insert into person_rows_ select * from person_rows;
drop table person_rows;
alter table person_rows_ rename to person_rows;

create table pending_follow_ups_ (
    pending_id          integer default nextval('pending_id_seq') not null,
    upload_id           integer not null,
    sheet               varchar not null,
    row_number          integer not null,
    full_name           varchar using compression fsst not null,
    name_key            varchar using compression fsst not null,
    gender              varchar not null,
    governorate_pcode   varchar,
    phone_key           varchar using compression fsst,
    person_ref          varchar using compression fsst,
    stage               varchar not null,
    stage_date          date,
    extra               json,
    reason_key          varchar not null
);
insert into pending_follow_ups_ select * from pending_follow_ups order by pending_id;
drop table pending_follow_ups;
alter table pending_follow_ups_ rename to pending_follow_ups;

create table rejected_rows_ (
    rejected_row_id  integer default nextval('rejected_row_id_seq') not null,
    upload_id        integer not null,
    sheet            varchar not null,
    row_number       integer not null,
    reason           varchar not null,
    raw              json using compression fsst not null,
    reason_key       varchar,
    reason_values    json
);
insert into rejected_rows_ select * from rejected_rows order by rejected_row_id;
drop table rejected_rows;
alter table rejected_rows_ rename to rejected_rows;

-- The read table of people (004_facts.sql), in people_described's shape.
create table fact_people_ (
    participant_id      integer,
    gender              varchar,
    governorate_pcode   varchar,
    first_course        date,
    last_course         date,
    last_course_id      integer,
    n_courses           bigint,
    name_key            varchar using compression fsst,
    stage_rank          integer,
    followed_up         boolean,
    applied_learning    boolean,
    tot_selected        boolean,
    tot_completed       boolean
);
insert into fact_people_ select * from fact_people;
drop table fact_people;
alter table fact_people_ rename to fact_people;
