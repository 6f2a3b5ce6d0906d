-- What a view counts: the scope macros every page's query reads through,
-- each taking the filters as one value, `f` (dashboard/filters.py,
-- Filters.params()): a struct of programmes, courses, governorates, gender,
-- date_from, date_to, statuses and stage, bound as $filters (NULL fields as
-- NULL; not cast to a declared type, which cost every query 3-6 ms of binding),
-- and scope: the number of the scope this process has kept for them (NULL:
-- none; dashboard/store/base.py, Store.kept), whose rows then stand in for
-- the computed ones.
-- Code, not schema: Store applies this file on every open (create or
-- replace), after the migrations, which keep the tables. A new filter means a
-- field in Filters and here.
-- columns: none

-- Everyone the stored read tables hold: no filter, active uploads.
create or replace macro everyone() as {
    'programmes': null, 'courses': null, 'governorates': null, 'gender': null,
    'date_from': null, 'date_to': null, 'statuses': ['active'], 'stage': null,
    'scope': null
};

-- The uploads whose rows count.
create or replace macro counts(f, status) as
    list_contains(coalesce(f['statuses'], ['active']), status);

-- Whether a person (by their follow-up flags) has reached the chosen stage.
create or replace macro chosen_stage(f, followed_up_, applied_learning_, tot_selected_, tot_completed_) as
    f['stage'] is null or case f['stage']
        when 'followed_up' then followed_up_
        when 'applied_learning' then applied_learning_
        when 'tot_selected' then tot_selected_
        when 'tot_completed' then tot_completed_
    end;

-- Whether a person's governorate and gender are among those chosen.
create or replace macro chosen_person(f, governorate_pcode_, gender_) as
    (f['governorates'] is null
        or list_contains(f['governorates'], coalesce(governorate_pcode_, 'unknown')))
    and (f['gender'] is null or gender_ = f['gender']);

-- Follow-up stages and targets of the uploads that count.
create or replace macro follow_ups_in_scope(f) as table
select fu.*
from follow_ups fu
join uploads u using (upload_id)
where counts(f, u.status);

create or replace macro targets_in_scope(f) as table
select t.*
from targets t
join uploads u using (upload_id)
where counts(f, u.status);

create or replace macro enrolments_in_scope(f) as table
select *
from fact_enrolments
where counts(f, upload_status)
  and (f['programmes'] is null and f['courses'] is null or course_id in (
      select course_id from courses
      where (f['programmes'] is null
             or list_contains(f['programmes'], coalesce(programme, '')))
        and (f['courses'] is null or list_contains(f['courses'], course_name))
  ))
  and chosen_person(f, governorate_pcode, gender)
  and (f['date_from'] is null or start_date >= f['date_from'])
  and (f['date_to'] is null or start_date <= f['date_to'])
  and (f['stage'] is null or participant_id in (
      select participant_id from follow_ups_in_scope(f) where stage = f['stage']
  ));

-- Whether the filters keep the scope that the stored read tables hold.
create or replace macro is_default_scope(f) as
    f['programmes'] is null and f['courses'] is null
    and f['date_from'] is null and f['date_to'] is null
    and coalesce(f['statuses'], ['active']) = ['active'];

-- One row per person with an enrolment in scope: who they are (and their
-- folded name, which the participant list sorts and searches), the courses
-- they took in scope, and the follow-up stages recorded for them (stage_rank:
-- the furthest, 1-4 in pathway order; NULL when none is recorded).
create or replace macro people_described(f) as table
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
    from enrolments_in_scope(f)
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
    from follow_ups_in_scope(f)
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

-- The people in scope: from the stored fact_people when the filters keep its
-- scope, from the scope kept for them when there is one, computed otherwise;
-- governorate, gender and stage then narrow them. The filters are constants,
-- so only one branch runs.
create or replace macro people_in_scope(f) as table
select *
from (
    select * from fact_people where is_default_scope(f)
    union all
    select * exclude (scope) from scopes.people
    where not is_default_scope(f) and f['scope'] is not null and scope = f['scope']
)
where chosen_person(f, governorate_pcode, gender)
  and chosen_stage(f, followed_up, applied_learning, tot_selected, tot_completed)
union all
select *
from people_described(f)
where not is_default_scope(f) and f['scope'] is null;

-- The people in scope counted (n_people) by governorate, gender and the
-- follow-up stages reached, with the dates of their first and last course:
-- what fact_people_cells holds for the default scope (queries/facts/refresh.sql)
-- and scopes.people_cells for a kept one (queries/store/keep_scope.sql).
create or replace macro people_counted(f) as table
select
    governorate_pcode, gender, followed_up, applied_learning, tot_selected, tot_completed,
    min(first_course) as first_course, max(last_course) as last_course, count(*) as n_people
from people_in_scope(f)
group by all;

-- The people in scope by cell, for a count that need not read every person:
-- the stored cells when the filters keep the default scope, the cells kept
-- for them when there are some, counted otherwise; governorate, gender and
-- stage narrow the cells as they narrow people.
create or replace macro people_cells(f) as table
select *
from (
    select * from fact_people_cells where is_default_scope(f)
    union all
    select * exclude (scope) from scopes.people_cells
    where not is_default_scope(f) and f['scope'] is not null and scope = f['scope']
)
where chosen_person(f, governorate_pcode, gender)
  and chosen_stage(f, followed_up, applied_learning, tot_selected, tot_completed)
union all
select *
from people_counted(f)
where not is_default_scope(f) and f['scope'] is null;

-- People per course, governorate and gender. A person has one governorate and
-- one gender, so these counts add up across cells without counting anyone twice.
create or replace macro course_cells(f) as table
select
    course_id,
    governorate_pcode,
    gender,
    min(start_date) as start_date,
    count(distinct participant_id) as n_participants
from enrolments_in_scope(f)
group by all;

-- People per course, governorate, gender and follow-up stages reached, of
-- the people in scope (fact_people, or the scope kept for the filters): what
-- a kept scope's cells hold, so that a stage filter narrows them as it
-- narrows people.
create or replace macro course_stage_cells(f) as table
select
    e.course_id,
    e.governorate_pcode,
    e.gender,
    p.followed_up,
    p.applied_learning,
    p.tot_selected,
    p.tot_completed,
    min(e.start_date) as start_date,
    count(distinct e.participant_id) as n_participants
from enrolments_in_scope(f) e
join people_in_scope(f) p using (participant_id)
group by all;

-- One row per course in scope, with its people by gender: from the stored
-- cells when the filters keep their scope and name no stage, from the cells
-- kept for them (which tell the stages apart) when there are some, computed
-- otherwise.
create or replace macro courses_in_scope(f) as table
with cells as (
    select course_id, governorate_pcode, gender, start_date, n_participants
    from fact_course_cells
    where is_default_scope(f) and f['stage'] is null
      and chosen_person(f, governorate_pcode, gender)
    union all
    select course_id, governorate_pcode, gender, start_date, n_participants
    from scopes.cells
    where not (is_default_scope(f) and f['stage'] is null)
      and f['scope'] is not null and scope = f['scope']
      and chosen_person(f, governorate_pcode, gender)
      and chosen_stage(f, followed_up, applied_learning, tot_selected, tot_completed)
    union all
    select *
    from course_cells(f)
    where not (is_default_scope(f) and f['stage'] is null) and f['scope'] is null
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
