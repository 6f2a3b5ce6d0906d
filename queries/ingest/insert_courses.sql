-- Courses named in the staged enrolments that are not known yet, numbered
-- in the order the sheet first names them, after the last course known
-- (writes are serialised, in a process and across processes: Store.write;
-- a sequence is the embedded store's alone, not PostgreSQL's through DuckDB).
-- columns: none
create or replace temp table new_courses as
select course_key, min(course_name) as course_name, min(programme) as programme,
    min(start_date) as start_date, max(end_date) as end_date,
    row_number() over (order by min(row_number)) as k
from loaded
where course_key not in (select course_key from courses)
group by course_key;

insert into courses (course_id, course_key, course_name, programme, start_date, end_date)
select
    (select coalesce(max(course_id), 0) from courses) + c.k,
    c.course_key, c.course_name, c.programme, c.start_date, c.end_date
from new_courses c
