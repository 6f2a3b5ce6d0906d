-- New participants: one per staged person no known participant matched,
-- numbered in the order the sheet names them, from the first of their rows
-- that will be loaded (duplicates are gone from `staged_people`); what later
-- rows add, the refresh of the read tables takes from person_rows. `matched`
-- then points at them. (Writes are serialised: max + n is each new number.)
-- params: upload_id integer
-- columns: none
create or replace temp table new_people as
select
    person_key,
    min(row_number) as first_row,
    (select coalesce(max(participant_id), 0) from participants)
        + row_number() over (order by min(row_number)) as participant_id
from matched
where participant_id is null
group by person_key;

insert into participants (
    participant_id, full_name, name_key, gender, governorate_pcode, governorate_raw,
    person_ref, phone, phone_key, unit, rank, first_upload_id
)
select
    n.participant_id, s.full_name, s.name_key, s.gender, s.governorate_pcode,
    s.governorate_raw, s.person_ref, s.phone, s.phone_key, s.unit, s.rank, $upload_id
from new_people n
join staged s on s.row_number = n.first_row;

update matched set participant_id = n.participant_id
from new_people n
where matched.person_key = n.person_key and matched.participant_id is null
