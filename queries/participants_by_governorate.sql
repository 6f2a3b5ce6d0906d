-- Participants by governorate and gender.
-- One row per governorate × gender with at least one participant; participants
-- whose governorate is unknown are one row with governorate_pcode null. Codes
-- only: the caller names them in the reader's language (filters.governorate_name).
-- params: filters struct
-- columns: governorate_pcode varchar, gender varchar, n_participants bigint

with
cells as (
    select * from people_cells($filters)
),

counted as (
    select governorate_pcode, gender, sum(n_people)::bigint as n_participants
    from cells
    group by governorate_pcode, gender
),

final as (
    select governorate_pcode, gender, n_participants
    from counted
    order by governorate_pcode nulls last, gender
)

select * from final
