-- Course numbers as upload numbers are given: the one after the last, under
-- the write lock (queries/ingest/insert_courses.sql), the same way on the
-- embedded and the shared store, where a DuckDB sequence would be this
-- process's alone. The sequence's default goes, so that nothing numbers a
-- course any other way.
alter table courses alter column course_id drop default;
drop sequence course_id_seq;
