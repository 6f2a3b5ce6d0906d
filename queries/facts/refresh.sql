-- Refill the dashboard's read tables (dashboard/migrations/004_facts.sql) from
-- the data as it now stands. Store.write runs this inside every write that
-- changes the data, after bumping data_version, so readers never see them stale.

truncate fact_enrolments;
insert into fact_enrolments
select * from enrolment_facts
order by start_date, course_id;  -- row groups by date: date filters skip the rest

truncate fact_people;
insert into fact_people
select * from people_described(null, null, null, null, null, null, null, null)
order by governorate_pcode, gender;

truncate fact_course_cells;
insert into fact_course_cells
select * from course_cells(null, null, null, null, null, null, null, null);

update facts_version set version = (select version from data_version);
