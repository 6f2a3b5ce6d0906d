-- Refill the dashboard's read tables (dashboard/migrations/004_facts.sql,
-- 011_checks_kept.sql, 012_people_cells.sql and 013_courses_offered.sql) from
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

truncate fact_people_cells;
insert into fact_people_cells
select * from people_counted(everyone());

truncate fact_courses_offered;
insert into fact_courses_offered
select distinct course_id from fact_enrolments;

truncate fact_course_cells;
insert into fact_course_cells
select * from course_cells(everyone());

-- People who may be one person entered twice: the same folded name in
-- different governorates (or one with none), among the people of active
-- uploads. Each record's governorate as a P-code (pcodes) and, where none
-- matched, as written (written, in the same order).
truncate fact_duplicates;
insert into fact_duplicates
with
repeated as (
    select name_key from people_in_scope(everyone()) group by name_key having count(*) > 1
),

people as (
    select participant_id, p.full_name, name_key, p.governorate_pcode, p.governorate_raw
    from people_in_scope(everyone())
    join repeated using (name_key)
    join participants p using (participant_id, name_key)
)

select
    name_key,
    min(full_name) as full_name,
    list(governorate_pcode order by governorate_pcode nulls last, governorate_raw) as pcodes,
    list(governorate_raw order by governorate_pcode nulls last, governorate_raw) as written,
    count(*) as n_records
from people
group by name_key;

-- How complete and consistent the data of active uploads is: one row.
-- Dates outside: attendance outside its course's dates, and rows whose
-- course started after it ended (rejected, so not an enrolment, but a dates
-- problem all the same).
truncate fact_quality;
insert into fact_quality
select
    (select count(*) from people_in_scope(everyone())) as n_participants,
    (select count(*) from people_in_scope(everyone()) where gender <> 'unknown') as n_gender_known,
    (select count(*) from people_in_scope(everyone()) where governorate_pcode is not null)
        as n_governorate_known,
    (select count(*) from enrolments_in_scope(everyone()) e
        join courses c using (course_id)
        where e.start_date < c.start_date or e.end_date > c.end_date)
    + (select count(*) from rejected_rows r join uploads u using (upload_id)
        where u.status = 'active' and r.reason_key = 'ingest.reject.start_after_end')
        as n_dates_outside,
    (select coalesce(sum(n_rows_rejected), 0) from uploads where status = 'active')::bigint as n_rejected;

update facts_version set version = (select version from data_version)
