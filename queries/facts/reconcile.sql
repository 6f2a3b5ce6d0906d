-- Reconcile each participant with the rows that count, inside every write
-- that changes the data (Store.refresh), before the read tables are refilled
-- (facts/refresh.sql).
-- columns: none

-- Each participant as the uploads that count say now: of the roster rows
-- about them, the latest active upload's word wins (a corrected roster
-- corrects, and withdrawing it brings the earlier word back). Only the people
-- of the uploads this write touched (Store.touch) are reconciled, all of them
-- when it says none, and not those a new upload just added with one row: they
-- are as that row says.
create or replace temp table recompute as
select participant_id
from person_rows
where not exists (select 1 from touched)
   or participant_id in (
       select participant_id from person_rows
       where upload_id in (select upload_id from touched)
   )
group by participant_id
having not exists (select 1 from touched)
    or count(*) > 1
    or min(upload_id) not in (select upload_id from touched where is_new);

update participants set
    full_name = a.full_name,
    name_key = a.name_key,
    gender = a.gender,
    governorate_pcode = a.place.pcode,
    governorate_raw = a.place.raw,
    person_ref = a.person_ref,
    phone = a.phone,
    phone_key = a.phone_key,
    unit = a.unit,
    rank = a.rank
from (
    select
        r.participant_id,
        arg_max(r.full_name, (u.base - r.row_number)) as full_name,
        arg_max(r.name_key, (u.base - r.row_number)) as name_key,
        coalesce(arg_max(r.gender, (u.base - r.row_number)) filter (where r.gender <> 'unknown'), 'unknown')
            as gender,
        coalesce(
            -- a governorate we know wins over a spelling we do not, among the uploads that count
            arg_max(
                {'pcode': r.governorate_pcode, 'raw': r.governorate_raw},
                u.base + (r.governorate_pcode is not null)::bigint * 100000000000 - r.row_number
            ) filter (where r.governorate_pcode is not null or r.governorate_raw is not null),
            {'pcode': null::varchar, 'raw': null::varchar}
        ) as place,
        arg_max(r.person_ref, (u.base - r.row_number)) filter (where r.person_ref is not null) as person_ref,
        arg_max(r.phone, (u.base - r.row_number)) filter (where r.phone is not null) as phone,
        arg_max(r.phone_key, (u.base - r.row_number)) filter (where r.phone_key is not null) as phone_key,
        arg_max(r.unit, (u.base - r.row_number)) filter (where r.unit is not null) as unit,
        arg_max(r.rank, (u.base - r.row_number)) filter (where r.rank is not null) as rank
    from person_rows r
    join recompute using (participant_id)
    join (
        select upload_id, (status = 'active')::bigint * 1000000000000 + upload_id * 1000000 as base
        from uploads
    ) u using (upload_id)
    group by r.participant_id
) a
where participants.participant_id = a.participant_id
  and (participants.full_name is distinct from a.full_name
    or participants.gender is distinct from a.gender
    or participants.governorate_pcode is distinct from a.place.pcode
    or participants.governorate_raw is distinct from a.place.raw
    or participants.person_ref is distinct from a.person_ref
    or participants.phone is distinct from a.phone
    or participants.unit is distinct from a.unit
    or participants.rank is distinct from a.rank);
