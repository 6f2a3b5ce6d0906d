-- The follow-up pathway per governorate and gender: how many of those trained
-- reached each stage. Governorate 'unknown' for people with none.
-- params: filters struct
-- columns: governorate_pcode varchar, gender varchar, n_trained bigint, n_followed_up bigint, n_applied_learning bigint, n_tot_selected bigint, n_tot_completed bigint

with
people as (
    select * from people_in_scope($filters)
),

final as (
    select
        coalesce(governorate_pcode, 'unknown') as governorate_pcode,
        gender,
        count(*) as n_trained,
        count(*) filter (where followed_up) as n_followed_up,
        count(*) filter (where applied_learning) as n_applied_learning,
        count(*) filter (where tot_selected) as n_tot_selected,
        count(*) filter (where tot_completed) as n_tot_completed
    from people
    group by all
    order by governorate_pcode, gender
)

select * from final
