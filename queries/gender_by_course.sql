-- Participants of each course in scope by gender.
-- params: programmes varchar[], courses varchar[], governorates varchar[], gender varchar, date_from date, date_to date, statuses varchar[], stage varchar
-- columns: course_name varchar, start_date date, n_participants bigint, n_women bigint, n_men bigint, n_gender_unknown bigint

select course_name, start_date, n_participants, n_women, n_men, n_gender_unknown
from courses_in_scope($programmes, $courses, $governorates, $gender, $date_from, $date_to, $statuses, $stage)
order by start_date nulls last, course_name
