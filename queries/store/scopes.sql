-- Where this process keeps the scopes of the filter sets it has been asked
-- for (dashboard/store/base.py, Store.kept): an in-memory database of its own,
-- never the data of record, so nothing kept is ever written to the file or
-- to PostgreSQL. Rows of one scope are inserted together, so a query for one
-- reads its row groups alone. Made on every open, after the scope macros.
-- columns: none
attach if not exists ':memory:' as scopes;

create or replace table scopes.people as
select 0 as scope, * from people_described(everyone()) with no data;

-- A stage filter then narrows the cells instead of computing them again.
create or replace table scopes.cells as
select 0 as scope, * from course_stage_cells(everyone()) with no data;

-- Its people counted by cell (people_cells), so counts sum a few hundred rows.
create or replace table scopes.people_cells as
select 0 as scope, * from fact_people_cells with no data
