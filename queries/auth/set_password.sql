-- A new password (a reset), which also lifts a lock.
-- params: email varchar, password_hash varchar
-- columns: none
update users set password_hash = $password_hash, failed_sign_ins = 0, locked_until = null
where email = $email
