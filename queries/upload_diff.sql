-- How a corrected upload differs from the one it replaced: the people it
-- adds and the people it no longer lists, whatever their uploads' status.
-- params: old integer, new integer
-- columns: change varchar, full_name varchar, governorate varchar

with
old_people as (select distinct participant_id from enrolments where upload_id = $old),
new_people as (select distinct participant_id from enrolments where upload_id = $new),

changed as (
    select 'added' as change, participant_id from new_people
    where participant_id not in (select participant_id from old_people)
    union all
    select 'removed', participant_id from old_people
    where participant_id not in (select participant_id from new_people)
),

final as (
    select c.change, p.full_name, coalesce(g.name_en, p.governorate_raw) as governorate
    from changed c
    join participants p using (participant_id)
    left join governorates g on g.pcode = p.governorate_pcode
    order by c.change, p.name_key
)

select * from final
