-- The follow-up pathway per governorate and gender: how many of those trained
-- reached each stage. Governorate 'unknown' for people with none.
-- params: programmes varchar[], courses varchar[], governorates varchar[], gender varchar, date_from date, date_to date, statuses varchar[]
-- columns: governorate_pcode varchar, gender varchar, n_trained bigint, n_followed_up bigint, n_applied_learning bigint, n_tot_selected bigint, n_tot_completed bigint

with
people as (
    select * from people_in_scope($programmes, $courses, $governorates, $gender, $date_from, $date_to, $statuses)
),

reached as (
    select distinct participant_id, stage from follow_ups_in_scope($statuses)
),

final as (
    select
        coalesce(p.governorate_pcode, 'unknown') as governorate_pcode,
        p.gender,
        count(distinct p.participant_id) as n_trained,
        count(distinct p.participant_id) filter (where r.stage = 'followed_up') as n_followed_up,
        count(distinct p.participant_id) filter (where r.stage = 'applied_learning') as n_applied_learning,
        count(distinct p.participant_id) filter (where r.stage = 'tot_selected') as n_tot_selected,
        count(distinct p.participant_id) filter (where r.stage = 'tot_completed') as n_tot_completed
    from people p
    left join reached r using (participant_id)
    group by all
    order by governorate_pcode, p.gender
)

select * from final
