-- A new account.
-- params: email varchar, role varchar, governorates varchar[], password_hash varchar, created_by varchar
-- columns: none
insert into users (email, role, governorates, password_hash, created_by)
values ($email, $role, $governorates, $password_hash, $created_by)
