-- How far trained participants went after the course.
-- One row: participants who reached each stage of the pathway.
-- params: programmes varchar[], courses varchar[], governorates varchar[], gender varchar, date_from date, date_to date, statuses varchar[]
-- columns: n_trained bigint, n_followed_up bigint, n_applied_learning bigint, n_tot_selected bigint, n_tot_completed bigint

with
enrolments as (
    select * from enrolments_in_scope($programmes, $courses, $governorates, $gender, $date_from, $date_to, $statuses)
),

trained as (
    select distinct participant_id from enrolments
),

reached as (
    select distinct f.participant_id, f.stage
    from follow_ups_in_scope($statuses) f
    semi join trained t on t.participant_id = f.participant_id
),

final as (
    select
        (select count(*) from trained) as n_trained,
        count(*) filter (where stage = 'followed_up') as n_followed_up,
        count(*) filter (where stage = 'applied_learning') as n_applied_learning,
        count(*) filter (where stage = 'tot_selected') as n_tot_selected,
        count(*) filter (where stage = 'tot_completed') as n_tot_completed
    from reached
)

select * from final
