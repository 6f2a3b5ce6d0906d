-- One account, by its folded email.
-- params: email varchar
-- columns: email varchar, role varchar, governorates varchar[], password_hash varchar, is_disabled boolean, failed_sign_ins integer, locked_until timestamp, is_locked boolean
select
    email, role, governorates, password_hash, is_disabled, failed_sign_ins, locked_until,
    coalesce(locked_until > current_timestamp::timestamp, false) as is_locked
from users
where email = $email
