-- Participants of each course in scope by gender.
-- params: programmes varchar[], courses varchar[], governorates varchar[], gender varchar, date_from date, date_to date, statuses varchar[]
-- columns: course_name varchar, start_date date, n_participants bigint, n_women bigint, n_men bigint, n_gender_unknown bigint

with
enrolments as (
    select * from enrolments_in_scope($programmes, $courses, $governorates, $gender, $date_from, $date_to, $statuses)
),

final as (
    select
        course_name,
        min(start_date) as start_date,
        count(distinct participant_id) as n_participants,
        count(distinct participant_id) filter (where gender = 'female') as n_women,
        count(distinct participant_id) filter (where gender = 'male') as n_men,
        count(distinct participant_id) filter (where gender = 'unknown') as n_gender_unknown
    from enrolments
    group by course_name
    order by min(start_date) nulls last, course_name
)

select * from final
