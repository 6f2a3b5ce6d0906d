-- Pairs of participants who are likely one person, waiting for someone to
-- say so: the one known before and the one an upload added, side by side.
-- columns: proposal_id integer, full_name varchar, governorate_pcode varchar, governorate_raw varchar, phone varchar, other_name varchar, other_governorate_pcode varchar, other_governorate_raw varchar, other_phone varchar, upload_id integer, reason_key varchar

select
    m.proposal_id,
    a.full_name,
    a.governorate_pcode,
    a.governorate_raw,
    a.phone,
    b.full_name as other_name,
    b.governorate_pcode as other_governorate_pcode,
    b.governorate_raw as other_governorate_raw,
    b.phone as other_phone,
    m.upload_id,
    m.reason_key
from merge_proposals m
join participants a on a.participant_id = m.participant_id
join participants b on b.participant_id = m.other_id
where m.status = 'open' and a.merged_into is null and b.merged_into is null
order by m.proposal_id
