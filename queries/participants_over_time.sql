-- New participants per month (the month of their first course in scope), and
-- the running total. Months without new people are not listed.
-- params: programmes varchar[], courses varchar[], governorates varchar[], gender varchar, date_from date, date_to date, statuses varchar[]
-- columns: month date, n_new bigint, n_total bigint

with
enrolments as (
    select * from enrolments_in_scope($programmes, $courses, $governorates, $gender, $date_from, $date_to, $statuses)
),

firsts as (
    select participant_id, date_trunc('month', min(start_date))::date as month
    from enrolments
    where start_date is not null
    group by participant_id
),

final as (
    select
        month,
        count(*) as n_new,
        sum(count(*)) over (order by month)::bigint as n_total
    from firsts
    group by month
    order by month
)

select * from final
