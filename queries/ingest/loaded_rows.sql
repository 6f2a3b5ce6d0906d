-- The staged rows that will load, each with its participant: temp table
-- `loaded`, joined once for the inserts that follow.
-- columns: none
create or replace temp table loaded as
select s.*, m.participant_id
from staged s
join matched m using (row_number)
where m.participant_id is not null
