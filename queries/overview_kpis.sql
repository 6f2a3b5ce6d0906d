-- The headline numbers of the programme.
-- One row. A participant counts once, however many courses they attended.
-- params: programmes varchar[], courses varchar[], governorates varchar[], gender varchar, date_from date, date_to date, statuses varchar[]
-- columns: n_participants bigint, n_women bigint, n_men bigint, n_gender_unknown bigint, n_governorates bigint, n_courses bigint, first_course_on date, last_course_ended_on date

with
enrolments as (
    select * from enrolments_in_scope($programmes, $courses, $governorates, $gender, $date_from, $date_to, $statuses)
),

people as (
    select * from people_in_scope($programmes, $courses, $governorates, $gender, $date_from, $date_to, $statuses)
),

final as (
    select
        (select count(*) from people) as n_participants,
        (select count(*) from people where gender = 'female') as n_women,
        (select count(*) from people where gender = 'male') as n_men,
        (select count(*) from people where gender = 'unknown') as n_gender_unknown,
        (select count(distinct governorate_pcode) from people) as n_governorates,
        (select count(distinct course_id) from enrolments) as n_courses,
        (select min(start_date) from enrolments) as first_course_on,
        (select max(end_date) from enrolments) as last_course_ended_on
)

select * from final
