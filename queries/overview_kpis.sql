-- The headline numbers of the programme.
-- One row. A participant counts once, however many courses they attended.
-- params: filters struct
-- columns: n_participants bigint, n_women bigint, n_men bigint, n_gender_unknown bigint, n_governorates bigint, n_courses bigint, first_course_on date, last_course_ended_on date

with
people as (
    select * from people_in_scope($filters)
),

final as (
    select
        count(*) as n_participants,
        count(*) filter (where gender = 'female') as n_women,
        count(*) filter (where gender = 'male') as n_men,
        count(*) filter (where gender = 'unknown') as n_gender_unknown,
        count(distinct governorate_pcode) as n_governorates,
        (select count(*) from courses_in_scope($filters))
            as n_courses,
        min(first_course) as first_course_on,
        max(last_course) as last_course_ended_on
    from people
)

select * from final
