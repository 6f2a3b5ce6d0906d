-- What each loaded roster row says about its person.
-- params: upload_id integer, sheet varchar
-- columns: none
insert into person_rows
select
    participant_id, $upload_id, $sheet, row_number, full_name, name_key, gender,
    governorate_pcode, governorate_raw, person_ref, phone, phone_key, unit, rank
from loaded
