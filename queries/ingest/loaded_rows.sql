-- The staged rows that will load, each with its participant: temp view
-- `loaded`, for the inserts that follow. A view, not a table: each insert's
-- join costs a few milliseconds, a copy of every staged column far more.
-- columns: none
create or replace temp view loaded as
select s.*, m.participant_id
from staged s
join matched m using (row_number)
where m.participant_id is not null
