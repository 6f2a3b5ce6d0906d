-- The uploads that the rows under the filters come from: the rosters of the
-- enrolments, and the follow-up trackers of the people in them.
-- params: filters struct
-- columns: upload_id integer, file_name varchar, uploaded_by varchar, uploaded_at timestamp

with
enrolments as (
    select * from enrolments_in_scope($filters)
),

sources as (
    select upload_id from enrolments
    union
    select upload_id from follow_ups_in_scope($filters)
    where participant_id in (select participant_id from enrolments)
)

select u.upload_id, u.file_name, u.uploaded_by, u.uploaded_at
from uploads u
where u.upload_id in (select upload_id from sources)
order by u.upload_id
