-- An account's role and governorates (null: every governorate).
-- params: email varchar, role varchar, governorates varchar[]
-- columns: none
update users set role = $role, governorates = $governorates where email = $email
