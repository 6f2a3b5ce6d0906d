-- The people of the default scope counted by governorate, gender and the
-- follow-up stages reached, with the dates of their first and last course:
-- a few hundred rows from which the pages' counts are summed
-- (queries/scope/scope.sql, people_cells), refilled with the other read
-- tables in every write that changes the data (queries/facts/refresh.sql).
-- Counted from fact_people at each view, each count read every person (40-80
-- ms a chart at 10M enrolments).

create table fact_people_cells (
    governorate_pcode varchar,
    gender varchar,
    followed_up boolean,
    applied_learning boolean,
    tot_selected boolean,
    tot_completed boolean,
    first_course date,
    last_course date,
    n_people bigint
);

-- Filled on the next open (the read tables are then older than the data).
update facts_version set version = -1;
