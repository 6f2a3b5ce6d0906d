-- An account closed (or opened again): a closed one cannot sign in.
-- params: email varchar, is_disabled boolean
-- columns: none
update users set is_disabled = $is_disabled where email = $email
