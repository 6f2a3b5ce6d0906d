-- Rows of one roster sheet that list a person again for the same course:
-- removed from `staged_people` and returned to be rejected, before anything
-- about the person is taken from them.
-- columns: row_number integer, first_row integer
create or replace temp table duplicate_rows as
select row_number, first_row
from (
    select
        row_number,
        min(row_number) over (partition by person_key, course_key) as first_row
    from staged_people
    join staged using (row_number)
)
where row_number <> first_row;

delete from staged_people where row_number in (select row_number from duplicate_rows);

select row_number, first_row from duplicate_rows order by row_number
