-- New participants: staged people no existing participant matched, one per
-- folded name and governorate. Params: $upload_id integer.
insert into participants (
    full_name, name_key, gender, governorate_pcode, governorate_raw,
    person_ref, phone, phone_key, unit, rank, first_upload_id
)
select
    min(full_name),
    name_key,
    coalesce(min(gender) filter (where gender <> 'unknown'), 'unknown'),
    governorate_pcode,
    min(governorate_raw),
    min(person_ref),
    min(phone),
    min(phone_key),
    min(unit),
    min(rank),
    $upload_id
from staged
join matched using (row_number)
where participant_id is null
group by name_key, governorate_pcode
order by min(row_number)
