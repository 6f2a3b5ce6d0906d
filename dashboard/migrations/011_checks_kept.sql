-- The Uploads page's checks of all the data (active uploads, no filter) kept
-- as read tables, refilled with the others in every write that changes the
-- data (queries/facts/refresh.sql): computed at each view, they grouped
-- every person's name and counted every person whatever the filter (0.5 s of
-- the page at 10M enrolments).
--
--   fact_duplicates   people who may be one person entered twice
--                     (queries/possible_duplicates.sql reads it)
--   fact_quality      one row of counts of how complete the data is
--                     (queries/data_quality.sql reads it)

create table fact_duplicates (
    name_key varchar,
    full_name varchar,
    pcodes varchar[],
    written varchar[],
    n_records bigint
);

create table fact_quality (
    n_participants bigint,
    n_gender_known bigint,
    n_governorate_known bigint,
    n_dates_outside bigint,
    n_rejected bigint
);

-- Filled on the next open (the read tables are then older than the data).
update facts_version set version = -1;
