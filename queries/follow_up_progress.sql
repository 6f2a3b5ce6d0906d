-- How far the people trained got along the follow-up pathway: one row, a
-- count per stage. A person counts at each stage recorded for them.
-- params: programmes varchar[], courses varchar[], governorates varchar[], gender varchar, date_from date, date_to date, statuses varchar[], stage varchar
-- columns: n_trained bigint, n_followed_up bigint, n_applied_learning bigint, n_tot_selected bigint, n_tot_completed bigint

with
people as (
    select * from people_in_scope($programmes, $courses, $governorates, $gender, $date_from, $date_to, $statuses, $stage)
),

final as (
    select
        count(*) as n_trained,
        count(*) filter (where followed_up) as n_followed_up,
        count(*) filter (where applied_learning) as n_applied_learning,
        count(*) filter (where tot_selected) as n_tot_selected,
        count(*) filter (where tot_completed) as n_tot_completed
    from people
)

select * from final
