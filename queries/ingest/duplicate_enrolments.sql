-- Rows of one sheet that list a person again for the same course: set aside
-- from `matched` and returned as (row_number, first_row) to be rejected.
create or replace temp table duplicate_rows as
select row_number, first_row
from (
    select
        row_number,
        min(row_number) over (partition by participant_id, course_key) as first_row
    from matched
    join staged using (row_number)
)
where row_number <> first_row;

delete from matched where row_number in (select row_number from duplicate_rows);

select row_number, first_row from duplicate_rows order by row_number
