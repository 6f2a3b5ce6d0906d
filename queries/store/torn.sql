-- Whether any row belongs to an upload that did not commit whole: an upload
-- row without its commit mark, or rows pointing at no upload at all (a commit
-- killed while DuckDB wrote its log can leave either). Cheap: anti-joins.
-- columns: n_torn bigint
select
    (select count(*) from uploads where committed_at is null)
    + (select count(*) from enrolments e where not exists (
        select 1 from uploads u where u.upload_id = e.upload_id and u.committed_at is not null))
    + (select count(*) from follow_ups f where not exists (
        select 1 from uploads u where u.upload_id = f.upload_id and u.committed_at is not null))
    + (select count(*) from targets t where not exists (
        select 1 from uploads u where u.upload_id = t.upload_id and u.committed_at is not null))
    + (select count(*) from participants p where not exists (
        select 1 from uploads u where u.upload_id = p.first_upload_id and u.committed_at is not null))
    + (select count(*) from rejected_rows r where not exists (
        select 1 from uploads u where u.upload_id = r.upload_id and u.committed_at is not null))
    + (select count(*) from person_rows r where not exists (
        select 1 from uploads u where u.upload_id = r.upload_id and u.committed_at is not null))
    + (select count(*) from pending_follow_ups r where not exists (
        select 1 from uploads u where u.upload_id = r.upload_id and u.committed_at is not null))
    as n_torn
