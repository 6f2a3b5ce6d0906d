-- One entry in the audit log: who did what, with what it touched.
-- params: actor varchar, action varchar, details json
-- columns: none
insert into audit_log (actor, action, details) values ($actor, $action, $details)
