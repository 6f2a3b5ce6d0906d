-- Follow-up rows waiting for the roster that names their person, of uploads
-- that count: one row per person and tracker row, with the stages they hold.
-- columns: upload_id integer, sheet varchar, row_number integer, full_name varchar, governorate_pcode varchar, stages varchar[], reason_key varchar

select
    p.upload_id,
    p.sheet,
    p.row_number,
    any_value(p.full_name) as full_name,
    any_value(p.governorate_pcode) as governorate_pcode,
    list(p.stage order by p.stage) filter (where p.stage <> '') as stages,
    any_value(p.reason_key) as reason_key
from pending_follow_ups p
join uploads u using (upload_id)
where u.status = 'active'
group by p.upload_id, p.sheet, p.row_number
order by p.upload_id, p.sheet, p.row_number
