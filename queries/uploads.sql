-- Every upload, newest first: who, when, what, how many rows, and its status.
-- columns: upload_id integer, file_name varchar, uploaded_by varchar, uploaded_at timestamp, status varchar, kinds varchar[], n_rows_read integer, n_rows_loaded integer, n_rows_rejected integer, replaces_upload_id integer, replaced_by_upload_id integer, size_bytes bigint, sha256 varchar

select
    u.upload_id,
    u.file_name,
    u.uploaded_by,
    u.uploaded_at,
    u.status,
    u.kinds,
    u.n_rows_read,
    u.n_rows_loaded,
    u.n_rows_rejected,
    u.replaces_upload_id,
    (select max(r.upload_id) from uploads r where r.replaces_upload_id = u.upload_id)
        as replaced_by_upload_id,
    u.size_bytes,
    u.sha256
from uploads u
order by u.upload_id desc
