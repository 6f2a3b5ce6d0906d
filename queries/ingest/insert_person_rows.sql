-- What each loaded roster row says about its person.
-- params: upload_id integer, sheet varchar
-- columns: none
insert into person_rows
select
    m.participant_id, $upload_id, $sheet, s.row_number, s.full_name, s.name_key, s.gender,
    s.governorate_pcode, s.governorate_raw, s.person_ref, s.phone, s.phone_key, s.unit, s.rank
from staged s
join matched m using (row_number)
