-- How a corrected upload differs from the one it replaced: the people it
-- adds, the people it no longer lists, and the people whose gender,
-- governorate or phone it corrects (before and after), whatever the uploads'
-- status. One row per person and change. A governorate's before and after are
-- P-codes, with the spelling as written beside them when none was found
-- (before_raw, after_raw), so the page names them as everywhere else.
-- params: old integer, new integer
-- columns: change varchar, full_name varchar, governorate_pcode varchar, governorate_raw varchar, detail varchar, before varchar, after varchar, before_raw varchar, after_raw varchar

with
said as (
    select upload_id, participant_id, arg_min(gender, row_number) as gender,
        arg_min(governorate_pcode, row_number) as governorate_pcode,
        arg_min(governorate_raw, row_number) as governorate_raw,
        arg_min(phone, row_number) as phone, arg_min(phone_key, row_number) as phone_key
    from person_rows where upload_id in ($old, $new) group by all
),

old_rows as (select * from said where upload_id = $old),

new_rows as (select * from said where upload_id = $new),

-- Trackers and targets name no one in person_rows: their people are their follow-ups.
old_people as (
    select participant_id from old_rows
    union select participant_id from follow_ups where upload_id = $old
),

new_people as (
    select participant_id from new_rows
    union select participant_id from follow_ups where upload_id = $new
),

changes as (
    select 'added' as change, participant_id, null as detail, null as before, null as after,
        null as before_raw, null as after_raw
    from new_people where participant_id not in (select participant_id from old_people)
    union all
    select 'removed', participant_id, null, null, null, null, null
    from old_people where participant_id not in (select participant_id from new_people)
    union all
    select 'changed', o.participant_id, 'governorate', o.governorate_pcode, n.governorate_pcode,
        o.governorate_raw, n.governorate_raw
    from old_rows o
    join new_rows n using (participant_id)
    where o.governorate_pcode is distinct from n.governorate_pcode
       or (o.governorate_pcode is null and o.governorate_raw is distinct from n.governorate_raw)
    union all
    select 'changed', participant_id, 'gender', o.gender, n.gender, null, null
    from old_rows o join new_rows n using (participant_id)
    where o.gender <> n.gender
    union all
    select 'changed', participant_id, 'phone', o.phone, n.phone, null, null
    from old_rows o join new_rows n using (participant_id)
    where o.phone_key is distinct from n.phone_key
),

final as (
    select c.change, p.full_name, p.governorate_pcode, p.governorate_raw,
        c.detail, c.before, c.after, c.before_raw, c.after_raw
    from changes c
    join participants p using (participant_id)
    order by c.change, p.name_key, c.detail
)

select * from final
