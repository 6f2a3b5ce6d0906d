-- The follow-up pathway per governorate and gender: how many of those trained
-- reached each stage. Governorate 'unknown' for people with none.
-- params: filters struct
-- columns: governorate_pcode varchar, gender varchar, n_trained bigint, n_followed_up bigint, n_applied_learning bigint, n_tot_selected bigint, n_tot_completed bigint

with
cells as (
    select * from people_cells($filters)
),

final as (
    select
        coalesce(governorate_pcode, 'unknown') as governorate_pcode,
        gender,
        sum(n_people)::bigint as n_trained,
        coalesce(sum(n_people) filter (where followed_up), 0)::bigint as n_followed_up,
        coalesce(sum(n_people) filter (where applied_learning), 0)::bigint as n_applied_learning,
        coalesce(sum(n_people) filter (where tot_selected), 0)::bigint as n_tot_selected,
        coalesce(sum(n_people) filter (where tot_completed), 0)::bigint as n_tot_completed
    from cells
    group by all
    order by governorate_pcode, gender
)

select * from final
