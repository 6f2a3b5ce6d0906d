-- Read tables for the dashboard, so that its queries scan one table instead of
-- joining four at every click. They hold nothing new: each is what a macro
-- below computes, stored. queries/facts/refresh.sql refills them inside every
-- write that changes the data (Store.write), so they are never stale, and
-- facts_version says which data_version they were built from.
--
--   fact_enrolments    every enrolment with its dates, its person's gender and
--                      governorate, and its upload's status
--   fact_people        one row per person in the default scope (active uploads,
--                      no programme, course or date filter): what they took and
--                      how far along the follow-up pathway they got
--   fact_course_cells  per course, governorate and gender of the default scope:
--                      how many people
--
-- people_in_scope and courses_in_scope read the stored rows when the filters
-- keep the default scope (governorate and gender still narrow them: a person
-- has one of each; so does the follow-up stage reached, for people), and
-- compute them from fact_enrolments otherwise. DuckDB folds the bound
-- parameters, so only one branch runs. The filters reach every query through
-- eight parameters (dashboard/filters.py): programmes, courses, governorates,
-- gender, course dates, the statuses of the uploads that count (NULL: active
-- only) and the follow-up stage reached; NULL means all.

-- 001's first views of the active rows are read by nothing since the macros
-- of 003 and this file.
drop view active_enrolments;
drop view active_follow_ups;
drop view active_targets;

create or replace view enrolment_facts as
select
    e.participant_id,
    e.course_id,
    e.upload_id,
    e.start_date,
    e.end_date,
    coalesce(e.end_date, e.start_date) as ended,
    p.gender,
    p.governorate_pcode,
    u.status as upload_status
from enrolments e
join uploads u using (upload_id)
join participants p using (participant_id);

create table fact_enrolments as select * from enrolment_facts with no data;

create or replace macro enrolments_in_scope(
    programmes, courses, governorates, gender_, date_from, date_to, statuses, stage_
) as table
select *
from fact_enrolments
where list_contains(coalesce(statuses, ['active']), upload_status)
  and (programmes is null and courses is null or course_id in (
      select course_id from courses
      where (programmes is null or list_contains(programmes, coalesce(programme, '')))
        and (courses is null or list_contains(courses, course_name))
  ))
  and (governorates is null or list_contains(governorates, coalesce(governorate_pcode, 'unknown')))
  and (gender_ is null or gender = gender_)
  and (date_from is null or start_date >= date_from)
  and (date_to is null or start_date <= date_to)
  and (stage_ is null or participant_id in (
      select participant_id from follow_ups_in_scope(statuses) where stage = stage_
  ));

-- Whether the filters keep the scope that the fact tables hold.
create macro is_default_scope(programmes, courses, date_from, date_to, statuses) as
    programmes is null and courses is null and date_from is null and date_to is null
    and coalesce(statuses, ['active']) = ['active'];

-- One row per person with an enrolment in scope: who they are (and their
-- folded name, which the participant list sorts and searches), the courses
-- they took in scope, and the follow-up stages recorded for them (stage_rank:
-- the furthest, 1-4 in pathway order; NULL when none is recorded).
create macro people_described(
    programmes, courses, governorates, gender_, date_from, date_to, statuses, stage_
) as table
with
taken as (
    select
        participant_id,
        any_value(gender) as gender,
        any_value(governorate_pcode) as governorate_pcode,
        min(start_date) as first_course,
        max(ended) as last_course,
        arg_max(course_id, ended) as last_course_id,
        count(distinct course_id) as n_courses
    from enrolments_in_scope(programmes, courses, governorates, gender_, date_from, date_to, statuses, stage_)
    group by participant_id
),

reached as (
    select
        participant_id,
        max(list_position(['followed_up', 'applied_learning', 'tot_selected', 'tot_completed'], stage))
            as stage_rank,
        bool_or(stage = 'followed_up') as followed_up,
        bool_or(stage = 'applied_learning') as applied_learning,
        bool_or(stage = 'tot_selected') as tot_selected,
        bool_or(stage = 'tot_completed') as tot_completed
    from follow_ups_in_scope(statuses)
    group by participant_id
)

select
    t.*,
    p.name_key,
    r.stage_rank,
    coalesce(r.followed_up, false) as followed_up,
    coalesce(r.applied_learning, false) as applied_learning,
    coalesce(r.tot_selected, false) as tot_selected,
    coalesce(r.tot_completed, false) as tot_completed
from taken t
join participants p using (participant_id)
left join reached r using (participant_id);

create table fact_people as
select * from people_described(null, null, null, null, null, null, null, null) with no data;

create or replace macro people_in_scope(
    programmes, courses, governorates, gender_, date_from, date_to, statuses, stage_
) as table
select *
from fact_people
where is_default_scope(programmes, courses, date_from, date_to, statuses)
  and (governorates is null or list_contains(governorates, coalesce(governorate_pcode, 'unknown')))
  and (gender_ is null or gender = gender_)
  and (stage_ is null or case stage_
      when 'followed_up' then followed_up
      when 'applied_learning' then applied_learning
      when 'tot_selected' then tot_selected
      when 'tot_completed' then tot_completed
  end)
union all
select *
from people_described(programmes, courses, governorates, gender_, date_from, date_to, statuses, stage_)
where not is_default_scope(programmes, courses, date_from, date_to, statuses);

-- People per course, governorate and gender. A person has one governorate and
-- one gender, so these counts add up across cells without counting anyone twice.
create macro course_cells(
    programmes, courses, governorates, gender_, date_from, date_to, statuses, stage_
) as table
select
    course_id,
    governorate_pcode,
    gender,
    min(start_date) as start_date,
    count(distinct participant_id) as n_participants
from enrolments_in_scope(programmes, courses, governorates, gender_, date_from, date_to, statuses, stage_)
group by all;

create table fact_course_cells as
select * from course_cells(null, null, null, null, null, null, null, null) with no data;

-- One row per course in scope, with its people by gender.
create macro courses_in_scope(
    programmes, courses, governorates, gender_, date_from, date_to, statuses, stage_
) as table
with cells as (
    select *
    from fact_course_cells
    where is_default_scope(programmes, courses, date_from, date_to, statuses) and stage_ is null
      and (governorates is null or list_contains(governorates, coalesce(governorate_pcode, 'unknown')))
      and (gender_ is null or gender = gender_)
    union all
    select *
    from course_cells(programmes, courses, governorates, gender_, date_from, date_to, statuses, stage_)
    where not (is_default_scope(programmes, courses, date_from, date_to, statuses) and stage_ is null)
)
select
    c.course_id,
    c.course_name,
    c.programme,
    min(cells.start_date) as start_date,
    sum(n_participants)::bigint as n_participants,
    coalesce(sum(n_participants) filter (where gender = 'female'), 0)::bigint as n_women,
    coalesce(sum(n_participants) filter (where gender = 'male'), 0)::bigint as n_men,
    coalesce(sum(n_participants) filter (where gender = 'unknown'), 0)::bigint as n_gender_unknown
from cells
join courses c using (course_id)
group by all;

create table facts_version (version bigint not null);
insert into facts_version values (-1);
