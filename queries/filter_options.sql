-- What the sidebar filters offer: every course with its programme and dates.
-- columns: course_name varchar, programme varchar, start_date date, end_date date

select course_name, programme, start_date, end_date
from courses
where course_id in (select course_id from fact_courses_offered)
order by start_date nulls last, course_name
