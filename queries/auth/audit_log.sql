-- The audit log, newest first, narrowed to an actor and an action (each
-- NULL: all) and to entries from $since and until $until (each NULL: open).
-- params: actor varchar, action varchar, since timestamp, until timestamp
-- columns: audit_id bigint, happened_at timestamp, actor varchar, action varchar, details json
select audit_id, happened_at, actor, action, details
from audit_log
where ($actor is null or actor = $actor)
  and ($action is null or action = $action)
  and ($since is null or happened_at >= $since)
  and ($until is null or happened_at < $until)
order by audit_id desc
