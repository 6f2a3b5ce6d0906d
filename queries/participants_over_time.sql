-- New participants per day their first course in scope started. Days without
-- new people are not listed.
-- params: programmes varchar[], courses varchar[], governorates varchar[], gender varchar, date_from date, date_to date, statuses varchar[], stage varchar
-- columns: day date, n_new bigint

with
people as (
    select * from people_in_scope($programmes, $courses, $governorates, $gender, $date_from, $date_to, $statuses, $stage)
),

final as (
    select first_course as day, count(*) as n_new
    from people
    where first_course is not null
    group by first_course
    order by day
)

select * from final
