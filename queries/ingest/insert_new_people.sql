-- New participants: one per staged person no known participant matched, from
-- the rows that will be loaded (duplicates are gone from `staged_people`);
-- `matched` then points at them. Params: $upload_id integer.
-- params: upload_id integer
-- columns: none
create or replace temp table unknown_people as
select m.person_key, row_number() over (order by min(s.row_number)) as k
from matched m
join staged s using (row_number)
where m.participant_id is null
group by m.person_key;

-- New ids from the sequence, given out in the order the people appear.
create or replace temp table new_ids as
select nextval('participant_id_seq') as participant_id
from range((select count(*) from unknown_people));

create or replace temp table new_people as
select u.person_key, i.participant_id
from unknown_people u
join (select participant_id, row_number() over (order by participant_id) as k from new_ids) i
    using (k);

insert into participants (
    participant_id, full_name, name_key, gender, governorate_pcode, governorate_raw,
    person_ref, phone, phone_key, unit, rank, first_upload_id
)
select
    n.participant_id,
    arg_min(s.full_name, s.row_number),
    any_value(s.name_key),
    coalesce(arg_min(s.gender, s.row_number) filter (where s.gender <> 'unknown'), 'unknown'),
    any_value(s.governorate_pcode),
    arg_min(s.governorate_raw, s.row_number),
    arg_min(s.person_ref, s.row_number),
    arg_min(s.phone, s.row_number),
    arg_min(s.phone_key, s.row_number),
    arg_min(s.unit, s.row_number),
    arg_min(s.rank, s.row_number),
    $upload_id
from new_people n
join matched m using (person_key)
join staged s using (row_number)
group by n.participant_id
order by n.participant_id;

update matched set participant_id = n.participant_id
from new_people n
where matched.person_key = n.person_key and matched.participant_id is null
