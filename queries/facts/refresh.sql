-- Refill the dashboard's read tables (dashboard/migrations/004_facts.sql) from
-- the data as it now stands: inside every write that changes the data, after
-- facts/reconcile.sql (Store.refresh), so readers never see them stale; and,
-- on a shared PostgreSQL store, in each app process whose tables are older
-- than the shared data version (dashboard/store/postgres.py).
-- columns: none

truncate fact_enrolments;
insert into fact_enrolments
select * from enrolment_facts
order by start_date, course_id;  -- row groups by date: date filters skip the rest

truncate fact_people;
insert into fact_people
select * from people_described(everyone())
order by governorate_pcode, gender;

truncate fact_course_cells;
insert into fact_course_cells
select * from course_cells(everyone());

update facts_version set version = (select version from data_version)
