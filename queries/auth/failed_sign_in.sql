-- A wrong password: counted, and past the limit the account waits.
-- params: email varchar, max_failures integer, lock_minutes integer
-- columns: none
update users set
    failed_sign_ins = failed_sign_ins + 1,
    locked_until = case
        when failed_sign_ins + 1 >= $max_failures
            then current_timestamp::timestamp + to_minutes($lock_minutes::bigint)
        else locked_until
    end
where email = $email
