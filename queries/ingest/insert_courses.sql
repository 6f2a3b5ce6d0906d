-- Courses named in the staged enrolments that are not known yet.
-- columns: none
insert into courses (course_key, course_name, programme, start_date, end_date)
select course_key, min(course_name), min(programme), min(start_date), max(end_date)
from staged
where course_key not in (select course_key from courses)
  and row_number in (select row_number from matched)
group by course_key
