-- Pairs of participants who are likely one person, waiting for someone to
-- say so: the one known before and the one an upload added, side by side.
-- columns: proposal_id integer, full_name varchar, governorate varchar, phone varchar, other_name varchar, other_governorate varchar, other_phone varchar, upload_id integer, reason_key varchar

select
    m.proposal_id,
    a.full_name,
    coalesce(ga.name_en, a.governorate_raw) as governorate,
    a.phone,
    b.full_name as other_name,
    coalesce(gb.name_en, b.governorate_raw) as other_governorate,
    b.phone as other_phone,
    m.upload_id,
    m.reason_key
from merge_proposals m
join participants a on a.participant_id = m.participant_id
join participants b on b.participant_id = m.other_id
left join governorates ga on ga.pcode = a.governorate_pcode
left join governorates gb on gb.pcode = b.governorate_pcode
where m.status = 'open' and a.merged_into is null and b.merged_into is null
order by m.proposal_id
