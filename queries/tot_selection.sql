-- Women among the trained cohort, and among those of them selected for and
-- completing the training of trainers: were women selected in proportion?
-- params: filters struct
-- columns: stage varchar, n_participants bigint, n_women bigint, n_men bigint

with
people as (
    select * from people_in_scope($filters)
),

by_stage as (
    select
        count(*) as trained,
        count(*) filter (where gender = 'female') as trained_women,
        count(*) filter (where gender = 'male') as trained_men,
        count(*) filter (where tot_selected) as tot_selected,
        count(*) filter (where tot_selected and gender = 'female') as tot_selected_women,
        count(*) filter (where tot_selected and gender = 'male') as tot_selected_men,
        count(*) filter (where tot_completed) as tot_completed,
        count(*) filter (where tot_completed and gender = 'female') as tot_completed_women,
        count(*) filter (where tot_completed and gender = 'male') as tot_completed_men
    from people
),

final as (
    select 'trained' as stage, trained, trained_women, trained_men from by_stage
    union all
    select 'tot_selected', tot_selected, tot_selected_women, tot_selected_men from by_stage
    where tot_selected > 0
    union all
    select 'tot_completed', tot_completed, tot_completed_women, tot_completed_men from by_stage
    where tot_completed > 0
)

select stage, trained as n_participants, trained_women as n_women, trained_men as n_men
from final
order by list_position(['trained', 'tot_selected', 'tot_completed'], stage)
