-- The uploads that the enrolments under the filters come from.
-- params: programmes varchar[], courses varchar[], governorates varchar[], gender varchar, date_from date, date_to date, statuses varchar[]
-- columns: upload_id integer, file_name varchar, uploaded_by varchar, uploaded_at timestamp

select u.upload_id, u.file_name, u.uploaded_by, u.uploaded_at
from uploads u
where u.upload_id in (select upload_id from enrolments_in_scope($programmes, $courses, $governorates, $gender, $date_from, $date_to, $statuses))
order by u.upload_id
