-- New participants per day their first course in scope started, and the
-- running total. Days without new people are not listed.
-- params: programmes varchar[], courses varchar[], governorates varchar[], gender varchar, date_from date, date_to date, statuses varchar[]
-- columns: day date, n_new bigint

with
enrolments as (
    select * from enrolments_in_scope($programmes, $courses, $governorates, $gender, $date_from, $date_to, $statuses)
),

firsts as (
    select participant_id, min(start_date) as day
    from enrolments
    where start_date is not null
    group by participant_id
),

final as (
    select day, count(*) as n_new
    from firsts
    group by day
    order by day
)

select * from final
