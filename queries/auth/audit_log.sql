-- The audit log, newest first.
-- columns: audit_id bigint, happened_at timestamp, actor varchar, action varchar, details json
select audit_id, happened_at, actor, action, details
from audit_log
order by audit_id desc
