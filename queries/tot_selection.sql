-- Women among the trained cohort, and among those of them selected for and
-- completing the training of trainers: were women selected in proportion?
-- params: programmes varchar[], courses varchar[], governorates varchar[], gender varchar, date_from date, date_to date, statuses varchar[]
-- columns: stage varchar, n_participants bigint, n_women bigint, n_men bigint

with
people as (
    select * from people_in_scope($programmes, $courses, $governorates, $gender, $date_from, $date_to, $statuses)
),

reached as (
    select distinct f.participant_id, f.stage
    from follow_ups_in_scope($statuses) f
    where f.stage in ('tot_selected', 'tot_completed')
),

final as (
    select
        'trained' as stage,
        count(*) as n_participants,
        count(*) filter (where gender = 'female') as n_women,
        count(*) filter (where gender = 'male') as n_men
    from people
    union all
    select
        r.stage,
        count(*),
        count(*) filter (where p.gender = 'female'),
        count(*) filter (where p.gender = 'male')
    from reached r
    join people p using (participant_id)
    group by r.stage
)

select * from final
order by list_position(['trained', 'tot_selected', 'tot_completed'], stage)
