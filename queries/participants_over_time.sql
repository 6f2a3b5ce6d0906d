-- New participants per day their first course in scope started. Days without
-- new people are not listed.
-- params: filters struct
-- columns: day date, n_new bigint

with
people as (
    select * from people_in_scope($filters)
),

final as (
    select first_course as day, count(*) as n_new
    from people
    where first_course is not null
    group by first_course
    order by day
)

select * from final
