-- What the audit log can be narrowed to: each actor and each action in it.
-- columns: kind varchar, value varchar
select distinct 'actor' as kind, actor as value from audit_log
union all
select distinct 'action', action from audit_log
order by kind, value
