-- Attach existing participants to the staged rows of one sheet.
-- Input: temp table `staged` (row_number, name_key, governorate_pcode, person_ref, phone_key, ...).
-- Output: temp table `matched` (row_number, participant_id), null for no one.
-- The same person is: the same ID, else the same phone, else the same folded
-- name in the same governorate. An ID or phone shared by several people (a
-- station's phone written for each officer) identifies no one and is not used.
create or replace temp table matched as
with
staged_ref as (
    select person_ref from staged where person_ref is not null
    group by person_ref having count(distinct name_key) = 1
),
staged_phone as (
    select phone_key from staged where phone_key is not null
    group by phone_key having count(distinct name_key) = 1
),
by_ref as (
    select person_ref, min(participant_id) as participant_id
    from participants where person_ref in (select person_ref from staged_ref)
    group by person_ref having count(*) = 1
),
by_phone as (
    select phone_key, min(participant_id) as participant_id
    from participants where phone_key in (select phone_key from staged_phone)
    group by phone_key having count(*) = 1
),
by_name as (
    select name_key, governorate_pcode, min(participant_id) as participant_id
    from participants group by name_key, governorate_pcode
)
select
    s.row_number,
    coalesce(r.participant_id, ph.participant_id, n.participant_id) as participant_id
from staged s
left join by_ref r on r.person_ref = s.person_ref
left join by_phone ph on ph.phone_key = s.phone_key
left join by_name n
    on n.name_key = s.name_key
    and n.governorate_pcode is not distinct from s.governorate_pcode
