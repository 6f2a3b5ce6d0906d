-- A right password: the count of failures starts again.
-- params: email varchar
-- columns: none
update users set failed_sign_ins = 0, locked_until = null where email = $email
