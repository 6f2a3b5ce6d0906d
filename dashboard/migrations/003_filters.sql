-- The shared filters (dashboard/filters.py) reach every query through these
-- macros: programme, course, governorate, gender, course dates and the status
-- of the uploads that count. NULL means "all", except statuses: NULL counts
-- active uploads only. Governorate 'unknown' selects people with none.

create view enrolment_facts as
select
    e.*,
    p.full_name,
    p.name_key,
    p.gender,
    p.governorate_pcode,
    c.course_name,
    c.programme,
    u.status as upload_status
from enrolments e
join uploads u using (upload_id)
join participants p using (participant_id)
join courses c using (course_id);

create or replace macro enrolments_in_scope(
    programmes, courses, governorates, gender_, date_from, date_to, statuses
) as table
select *
from enrolment_facts
where list_contains(coalesce(statuses, ['active']), upload_status)
  and (programmes is null or list_contains(programmes, coalesce(programme, '')))
  and (courses is null or list_contains(courses, course_name))
  and (governorates is null or list_contains(governorates, coalesce(governorate_pcode, 'unknown')))
  and (gender_ is null or gender = gender_)
  and (date_from is null or start_date >= date_from)
  and (date_to is null or start_date <= date_to);

create or replace macro people_in_scope(
    programmes, courses, governorates, gender_, date_from, date_to, statuses
) as table
select distinct participant_id, gender, governorate_pcode
from enrolments_in_scope(programmes, courses, governorates, gender_, date_from, date_to, statuses);

-- Follow-up stages and targets of the uploads that count.
create macro follow_ups_in_scope(statuses) as table
select f.*
from follow_ups f
join uploads u using (upload_id)
where list_contains(coalesce(statuses, ['active']), u.status);

create macro targets_in_scope(statuses) as table
select t.*
from targets t
join uploads u using (upload_id)
where list_contains(coalesce(statuses, ['active']), u.status);
