-- Every account, for the administrator: never the password hash.
-- columns: email varchar, role varchar, governorates varchar[], is_disabled boolean, is_locked boolean, created_at timestamp, created_by varchar
select
    email, role, governorates, is_disabled,
    coalesce(locked_until > current_timestamp::timestamp, false) as is_locked,
    created_at, created_by
from users
order by email
