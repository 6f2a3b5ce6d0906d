-- The uploads that the rows under the filters come from: the rosters of the
-- enrolments, and the follow-up trackers of the people in them.
-- params: programmes varchar[], courses varchar[], governorates varchar[], gender varchar, date_from date, date_to date, statuses varchar[], stage varchar
-- columns: upload_id integer, file_name varchar, uploaded_by varchar, uploaded_at timestamp

with
enrolments as (
    select * from enrolments_in_scope($programmes, $courses, $governorates, $gender, $date_from, $date_to, $statuses, $stage)
),

sources as (
    select upload_id from enrolments
    union
    select upload_id from follow_ups_in_scope($statuses)
    where participant_id in (select participant_id from enrolments)
)

select u.upload_id, u.file_name, u.uploaded_by, u.uploaded_at
from uploads u
where u.upload_id in (select upload_id from sources)
order by u.upload_id
