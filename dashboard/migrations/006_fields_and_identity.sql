-- Ingest by field (docs/ARCHITECTURE.md): what each row said about a person,
-- follow-ups waiting for their roster, doubtful merges put to a person,
-- mappings remembered, messages kept as catalogue keys, and a mark on every
-- upload that committed whole.

-- An upload counts only once its transaction wrote this; rows of an upload
-- without it are swept away when the database is opened (Store._sweep).
alter table uploads add column committed_at timestamp;
update uploads set committed_at = uploaded_at;
alter table uploads add column n_rows_set_aside integer default 0;
alter table uploads add column n_rows_pending integer default 0;

-- Why a row was rejected, as a catalogue key and its values (rendered when shown).
alter table rejected_rows add column reason_key varchar;
alter table rejected_rows add column reason_values json;

-- Every roster row's word on the person it names. A participant's gender,
-- governorate and phone are those of the latest active upload that gives
-- them (queries/facts/refresh.sql), so a corrected roster corrects them and
-- withdrawing it brings the earlier values back.
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
insert into person_rows
select participant_id, first_upload_id, '', 0, full_name, name_key, gender, governorate_pcode,
    governorate_raw, person_ref, phone, phone_key, unit, rank
from participants;

-- A participant merged into another (a doubtful merge someone confirmed).
alter table participants add column merged_into integer;

-- Follow-up rows about someone no roster has named yet: counted nowhere,
-- listed on the data-quality page, linked when the roster arrives.
create sequence pending_id_seq start 1;
create table pending_follow_ups (
    pending_id          integer primary key default nextval('pending_id_seq'),
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
    reason_key          varchar not null   -- no roster names them yet, or several people match
);

-- Two participants who are likely one person; merged only when someone says so.
create sequence proposal_id_seq start 1;
create table merge_proposals (
    proposal_id     integer primary key default nextval('proposal_id_seq'),
    participant_id  integer not null,      -- known before
    other_id        integer not null,      -- added by the upload that raised it
    upload_id       integer not null,
    reason_key      varchar not null,
    status          varchar not null default 'open'
                    check (status in ('open', 'merged', 'kept_apart')),
    decided_by      varchar,
    decided_at      timestamp
);

-- A person's corrected mapping for a workbook shape (the same set of headers).
create table saved_mappings (
    shape_key   varchar primary key,
    mapping     json not null,            -- header -> field (null: kept as an extra column)
    upload_id   integer,
    saved_at    timestamp not null default current_timestamp
);
