-- Follow-ups waiting for their roster, of uploads that count, as staged rows
-- for match_people (one row per waiting stage) and their stages.
-- columns: none
create or replace temp table staged as
select
    p.pending_id as row_number, p.full_name, p.name_key, p.gender, p.governorate_pcode,
    p.phone_key, p.person_ref, p.extra
from pending_follow_ups p
join uploads u using (upload_id)
where u.status = 'active';

create or replace temp table stages as
select pending_id as row_number, stage, stage_date
from pending_follow_ups
where pending_id in (select row_number from staged) and stage <> '';

create or replace temp table staged_people as
select
    row_number,
    min(row_number) over (partition by name_key, governorate_pcode, phone_key, person_ref)
        as person_key
from staged
