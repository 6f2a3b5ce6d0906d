-- The courses that have enrolments, in any upload: what the sidebar's course
-- and programme filters offer (queries/filter_options.sql), refilled with the
-- other read tables in every write that changes the data
-- (queries/facts/refresh.sql). Found from fact_enrolments at each view, the
-- sidebar read every enrolment (60 ms on every page at 10M enrolments).

create table fact_courses_offered (
    course_id integer
);

-- Filled on the next open (the read tables are then older than the data).
update facts_version set version = -1;
