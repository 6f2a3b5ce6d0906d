-- Participants of each course in scope by gender.
-- params: filters struct
-- columns: course_name varchar, start_date date, n_participants bigint, n_women bigint, n_men bigint, n_gender_unknown bigint

select course_name, start_date, n_participants, n_women, n_men, n_gender_unknown
from courses_in_scope($filters)
order by start_date nulls last, course_name
