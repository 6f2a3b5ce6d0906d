-- Women among the trained cohort, and among those of them selected for and
-- completing the training of trainers: were women selected in proportion?
-- params: filters struct
-- columns: stage varchar, n_participants bigint, n_women bigint, n_men bigint

with
cells as (
    select * from people_cells($filters)
),

by_stage as (
    select
        coalesce(sum(n_people), 0)::bigint as trained,
        coalesce(sum(n_people) filter (where gender = 'female'), 0)::bigint as trained_women,
        coalesce(sum(n_people) filter (where gender = 'male'), 0)::bigint as trained_men,
        coalesce(sum(n_people) filter (where tot_selected), 0)::bigint as tot_selected,
        coalesce(sum(n_people) filter (where tot_selected and gender = 'female'), 0)::bigint as tot_selected_women,
        coalesce(sum(n_people) filter (where tot_selected and gender = 'male'), 0)::bigint as tot_selected_men,
        coalesce(sum(n_people) filter (where tot_completed), 0)::bigint as tot_completed,
        coalesce(sum(n_people) filter (where tot_completed and gender = 'female'), 0)::bigint as tot_completed_women,
        coalesce(sum(n_people) filter (where tot_completed and gender = 'male'), 0)::bigint as tot_completed_men
    from cells
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
