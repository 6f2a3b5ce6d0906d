-- How many accounts there are: with none, Oversight runs in local mode.
-- columns: n bigint
select count(*) as n from users
