-- The headline numbers of the programme.
-- One row. A participant counts once, however many courses they attended.
-- params: programmes varchar[], courses varchar[], governorates varchar[], gender varchar, date_from date, date_to date, statuses varchar[], stage varchar
-- columns: n_participants bigint, n_women bigint, n_men bigint, n_gender_unknown bigint, n_governorates bigint, n_courses bigint, first_course_on date, last_course_ended_on date

with
people as (
    select * from people_in_scope($programmes, $courses, $governorates, $gender, $date_from, $date_to, $statuses, $stage)
),

final as (
    select
        count(*) as n_participants,
        count(*) filter (where gender = 'female') as n_women,
        count(*) filter (where gender = 'male') as n_men,
        count(*) filter (where gender = 'unknown') as n_gender_unknown,
        count(distinct governorate_pcode) as n_governorates,
        (select count(*) from courses_in_scope($programmes, $courses, $governorates, $gender, $date_from, $date_to, $statuses, $stage))
            as n_courses,
        min(first_course) as first_course_on,
        max(last_course) as last_course_ended_on
    from people
)

select * from final
