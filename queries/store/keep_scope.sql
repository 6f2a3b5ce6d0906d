-- Keep one filter set's scope (Store.kept), as far as asked: its people and
-- their counts by cell (when the filters do not keep the stored read tables'
-- scope), its cells by stage reached (when a query reads courses).
-- $filters name no governorate, gender or stage (those narrow what is kept)
-- and carry $scope, so the cells join the people just kept (or fact_people).
-- Returns how many rows were kept.
-- params: scope integer, filters struct, people boolean, cells boolean
-- columns: n_rows bigint
insert into scopes.people
select $scope, *
from people_described($filters)
where $people;

insert into scopes.people_cells
select $scope, *
from people_counted($filters)
where $people;

insert into scopes.cells
select $scope, *
from course_stage_cells($filters)
where $cells;

select
    (select count(*) from scopes.people where scope = $scope)
    + (select count(*) from scopes.people_cells where scope = $scope)
    + (select count(*) from scopes.cells where scope = $scope) as n_rows
